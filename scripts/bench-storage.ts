/**
 * Storage throughput: pushes readings through the reading writer into a DuckDB file in a temp
 * folder, the way the analyzer does, and prints readings/s. A benchmark prints figures; it
 * asserts nothing. Usage: node --import tsx scripts/bench-storage.ts [readings] [pets]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { VitalsReading } from '../src/domain/reading.ts';
import { createReadingWriter, DEFAULT_MAX_BATCH } from '../src/storage/reading-writer.ts';
import { openStore } from '../src/storage/store.ts';

const TOTAL = Number(process.argv[2] ?? 200_000);
const PETS = Number(process.argv[3] ?? 500);
/** Readings handed to the writer per event-loop turn, like a Kafka fetch of a few thousand. */
const ADD_CHUNK = 5000;
const T0 = Date.UTC(2025, 0, 1);

function reading(i: number): VitalsReading {
  const pet = i % PETS;
  const tick = Math.floor(i / PETS);
  return {
    eventId: `bench-${pet}-${tick}`,
    petId: `pet-${pet}`,
    deviceId: `collar-${pet}`,
    ts: T0 + tick * 1000,
    seq: tick,
    heartRate: 80 + ((i * 7) % 40),
    respiratoryRate: 20 + (i % 10),
    temperatureC: 38 + (i % 20) / 20,
    activity: (i % 100) / 100,
    hrvMs: 40 + (i % 30),
    batteryPct: 100 - (tick % 100),
    signalQuality: 0.9,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'pettwin-bench-'));
try {
  const readings = Array.from({ length: TOTAL }, (_, i) => reading(i));
  const store = await openStore({ dataDir: dir });
  const writer = createReadingWriter(store, { maxBatch: DEFAULT_MAX_BATCH, maxQueued: TOTAL });

  // Event-loop responsiveness while writing: what an analyzer on the same thread would feel.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();

  const started = performance.now();
  for (let i = 0; i < TOTAL; i += ADD_CHUNK) {
    for (let j = i; j < Math.min(i + ADD_CHUNK, TOTAL); j++) writer.add(readings[j]!);
    await new Promise((r) => setImmediate(r));
  }
  await writer.close();
  const writeMs = performance.now() - started;
  loopDelay.disable();

  const replayStarted = performance.now();
  const replayed = await store.appendReadings(readings.slice(0, DEFAULT_MAX_BATCH));
  const replayMs = performance.now() - replayStarted;

  const rollupStarted = performance.now();
  const minutes = await store.rollup(T0 + (TOTAL / PETS) * 1000 + 60_000);
  const rollupMs = performance.now() - rollupStarted;

  const queryStarted = performance.now();
  const series = await store.queryVitals('pet-1', { from: T0, to: T0 + 2 * 3600_000, resolution: 'raw' });
  const queryMs = performance.now() - queryStarted;

  const s = writer.stats();
  const stats = await store.stats();
  await store.close();
  const fileMb = statSync(join(dir, 'pettwin.duckdb')).size / 1e6;

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`storage bench: ${fmt(TOTAL)} readings, ${PETS} pets, batches of ${DEFAULT_MAX_BATCH}`);
  console.log(`  write:   ${fmt(TOTAL / (writeMs / 1000))} readings/s (${fmt(writeMs)} ms; stored ${fmt(stats.readings)}, dropped ${s.dropped}, failed ${s.failed})`);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(`  batch:   last flush ${s.lastFlushMs?.toFixed(1)} ms; event-loop delay p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`);
  console.log(`  replay:  ${DEFAULT_MAX_BATCH} duplicate readings -> ${replayed} new rows in ${replayMs.toFixed(1)} ms`);
  console.log(`  rollup:  ${fmt(minutes)} minute rows in ${fmt(rollupMs)} ms`);
  console.log(`  query:   ${series.points.length} raw points for one pet in ${queryMs.toFixed(1)} ms`);
  console.log(`  file:    ${fileMb.toFixed(1)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
