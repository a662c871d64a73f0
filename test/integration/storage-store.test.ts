/**
 * The DuckDB store against a real database file in a fresh temp folder per test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { PetProfile } from '../../src/domain/pet.ts';
import type { VitalsReading } from '../../src/domain/reading.ts';
import { openStore, type Store, type StoreOptions } from '../../src/storage/store.ts';

/** A minute-aligned instant: 2023-11-14T22:14:00Z. */
const M = 1_700_000_040_000;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-storage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freshStore(t: TestContext, opts: Partial<StoreOptions> = {}): Promise<{ store: Store; dir: string }> {
  const dir = tempDir(t);
  const store = await openStore({ dataDir: dir, ...opts });
  t.after(() => store.close());
  return { store, dir };
}

function reading(petId: string, ts: number, v: Partial<VitalsReading> = {}): VitalsReading {
  return {
    eventId: `${petId}-${ts}`,
    petId,
    deviceId: `collar-${petId}`,
    ts,
    seq: Math.floor(ts / 1000),
    heartRate: 90,
    respiratoryRate: 24,
    temperatureC: 38.6,
    activity: 0.2,
    hrvMs: 55,
    batteryPct: 80,
    signalQuality: 0.9,
    ...v,
  };
}

const rex: PetProfile = { id: 'rex', name: 'Rex', species: 'dog', breed: 'Labrador', weightKg: 31.5, ageYears: 4 };
const tom: PetProfile = { id: 'tom', name: 'Tom', species: 'cat', breed: 'Maine Coon', weightKg: 7.2, ageYears: 0.5 };

test('pets round-trip: upsert inserts, upsert again updates, list is sorted by id', async (t) => {
  const { store } = await freshStore(t);
  await store.upsertPet(tom);
  await store.upsertPet(rex);
  await store.upsertPet({ ...rex, weightKg: 32.25 });
  assert.deepEqual(await store.listPets(), [{ ...rex, weightKg: 32.25 }, tom]);
  assert.deepEqual(await store.getPet('tom'), tom);
  assert.equal(await store.getPet('nobody'), null);
  assert.deepEqual(await store.stats(), { readings: 0, alerts: 0, pets: 2 });
});

test('raw readings come back in ts order, within the inclusive range, for that pet only', async (t) => {
  const { store } = await freshStore(t);
  const tss = [M + 4000, M, M + 2000, M + 3000, M + 1000, M + 5000];
  await store.appendReadings(tss.map((ts) => reading('rex', ts, { heartRate: (ts - M) / 1000 + 100 })));
  await store.appendReadings([reading('tom', M + 2000)]);
  const res = await store.queryVitals('rex', { from: M + 1000, to: M + 4000, resolution: 'raw' });
  assert.equal(res.resolution, 'raw');
  assert.deepEqual(res.points.map((p) => p.ts), [M + 1000, M + 2000, M + 3000, M + 4000]);
  assert.deepEqual(res.points[0], {
    ts: M + 1000, heartRate: 101, respiratoryRate: 24, temperatureC: 38.6, activity: 0.2, signalQuality: 0.9, batteryPct: 80,
  });
  // Over the limit, the latest points are kept (a monitor shows the present), still ascending.
  const capped = await store.queryVitals('rex', { from: M, to: M + 5000, resolution: 'raw', limit: 2 });
  assert.deepEqual(capped.points.map((p) => p.ts), [M + 4000, M + 5000]);
});

test('null vitals are stored as null, not zero', async (t) => {
  const { store } = await freshStore(t);
  await store.appendReadings([reading('rex', M, { heartRate: null, temperatureC: null, batteryPct: null })]);
  const [p] = (await store.queryVitals('rex', { from: M, to: M, resolution: 'raw' })).points;
  assert.equal(p?.heartRate, null);
  assert.equal(p?.temperatureC, null);
  assert.equal(p?.batteryPct, null);
  assert.equal(p?.respiratoryRate, 24);
});

test('a Kafka replay of already stored eventIds adds no rows, and duplicates inside one batch count once', async (t) => {
  const { store } = await freshStore(t);
  const first = [0, 1, 2, 3, 4].map((i) => reading('rex', M + i * 1000));
  assert.equal(await store.appendReadings(first), 5);
  const replay = [...first.slice(2), reading('rex', M + 5000), reading('rex', M + 5000)];
  assert.equal(await store.appendReadings(replay), 1);
  assert.equal((await store.stats()).readings, 6);
  const res = await store.queryVitals('rex', { from: M, to: M + HOUR, resolution: 'raw' });
  assert.deepEqual(res.points.map((p) => p.ts), [0, 1, 2, 3, 4, 5].map((i) => M + i * 1000));
});

