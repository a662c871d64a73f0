/**
 * Bulk insert of raw readings, deduplicated by eventId at insert time.
 *
 * Why at insert: a Kafka replay re-delivers readings already stored. Removing them here keeps
 * every query, the rollup and stats() simple and exact. A PRIMARY KEY would do it too, but its
 * ART index lives in memory and grows with every reading, and a constraint violation aborts
 * the whole insert. Instead one INSERT … SELECT copies the batch's rows whose eventId is not yet
 * stored. The anti-join only reads stored rows whose ts lies in the batch's [min, max] range:
 * a replayed reading carries its original ts, and DuckDB's per-row-group min/max (zone maps)
 * skip everything else, so the cost stays flat as the table grows. A batch spanning a wide
 * time range (a collar uploading hours of buffered data) scans that range once; still correct.
 *
 * Why through a file: the batch is written as newline-delimited JSON to a staging file (async
 * I/O) and DuckDB's read_json parses it on its own worker thread. The analyzer's event loop only
 * copies the lines together (the reading writer kept each reading's Kafka bytes, or serialised it, as it queued it). The previous path (filling appender
 * data chunks in JS, then a synchronous appender flush) held the event loop for 10-50 ms per
 * 5,000-reading batch, which is what alerts waited behind at 10,000 readings/s.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { VitalsReading } from '../domain/reading.ts';

/** The JSON fields in stored column order (schema.ts READING_COLUMNS), with their DuckDB types. */
const FIELDS: ReadonlyArray<readonly [keyof VitalsReading, string, string]> = [
  ['eventId', 'event_id', 'VARCHAR'],
  ['petId', 'pet_id', 'VARCHAR'],
  ['deviceId', 'device_id', 'VARCHAR'],
  ['ts', 'ts', 'BIGINT'],
  ['seq', 'seq', 'BIGINT'],
  ['heartRate', 'heart_rate', 'DOUBLE'],
  ['respiratoryRate', 'respiratory_rate', 'DOUBLE'],
  ['temperatureC', 'temperature_c', 'DOUBLE'],
  ['activity', 'activity', 'DOUBLE'],
  ['hrvMs', 'hrv_ms', 'DOUBLE'],
  ['batteryPct', 'battery_pct', 'DOUBLE'],
  ['signalQuality', 'signal_quality', 'DOUBLE'],
];
const COLUMNS = `{${FIELDS.map(([f, , t]) => `${f}: '${t}'`).join(', ')}}`;
const SELECT_LIST = FIELDS.map(([f, c]) => `"${f}" AS ${c}`).join(', ');

/** Readings as JSON lines (no line break inside: JSON.stringify escapes them, and a Kafka value
 * is kept only when rawReadingIsStorable), with their ts range. */
export type SerializedReadings = { lines: ReadonlyArray<string | Buffer>; minTs: number; maxTs: number };

const NEWLINE = Buffer.from('\n');

/** The staging file's bytes: the lines joined by newlines, Kafka bytes copied once, strings encoded. */
function stagingBytes(lines: ReadonlyArray<string | Buffer>): Buffer {
  const parts = new Array<Buffer>(lines.length * 2);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    parts[2 * i] = typeof line === 'string' ? Buffer.from(line) : line;
    parts[2 * i + 1] = NEWLINE;
  }
  return Buffer.concat(parts);
}

/** Serialises readings validated by parseReading at the Kafka edge (tests and imports; the writer serialises as it queues). */
export function serializeReadings(readings: readonly VitalsReading[]): SerializedReadings {
  let minTs = Number.POSITIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  const lines = readings.map((r) => {
    if (r.ts < minTs) minTs = r.ts;
    if (r.ts > maxTs) maxTs = r.ts;
    return JSON.stringify(r);
  });
  return { lines, minTs, maxTs };
}

/**
 * Appends serialised readings as batch number `batch`, staged through `stagePath`. Returns how
 * many rows were new. Must run with nothing else using `conn` or the staging file meanwhile (the
 * store's writer lane guarantees both).
 */
export async function appendReadingBatch(
  conn: DuckDBConnection,
  readings: SerializedReadings,
  batch: number,
  stagePath: string,
): Promise<number> {
  if (readings.lines.length === 0) return 0;
  const text = stagingBytes(readings.lines);
  try {
    await writeFile(stagePath, text);
  } catch (err) {
    // A temp cleaner removed the staging folder of a long-running store: make it again, once.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dirname(stagePath), { recursive: true });
    await writeFile(stagePath, text);
  }
  // Duplicates inside one batch are removed by DISTINCT ON (on DuckDB's thread, not ours).
  // minTs/maxTs/batch are integers, inlined as literals so the range filter on the stored rows is
  // a plain constant comparison that reaches the zone maps.
  const lo = Math.floor(readings.minTs);
  const hi = Math.ceil(readings.maxTs);
  const result = await conn.run(`
    INSERT INTO readings
    SELECT s.*, ${batch} AS batch
    FROM (
      SELECT DISTINCT ON (event_id) ${SELECT_LIST}
      FROM read_json(${sqlString(stagePath)}, format = 'newline_delimited', columns = ${COLUMNS})
    ) s
    ANTI JOIN (SELECT event_id FROM readings WHERE ts BETWEEN ${lo} AND ${hi}) r
      ON r.event_id = s.event_id`);
  return Number(result.rowsChanged);
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
