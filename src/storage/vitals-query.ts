/**
 * Reading a pet's vitals back for charts: raw readings for short ranges, per-minute averages
 * for long ones. The query shape is a zod schema so the API can validate with the same rules.
 */
import { BIGINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { MINUTE_MS, minuteOf, minuteRowsSql } from './rollup.ts';

export const DEFAULT_VITALS_LIMIT = 5000;
/** Largest answer one query may return: ~50k points x 7 numbers is a few MB of JSON. */
export const MAX_VITALS_LIMIT = 50_000;
/** 'auto' serves raw readings up to this range, per-minute rollups beyond it. */
export const AUTO_RAW_MAX_RANGE_MS = 2 * 60 * MINUTE_MS;

export const VitalsQuerySchema = z
  .object({
    /** Inclusive range, ms since the epoch. */
    from: z.number().int(),
    to: z.number().int(),
    resolution: z.enum(['raw', 'minute', 'auto']).default('auto'),
    /** Larger values are capped at MAX_VITALS_LIMIT. */
    limit: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_VITALS_LIMIT)
      .transform((v) => Math.min(v, MAX_VITALS_LIMIT)),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type VitalsQuery = z.input<typeof VitalsQuerySchema>;
type ParsedVitalsQuery = z.output<typeof VitalsQuerySchema>;

export type VitalsPoint = {
  /** Reading time, or the minute's start for minute points. */
  ts: number;
  heartRate: number | null;
  respiratoryRate: number | null;
  temperatureC: number | null;
  activity: number | null;
  signalQuality: number | null;
  batteryPct: number | null;
};

export type VitalsSeries = { resolution: 'raw' | 'minute'; points: VitalsPoint[] };

type Stat = { avg: number | null; min: number | null; max: number | null };

/** One minute of one pet: the rollup with min/max, for charts that draw a band. */
export type MinuteRollup = {
  /** Start of the minute, ms. */
  minute: number;
  count: number;
  heartRate: Stat;
  respiratoryRate: Stat;
  temperatureC: Stat;
  activityAvg: number | null;
  signalQualityAvg: number | null;
  batteryPctAvg: number | null;
};

export const MinuteQuerySchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    limit: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_VITALS_LIMIT)
      .transform((v) => Math.min(v, MAX_VITALS_LIMIT)),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type MinuteQuery = z.input<typeof MinuteQuerySchema>;

const RAW_SQL = `
  SELECT ts, heart_rate, respiratory_rate, temperature_c, activity, signal_quality, battery_pct
  FROM readings
  WHERE pet_id = $petId AND ts >= $from AND ts <= $to
  ORDER BY ts DESC, event_id DESC
  LIMIT $limit`;

/**
 * Points in ascending ts order. When more than `limit` exist, the latest `limit` are returned:
 * a monitor chart must show the present, and the caller can page back with an earlier `to`.
 */
export async function selectVitals(
  conn: DuckDBConnection,
  petId: string,
  q: ParsedVitalsQuery,
  rollupEnd: number,
): Promise<VitalsSeries> {
  const resolution =
    q.resolution === 'auto' ? (q.to - q.from <= AUTO_RAW_MAX_RANGE_MS ? 'raw' : 'minute') : q.resolution;
  if (resolution === 'minute') {
    const rows = await selectMinutes(conn, petId, q, rollupEnd);
    // Averages are served to people and charts: two decimals, not 38.57599999999999.
    const points = rows.map((m) => ({
      ts: m.minute,
      heartRate: round2(m.heartRate.avg),
      respiratoryRate: round2(m.respiratoryRate.avg),
      temperatureC: round2(m.temperatureC.avg),
      activity: round2(m.activityAvg),
      signalQuality: round2(m.signalQualityAvg),
      batteryPct: round2(m.batteryPctAvg),
    }));
    return { resolution, points };
  }
  const reader = await conn.runAndReadAll(
    RAW_SQL,
    { petId, from: q.from, to: q.to, limit: q.limit },
    { petId: VARCHAR, from: BIGINT, to: BIGINT, limit: BIGINT },
  );
  const rows = reader.getRows();
  const points = new Array<VitalsPoint>(rows.length);
  // Rows come newest first (so LIMIT keeps the latest); fill from the back to return ascending.
  for (let i = 0; i < rows.length; i++) {
    const [ts, hr, rr, temp, activity, signal, battery] = rows[i]!;
    points[rows.length - 1 - i] = {
      ts: Number(ts),
      heartRate: num(hr),
      respiratoryRate: num(rr),
      temperatureC: num(temp),
      activity: num(activity),
      signalQuality: num(signal),
      batteryPct: num(battery),
    };
  }
  return { resolution, points };
}

/** Minute rollups in ascending order, the latest `limit` when there are more. */
export async function selectMinutes(
  conn: DuckDBConnection,
  petId: string,
  q: { from: number; to: number; limit: number },
  rollupEnd: number,
): Promise<MinuteRollup[]> {
  const reader = await conn.runAndReadAll(
    minuteRowsSql(rollupEnd),
    { petId, fromMinute: minuteOf(q.from), to: q.to, limit: q.limit },
    { petId: VARCHAR, fromMinute: BIGINT, to: BIGINT, limit: BIGINT },
  );
  const rows = reader.getRows();
  const out = new Array<MinuteRollup>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [minute, n, hrAvg, hrMin, hrMax, rrAvg, rrMin, rrMax, tAvg, tMin, tMax, act, signal, battery] = rows[i]!;
    out[rows.length - 1 - i] = {
      minute: Number(minute),
      count: Number(n),
      heartRate: { avg: num(hrAvg), min: num(hrMin), max: num(hrMax) },
      respiratoryRate: { avg: num(rrAvg), min: num(rrMin), max: num(rrMax) },
      temperatureC: { avg: num(tAvg), min: num(tMin), max: num(tMax) },
      activityAvg: num(act),
      signalQualityAvg: num(signal),
      batteryPctAvg: num(battery),
    };
  }
  return out;
}

function round2(v: number | null): number | null {
  return v === null ? null : Math.round(v * 100) / 100;
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
