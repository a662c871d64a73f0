/**
 * Bulk insert of raw readings, deduplicated by eventId at insert time.
 *
 * Why at insert: a Kafka replay re-delivers readings already stored. Removing them here keeps
 * every query, the rollup and stats() simple and exact. A PRIMARY KEY would do it too, but its
 * ART index lives in memory and grows with every reading, and a constraint violation aborts
 * the whole appender flush. Instead rows go through the DuckDB Appender into a temporary,
 * in-memory staging table, then one INSERT … SELECT copies the ones whose eventId is not yet
 * stored. The anti-join only reads stored rows whose ts lies in the batch's [min, max] range:
 * a replayed reading carries its original ts, and DuckDB's per-row-group min/max (zone maps)
 * skip everything else, so the cost stays flat as the table grows. A batch spanning a wide
 * time range (a collar uploading hours of buffered data) scans that range once; still correct.
 */
import {
  BIGINT,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBVector,
  VARCHAR,
  type DuckDBConnection,
} from '@duckdb/node-api';
import type { VitalsReading } from '../domain/reading.ts';

const STAGE = 'readings_stage';
/** Column types of readings_stage, in order (schema.ts READING_COLUMNS). */
const STAGE_TYPES = [VARCHAR, VARCHAR, VARCHAR, BIGINT, BIGINT, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE];
/**
 * Rows per data chunk: DuckDB's vector size. Filling a chunk is synchronous JS (~3 µs per
 * reading); the batch is fed one chunk at a time with a yield in between, so a 5000-reading
 * batch never holds the event loop for more than a few milliseconds at once. Filling column
 * vectors measured ~30% faster than appending value by value (17 vs 23 ms per 5000 readings).
 */
const ROWS_PER_CHUNK = DuckDBVector.standardSize();

/**
 * Appends `readings` (already validated by parseReading at the Kafka edge) as batch number
 * `batch`. Returns how many rows were new. Must run on the connection that owns the temp table,
 * with nothing else using that connection meanwhile (the store's writer lane guarantees both).
 */
export async function appendReadingBatch(
  conn: DuckDBConnection,
  readings: readonly VitalsReading[],
  batch: number,
): Promise<number> {
  // Duplicates inside one batch are removed here: cheaper than a window function in SQL.
  const seen = new Set<string>();
  const unique: VitalsReading[] = [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of readings) {
    if (seen.has(r.eventId)) continue;
    seen.add(r.eventId);
    unique.push(r);
    if (r.ts < lo) lo = r.ts;
    if (r.ts > hi) hi = r.ts;
  }
  if (unique.length === 0) return 0;
  await conn.run(`TRUNCATE temp.main.${STAGE}`);
  const appender = await conn.createAppender(STAGE, 'main', 'temp');
  try {
    for (let off = 0; off < unique.length; off += ROWS_PER_CHUNK) {
      if (off > 0) await yieldToEventLoop();
      appender.appendDataChunk(fillChunk(unique, off, Math.min(ROWS_PER_CHUNK, unique.length - off)));
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  // lo/hi/batch are integers computed here, inlined as literals so the range filter on the
  // stored rows is a plain constant comparison that reaches the zone maps.
  const result = await conn.run(`
    INSERT INTO readings
    SELECT s.*, ${batch} AS batch
    FROM temp.main.${STAGE} s
    ANTI JOIN (SELECT event_id FROM readings WHERE ts BETWEEN ${lo} AND ${hi}) r
      ON r.event_id = s.event_id`);
  return Number(result.rowsChanged);
}

function fillChunk(readings: readonly VitalsReading[], offset: number, n: number): DuckDBDataChunk {
  const chunk = DuckDBDataChunk.create(STAGE_TYPES, n);
  const v = STAGE_TYPES.map((_, c) => chunk.getColumnVector(c));
  const [eventId, petId, deviceId, ts, seq, hr, rr, temp, activity, hrv, battery, signal] = v as [
    DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector,
    DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector,
  ];
  for (let i = 0; i < n; i++) {
    const r = readings[offset + i]!;
    eventId.setItem(i, r.eventId);
    petId.setItem(i, r.petId);
    deviceId.setItem(i, r.deviceId);
    ts.setItem(i, BigInt(r.ts));
    seq.setItem(i, BigInt(r.seq));
    hr.setItem(i, r.heartRate);
    rr.setItem(i, r.respiratoryRate);
    temp.setItem(i, r.temperatureC);
    activity.setItem(i, r.activity);
    hrv.setItem(i, r.hrvMs);
    battery.setItem(i, r.batteryPct);
    signal.setItem(i, r.signalQuality);
  }
  for (const vector of v) vector.flush();
  return chunk;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
