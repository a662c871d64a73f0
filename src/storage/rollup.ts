/**
 * The per-minute rollup, maintained incrementally and exactly.
 *
 * State: `end` (minute-aligned ms) and `batch` (the last append batch seen). A raw row is in the
 * rollup when ts < end and batch <= that batch. A rollup to `uptoTs` therefore takes the rows
 * with ts < newEnd that are either in a newer batch (including late readings for minutes long
 * rolled up) or at/after the old end (minutes that were still open last time), aggregates them
 * per (pet, minute), and merges the result into existing minute rows: counts and sums add, min
 * and max combine. Running it again finds no such rows, so it never double-counts. The two
 * filters are written as a UNION ALL so each one stays a plain range DuckDB can prune by zone map.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { META, writeMeta } from './schema.ts';

export const MINUTE_MS = 60_000;

export type RollupState = { end: number; batch: number };

/** Aggregate columns of readings_minute, computed from raw rows (used by rollup and live tail). */
const AGGREGATES = `
  count(*) AS n,
  sum(heart_rate) AS hr_sum, count(heart_rate) AS hr_n, min(heart_rate) AS hr_min, max(heart_rate) AS hr_max,
  sum(respiratory_rate) AS rr_sum, count(respiratory_rate) AS rr_n, min(respiratory_rate) AS rr_min, max(respiratory_rate) AS rr_max,
  sum(temperature_c) AS temp_sum, count(temperature_c) AS temp_n, min(temperature_c) AS temp_min, max(temperature_c) AS temp_max,
  sum(activity) AS activity_sum, count(activity) AS activity_n,
  sum(signal_quality) AS signal_sum, count(signal_quality) AS signal_n,
  sum(battery_pct) AS battery_sum, count(battery_pct) AS battery_n`;

const MERGED = `
  d.n + coalesce(m.n, 0),
  ${sumMerge('hr')}, d.hr_n + coalesce(m.hr_n, 0), least(d.hr_min, m.hr_min), greatest(d.hr_max, m.hr_max),
  ${sumMerge('rr')}, d.rr_n + coalesce(m.rr_n, 0), least(d.rr_min, m.rr_min), greatest(d.rr_max, m.rr_max),
  ${sumMerge('temp')}, d.temp_n + coalesce(m.temp_n, 0), least(d.temp_min, m.temp_min), greatest(d.temp_max, m.temp_max),
  ${sumMerge('activity')}, d.activity_n + coalesce(m.activity_n, 0),
  ${sumMerge('signal')}, d.signal_n + coalesce(m.signal_n, 0),
  ${sumMerge('battery')}, d.battery_n + coalesce(m.battery_n, 0)`;

/** NULL + x is NULL in SQL; a sum stays NULL only while no value has been seen at all. */
function sumMerge(p: string): string {
  return `CASE WHEN d.${p}_sum IS NULL THEN m.${p}_sum WHEN m.${p}_sum IS NULL THEN d.${p}_sum ELSE d.${p}_sum + m.${p}_sum END`;
}

export function minuteOf(ts: number): number {
  return Math.floor(ts / MINUTE_MS) * MINUTE_MS;
}

/**
 * Rolls raw rows up to (not including) the minute containing `uptoTs`, on the writer connection,
 * inside a transaction the caller opened. Returns the new state and how many minute rows changed.
 */
export async function rollupInTransaction(
  conn: DuckDBConnection,
  state: RollupState,
  uptoTs: number,
  latestBatch: number,
): Promise<{ state: RollupState; minutes: number }> {
  // Never move `end` backwards: rows in [requested, end) of new batches would then be skipped.
  const end = Math.max(minuteOf(uptoTs), state.end);
  const next: RollupState = { end, batch: latestBatch };
  if (end === state.end && latestBatch === state.batch) return { state: next, minutes: 0 };
  const cols = 'pet_id, ts, heart_rate, respiratory_rate, temperature_c, activity, signal_quality, battery_pct';
  await conn.run(`CREATE OR REPLACE TEMP TABLE rollup_delta AS
    SELECT pet_id, (ts // ${MINUTE_MS}) * ${MINUTE_MS} AS minute, ${AGGREGATES}
    FROM (
      SELECT ${cols} FROM readings WHERE batch > ${state.batch} AND batch <= ${latestBatch} AND ts < ${end}
      UNION ALL
      SELECT ${cols} FROM readings WHERE batch <= ${state.batch} AND ts >= ${state.end} AND ts < ${end}
    )
    GROUP BY ALL`);
  const range = await conn.runAndReadAll(`SELECT count(*), min(minute), max(minute) FROM temp.main.rollup_delta`);
  const [count, lo, hi] = range.getRows()[0] ?? [0, null, null];
  const minutes = Number(count);
  if (minutes > 0) {
    const existing = `(SELECT * FROM readings_minute WHERE minute BETWEEN ${Number(lo)} AND ${Number(hi)})`;
    await conn.run(`CREATE OR REPLACE TEMP TABLE rollup_merged AS
      SELECT d.pet_id, d.minute, ${MERGED}
      FROM temp.main.rollup_delta d LEFT JOIN ${existing} m ON m.pet_id = d.pet_id AND m.minute = d.minute`);
    await conn.run(`DELETE FROM readings_minute USING temp.main.rollup_delta d
      WHERE readings_minute.minute BETWEEN ${Number(lo)} AND ${Number(hi)}
        AND readings_minute.pet_id = d.pet_id AND readings_minute.minute = d.minute`);
    await conn.run(`INSERT INTO readings_minute SELECT * FROM temp.main.rollup_merged`);
  }
  await writeMeta(conn, META.rollupEnd, next.end);
  await writeMeta(conn, META.rollupBatch, next.batch);
  return { state: next, minutes };
}

/**
 * Minute rows for one pet, newest first: rolled-up minutes before `rollupEnd`, plus minutes
 * at/after it aggregated on the fly from raw rows, so a chart reaches the present even between
 * rollups. Both parts split at the same `rollupEnd`, so no minute is counted twice.
 * Columns: minute, n, then avg/min/max for hr, rr, temp, then avg activity, signal, battery.
 */
export function minuteRowsSql(rollupEnd: number): string {
  const avg = (p: string) => `${p}_sum / NULLIF(${p}_n, 0)`;
  const cols = `minute, n,
    ${avg('hr')}, hr_min, hr_max, ${avg('rr')}, rr_min, rr_max, ${avg('temp')}, temp_min, temp_max,
    ${avg('activity')}, ${avg('signal')}, ${avg('battery')}`;
  return `
    SELECT * FROM (
      SELECT ${cols} FROM readings_minute
      WHERE pet_id = $petId AND minute >= $fromMinute AND minute <= $to AND minute < ${rollupEnd}
      UNION ALL
      SELECT ${cols} FROM (
        SELECT (ts // ${MINUTE_MS}) * ${MINUTE_MS} AS minute, ${AGGREGATES}
        FROM readings
        WHERE pet_id = $petId AND ts >= greatest($fromMinute, ${rollupEnd}) AND ts <= $to
        GROUP BY ALL
      )
    )
    ORDER BY minute DESC LIMIT $limit`;
}