test('rollup gives exact count/avg/min/max for a hand-made minute, and re-running it does not double count', async (t) => {
  const { store } = await freshStore(t);
  await store.appendReadings([
    reading('rex', M, { heartRate: 100, respiratoryRate: 20, temperatureC: 38.5, activity: 0.25 }),
    reading('rex', M + 20_000, { heartRate: 110, respiratoryRate: null, temperatureC: 38.75, activity: 0.5 }),
    reading('rex', M + 40_000, { heartRate: 126, respiratoryRate: 30, temperatureC: 39, activity: 0.75 }),
    reading('rex', M + MIN + 5000, { heartRate: 150 }), // next minute, still open at the first rollup
  ]);
  assert.equal(await store.rollup(M + MIN + 30_000), 1);
  const expected = { ts: M, heartRate: 112, respiratoryRate: 25, temperatureC: 38.75, activity: 0.5, signalQuality: 0.9, batteryPct: 80 };
  const minuteOnly = { from: M, to: M + MIN - 1, resolution: 'minute' } as const;
  assert.deepEqual((await store.queryVitals('rex', minuteOnly)).points, [expected]);
  const row = await minuteRow(store, 'rex', M);
  assert.deepEqual(row, { count: 3, hrMin: 100, hrMax: 126, rrMin: 20, rrMax: 30, tempMin: 38.5, tempMax: 39 });

  assert.equal(await store.rollup(M + MIN + 30_000), 0);
  assert.equal(await store.rollup(M + 30_000), 0, 'an earlier uptoTs never moves the rollup back');
  assert.deepEqual(await minuteRow(store, 'rex', M), row);

  // A late reading for the rolled-up minute merges into it on the next rollup, once.
  await store.appendReadings([reading('rex', M + 50_000, { heartRate: 140, respiratoryRate: 10, temperatureC: 38.5, activity: 0.5 })]);
  await store.rollup(M + MIN + 30_000);
  await store.rollup(M + MIN + 30_000);
  assert.deepEqual(await minuteRow(store, 'rex', M), { ...row, count: 4, hrMax: 140, rrMin: 10 });
  const [merged] = (await store.queryVitals('rex', minuteOnly)).points;
  assert.equal(merged?.heartRate, 119); // (100 + 110 + 126 + 140) / 4
  assert.equal(merged?.respiratoryRate, 20); // (20 + 30 + 10) / 3, the null not counted
});

test("'auto' serves minute points for a 3 h range, including minutes not yet rolled up, and raw points for 1 h", async (t) => {
  const { store } = await freshStore(t);
  await store.appendReadings([
    reading('rex', M + 10_000, { heartRate: 100 }),
    reading('rex', M + 50_000, { heartRate: 120 }),
    reading('rex', M + MIN + 1000, { heartRate: 90 }),
    reading('rex', M + 2 * MIN + 1000, { heartRate: 80 }),
  ]);
  await store.rollup(M + MIN);
  const long = await store.queryVitals('rex', { from: M - 2 * HOUR, to: M + HOUR, resolution: 'auto' });
  assert.equal(long.resolution, 'minute');
  assert.deepEqual(long.points.map((p) => [p.ts, p.heartRate]), [[M, 110], [M + MIN, 90], [M + 2 * MIN, 80]]);
  const short = await store.queryVitals('rex', { from: M, to: M + HOUR, resolution: 'auto' });
  assert.equal(short.resolution, 'raw');
  assert.equal(short.points.length, 4);
});

test('queryVitals rejects a range whose from is after to with PETTWIN_BAD_REQUEST', async (t) => {
  const { store } = await freshStore(t);
  await assert.rejects(store.queryVitals('rex', { from: M + 1, to: M, resolution: 'raw' }), {
    code: 'PETTWIN_BAD_REQUEST',
  });
});

test('snapshots round-trip, and saving again replaces the previous one', async (t) => {
  const { store } = await freshStore(t);
  const snap = { version: 1, pets: { rex: { hr: { mean: 92.5, sd: 4.25, n: 3600 }, tags: ['a', null] } } };
  assert.equal(await store.loadSnapshot('engine'), null);
  await store.saveSnapshot('engine', { version: 1, pets: {} });
  await store.saveSnapshot('engine', snap);
  assert.deepEqual(await store.loadSnapshot('engine'), snap);
});

