/**
 * The DuckDB schema, created idempotently every time a store opens. Times are BIGINT
 * milliseconds since the Unix epoch, the same unit the domain types use, so nothing is
 * converted on the way in or out.
 *
 * No table holding readings or rollups has a PRIMARY KEY: DuckDB keeps ART indexes in memory
 * and they would grow with every reading. Deduplication is done at insert instead (see
 * reading-append.ts). Small tables (pets, alerts, snapshots, meta) do have keys, for upserts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const SCHEMA_VERSION = 1;

/** Raw reading columns, in the order reading-append.ts inserts them. */
const READING_COLUMNS = `
  event_id VARCHAR NOT NULL,
  pet_id VARCHAR NOT NULL,
  device_id VARCHAR NOT NULL,
  ts BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  heart_rate DOUBLE,
  respiratory_rate DOUBLE,
  temperature_c DOUBLE,
  activity DOUBLE,
  hrv_ms DOUBLE,
  battery_pct DOUBLE,
  signal_quality DOUBLE`;

const DDL = [
  `CREATE TABLE IF NOT EXISTS storage_meta (key VARCHAR PRIMARY KEY, value BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS pets (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    species VARCHAR NOT NULL,
    breed VARCHAR NOT NULL,
    weight_kg DOUBLE NOT NULL,
    age_years DOUBLE NOT NULL
  )`,
  // `batch` is the append call that wrote the row; the rollup uses it to find rows it has not
  // yet seen, including late ones for minutes already rolled up.
  `CREATE TABLE IF NOT EXISTS readings (${READING_COLUMNS},
    batch BIGINT NOT NULL
  )`,
  // Sums and non-null counts rather than averages, so late rows merge exactly.
  // The vitals_minute view below exposes the averages.
  `CREATE TABLE IF NOT EXISTS readings_minute (
    pet_id VARCHAR NOT NULL,
    minute BIGINT NOT NULL,
    n BIGINT NOT NULL,
    hr_sum DOUBLE, hr_n BIGINT NOT NULL, hr_min DOUBLE, hr_max DOUBLE,
    rr_sum DOUBLE, rr_n BIGINT NOT NULL, rr_min DOUBLE, rr_max DOUBLE,
    temp_sum DOUBLE, temp_n BIGINT NOT NULL, temp_min DOUBLE, temp_max DOUBLE,
    activity_sum DOUBLE, activity_n BIGINT NOT NULL,
    signal_sum DOUBLE, signal_n BIGINT NOT NULL,
    battery_sum DOUBLE, battery_n BIGINT NOT NULL
  )`,
  `CREATE OR REPLACE VIEW vitals_minute AS
    SELECT pet_id, minute, n AS count,
      hr_sum / NULLIF(hr_n, 0) AS heart_rate_avg, hr_min AS heart_rate_min, hr_max AS heart_rate_max,
      rr_sum / NULLIF(rr_n, 0) AS respiratory_rate_avg, rr_min AS respiratory_rate_min, rr_max AS respiratory_rate_max,
      temp_sum / NULLIF(temp_n, 0) AS temperature_c_avg, temp_min AS temperature_c_min, temp_max AS temperature_c_max,
      activity_sum / NULLIF(activity_n, 0) AS activity_avg,
      signal_sum / NULLIF(signal_n, 0) AS signal_quality_avg,
      battery_sum / NULLIF(battery_n, 0) AS battery_pct_avg
    FROM readings_minute`,
  // Current state per alert; `doc` is the whole Alert as JSON so it round-trips exactly,
  // the other columns exist to filter and sort.
  `CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY,
    pet_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    revision BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    doc VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS alert_events (
    alert_id VARCHAR NOT NULL,
    revision BIGINT NOT NULL,
    status VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    changed_at BIGINT NOT NULL,
    values_json VARCHAR NOT NULL,
    PRIMARY KEY (alert_id, revision)
  )`,
  `CREATE TABLE IF NOT EXISTS snapshots (name VARCHAR PRIMARY KEY, json VARCHAR NOT NULL, saved_at BIGINT NOT NULL)`,
];

export const META = {
  schemaVersion: 'schema_version',
  /** Every raw row with ts below this (minute-aligned) and batch <= rollupBatch is in the rollup. */
  rollupEnd: 'rollup_end',
  rollupBatch: 'rollup_batch',
} as const;

export async function createSchema(conn: DuckDBConnection): Promise<void> {
  for (const sql of DDL) await conn.run(sql);
  await conn.run(
    `INSERT INTO storage_meta VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
    [META.schemaVersion, SCHEMA_VERSION],
  );
}

export async function readMeta(conn: DuckDBConnection, key: string): Promise<number | null> {
  const reader = await conn.runAndReadAll(`SELECT value FROM storage_meta WHERE key = $1`, [key]);
  const v = reader.getRows()[0]?.[0];
  return v === undefined || v === null ? null : Number(v);
}

export async function writeMeta(conn: DuckDBConnection, key: string, value: number): Promise<void> {
  await conn.run(
    `INSERT INTO storage_meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [key, value],
  );
}
