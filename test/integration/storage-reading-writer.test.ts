/**
 * The reading writer in front of a real DuckDB store: batching by size and time, flushing on
 * close, and a bounded queue that drops the oldest readings when storage falls behind.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { VitalsReading } from '../../src/domain/reading.ts';
import { createReadingWriter, type ReadingWriterOptions } from '../../src/storage/reading-writer.ts';
import { openStore, type SerializedReadings, type Store } from '../../src/storage/store.ts';

const T0 = 1_700_000_040_000;
/** Effectively "never" for timer-based flushes in tests that must not see one. */
const NO_TIMER = 600_000;

async function freshStore(t: TestContext): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-writer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore({ dataDir: dir });
  t.after(() => store.close());
  return store;
}

function writerFor(t: TestContext, store: Store, opts: ReadingWriterOptions) {
  const writer = createReadingWriter(store, opts);
  t.after(() => writer.close());
  return writer;
}

function reading(i: number): VitalsReading {
  return {
    eventId: `ev-${i}`, petId: `pet-${i % 3}`, deviceId: 'collar', ts: T0 + i * 100, seq: i,
    heartRate: 90, respiratoryRate: 24, temperatureC: 38.6, activity: 0.1, hrvMs: 50, batteryPct: 90, signalQuality: 1,
  };
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('the writer flushes as soon as maxBatch readings are queued, without waiting for the timer', async (t) => {
  const store = await freshStore(t);
  const writer = writerFor(t, store, { maxBatch: 100, flushMs: NO_TIMER });
  for (let i = 0; i < 99; i++) writer.add(reading(i));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(writer.stats().written, 0, 'below maxBatch nothing is written yet');
  writer.add(reading(99));
  await waitFor(() => writer.stats().written === 100, '100 written');
  assert.equal(writer.stats().queued, 0);
  assert.equal((await store.stats()).readings, 100);
});

test('the writer flushes a partial batch after flushMs', async (t) => {
  const store = await freshStore(t);
  const writer = writerFor(t, store, { maxBatch: 1000, flushMs: 30 });
  for (let i = 0; i < 3; i++) writer.add(reading(i));
  assert.deepEqual(
    { queued: writer.stats().queued, written: writer.stats().written },
    { queued: 3, written: 0 },
  );
  await waitFor(() => writer.stats().written === 3, 'timer flush');
  assert.equal((await store.stats()).readings, 3);
  assert.equal(typeof writer.stats().lastFlushMs, 'number');
});

test('close writes what is queued, stops the timer, and later adds are dropped', async (t) => {
  const store = await freshStore(t);
  const writer = writerFor(t, store, { maxBatch: 1000, flushMs: NO_TIMER });
  for (let i = 0; i < 7; i++) writer.add(reading(i));
  await writer.close();
  await writer.close(); // idempotent
  assert.deepEqual((await store.stats()).readings, 7);
  writer.add(reading(7));
  assert.deepEqual(writer.stats(), { queued: 0, written: 7, dropped: 1, failed: 0, rejected: 0, lastFlushMs: writer.stats().lastFlushMs });
});

test('flush resolves once everything queued at the call is stored, in batches of maxBatch', async (t) => {
  const store = await freshStore(t);
  const sizes: number[] = [];
  const counting = { appendSerialized: (b: SerializedReadings) => (sizes.push(b.lines.length), store.appendSerialized(b)) };
  const writer = createReadingWriter(counting, { maxBatch: 40, flushMs: NO_TIMER });
  t.after(() => writer.close());
  for (let i = 0; i < 100; i++) writer.add(reading(i));
  await writer.flush();
  assert.equal((await store.stats()).readings, 100);
  assert.deepEqual(sizes, [40, 40, 20]);
});

test('when the queue is full the oldest readings are dropped and counted', async (t) => {
  const store = await freshStore(t);
  const droppedIds: string[] = [];
  const writer = writerFor(t, store, {
    maxBatch: 100, maxQueued: 10, flushMs: NO_TIMER,
    onDrop: (eventId, total) => droppedIds.push(`${eventId}#${total}`),
  });
  for (let i = 0; i < 15; i++) writer.add(reading(i));
  assert.deepEqual(writer.stats(), { queued: 10, written: 0, dropped: 5, failed: 0, rejected: 0, lastFlushMs: null });
  assert.deepEqual(droppedIds, ['ev-0#1', 'ev-1#2', 'ev-2#3', 'ev-3#4', 'ev-4#5']);
  await writer.flush();
  const stored = await Promise.all([0, 1, 2].map((p) => store.queryVitals(`pet-${p}`, { from: T0, to: T0 + 10_000, resolution: 'raw' })));
  const ts = stored.flatMap((s) => s.points.map((p) => p.ts)).sort((a, b) => a - b);
  assert.deepEqual(ts, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((i) => T0 + i * 100));
});

test('a failing store counts the batch as failed and the writer keeps going', async (t) => {
  let calls = 0;
  const flaky = {
    appendSerialized: async (b: SerializedReadings) => {
      calls++;
      if (calls === 1) throw new Error('disk full');
      return b.lines.length;
    },
  };
  const logs: string[] = [];
  const writer = createReadingWriter(flaky, { maxBatch: 5, flushMs: NO_TIMER, log: (m) => logs.push(m) });
  t.after(() => writer.close());
  for (let i = 0; i < 8; i++) writer.add(reading(i));
  await writer.flush();
  assert.equal(writer.stats().failed, 5);
  assert.equal(writer.stats().written, 3);
  assert.deepEqual(logs, ['storage: writing 5 readings failed: disk full']);
});

test('readings are stored from the Kafka bytes they came in when those are one JSON line, and serialised again when not (a duplicate key, a line break)', async (t) => {
  const store = await freshStore(t);
  const writer = writerFor(t, store, { maxBatch: 1000, flushMs: NO_TIMER });
  const plain = reading(1);
  // Spaces, a unicode escape and an exponent: what any producer may send.
  const spaced = Buffer.from(JSON.stringify({ ...reading(2), heartRate: 1.2e2 }, null, 1).replaceAll('\n', ' ').replace('"ev-2"', '"ev\\u002d2"'));
  const dup = reading(3);
  const dupBytes = Buffer.from(JSON.stringify(dup).replace('"heartRate":90', '"heartRate":300,"heartRate":90'));
  const broken = reading(4);
  const brokenBytes = Buffer.from(JSON.stringify(broken, null, 2));
  const plainBytes = Buffer.from(JSON.stringify(plain));
  writer.add(plain, plainBytes);
  // The writer keeps its own copy: the client's buffer may be reused or pin a whole fetch.
  plainBytes.fill(0x20);
  writer.add({ ...reading(2), heartRate: 120 }, spaced);
  writer.add(dup, dupBytes);
  writer.add(broken, brokenBytes);
  await writer.flush();
  assert.deepEqual(writer.stats().failed, 0, 'no batch failed');
  const hr = async (petId: string, ts: number) => {
    const rows = await store.queryVitals(petId, { from: ts, to: ts, resolution: 'raw' });
    return rows.points.map((p) => p.heartRate);
  };
  assert.deepEqual(await hr(plain.petId, plain.ts), [90]);
  assert.deepEqual(await hr('pet-2', reading(2).ts), [120]);
  assert.deepEqual(await hr(dup.petId, dup.ts), [90], 'the value the analyzer saw (JSON.parse keeps the last), not the first');
  assert.deepEqual(await hr(broken.petId, broken.ts), [90]);
  assert.equal((await store.stats()).readings, 4);
});

test('a line the database refuses is isolated by halving its batch: only that reading is not stored, and it is counted as rejected, not failed', async (t) => {
  const store = await freshStore(t);
  const logs: string[] = [];
  const appended: number[] = [];
  const refusing = {
    appendSerialized: (b: SerializedReadings) => (appended.push(b.lines.length), store.appendSerialized(b)),
  };
  const writer = createReadingWriter(refusing, { maxBatch: 1000, flushMs: NO_TIMER, log: (m) => logs.push(m) });
  t.after(() => writer.close());
  // The bytes of reading 37 are not UTF-8 (what the parse gate now rejects; here it is forced past it).
  for (let i = 0; i < 100; i++) {
    const r = reading(i);
    const raw = Buffer.from(JSON.stringify(r));
    if (i === 37) raw[raw.indexOf('collar') + 1] = 0xff;
    writer.add(r, raw);
  }
  await writer.flush();
  const s = writer.stats();
  assert.deepEqual({ written: s.written, failed: s.failed, rejected: s.rejected }, { written: 99, failed: 0, rejected: 1 });
  assert.equal((await store.stats()).readings, 99);
  assert.ok(appended.length <= 2 + 2 * Math.ceil(Math.log2(100)), `${appended.length} inserts for one bad line`);
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, /^storage: a reading was refused and not stored \(.*Invalid Input Error.*\): \{"eventId":"ev-37"/);
});