test('closing and reopening the same file keeps pets, readings, snapshots and the rollup position', async (t) => {
  const dir = tempDir(t);
  const first = await openStore({ dataDir: dir });
  await first.upsertPet(rex);
  await first.appendReadings([reading('rex', M, { heartRate: 100 }), reading('rex', M + 1000, { heartRate: 120 })]);
  await first.rollup(M + MIN);
  await first.saveSnapshot('engine', { version: 1, pets: { rex: 1 } });
  await first.close();
  await first.close(); // idempotent
  await assert.rejects(first.stats(), { code: 'PETTWIN_STORAGE_FAILED' });

  const again = await openStore({ dataDir: dir });
  t.after(() => again.close());
  assert.equal(again.path, join(dir, 'pettwin.duckdb'));
  assert.deepEqual(await again.stats(), { readings: 2, alerts: 0, pets: 1 });
  assert.deepEqual(await again.loadSnapshot('engine'), { version: 1, pets: { rex: 1 } });
  // The replayed reading is still recognised, and the rollup does not count the minute twice.
  assert.equal(await again.appendReadings([reading('rex', M + 1000, { heartRate: 120 })]), 0);
  assert.equal(await again.rollup(M + MIN), 0);
  assert.deepEqual(await minuteRow(again, 'rex', M), { count: 2, hrMin: 100, hrMax: 120, rrMin: 24, rrMax: 24, tempMin: 38.6, tempMax: 38.6 });
});

test('opening a file that is already open in this process fails with PETTWIN_STORAGE_FAILED', async (t) => {
  const { dir } = await freshStore(t);
  await assert.rejects(openStore({ dataDir: dir }), { code: 'PETTWIN_STORAGE_FAILED' });
});

test('pruneRaw deletes raw readings older than the retention and keeps their minutes in the rollup', async (t) => {
  const { store } = await freshStore(t, { rawRetentionDays: 1 });
  const now = M + 3 * DAY;
  await store.appendReadings([
    reading('rex', M, { heartRate: 100 }),
    reading('rex', M + DAY, { heartRate: 110 }),
    reading('rex', now - HOUR, { heartRate: 120 }),
  ]);
  assert.equal(await store.pruneRaw(now), 2);
  assert.equal((await store.stats()).readings, 1);
  const raw = await store.queryVitals('rex', { from: M, to: now, resolution: 'raw' });
  assert.deepEqual(raw.points.map((p) => p.ts), [now - HOUR]);
  const minutes = await store.queryVitals('rex', { from: M, to: now, resolution: 'minute' });
  assert.deepEqual(minutes.points.map((p) => [p.ts, p.heartRate]), [[M, 100], [M + DAY, 110], [now - HOUR, 120]]);
  assert.equal(await store.pruneRaw(now), 0);
});

test("an in-memory store works with dataDir ':memory:'", async (t) => {
  const store = await openStore({ dataDir: ':memory:' });
  t.after(() => store.close());
  await store.appendReadings([reading('rex', M)]);
  assert.equal(store.path, ':memory:');
  assert.equal((await store.stats()).readings, 1);
});

test('reads run while a large append is in flight, and both complete', async (t) => {
  const { store } = await freshStore(t);
  const big = Array.from({ length: 20_000 }, (_, i) => reading(`pet-${i % 50}`, M + i * 10));
  const [appended, stats, pets] = await Promise.all([store.appendReadings(big), store.stats(), store.listPets()]);
  assert.equal(appended, 20_000);
  assert.ok(stats.readings === 0 || stats.readings === 20_000, `a read sees all or nothing, saw ${stats.readings}`);
  assert.deepEqual(pets, []);
  assert.equal((await store.stats()).readings, 20_000);
});

/** The minute's count, min and max, as the store reports them. */
async function minuteRow(store: Store, petId: string, minute: number) {
  const rows = await store.queryMinutes(petId, { from: minute, to: minute });
  assert.equal(rows.length, 1, `one minute row for ${petId} at ${minute}`);
  const m = rows[0]!;
  return {
    count: m.count,
    hrMin: m.heartRate.min,
    hrMax: m.heartRate.max,
    rrMin: m.respiratoryRate.min,
    rrMax: m.respiratoryRate.max,
    tempMin: m.temperatureC.min,
    tempMax: m.temperatureC.max,
  };
}
