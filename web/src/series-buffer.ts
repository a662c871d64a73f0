/**
 * Chart history for one pet: columnar arrays in the shape uPlot draws (x in seconds), grown by
 * live readings and seeded from GET /vitals. Plain functions on a plain object; the chart reads
 * the arrays in place, so nothing is copied per reading.
 */

/** The pet view promises the last ten minutes. */
export const CHART_WINDOW_MS = 10 * 60_000;
/** Points per series at most: ten minutes at 10 readings/s. Keeps uPlot redraws well under a frame. */
export const MAX_CHART_POINTS = 6_000;

export type VitalsPoint = {
  ts: number;
  heartRate: number | null;
  respiratoryRate: number | null;
  temperatureC: number | null;
};

export type SeriesField = 'hr' | 'rr' | 'temp';

export type SeriesBuffer = {
  /** Collar time, seconds (uPlot's time unit), strictly increasing. */
  t: number[];
  hr: (number | null)[];
  rr: (number | null)[];
  temp: (number | null)[];
  /** Bumped on every change, so a chart redraws only when there is something new. */
  version: number;
};

export function createSeries(): SeriesBuffer {
  return { t: [], hr: [], rr: [], temp: [], version: 0 };
}

/** Appends one live point; a point not newer than the last one is dropped (uPlot needs sorted x). */
export function appendPoint(buf: SeriesBuffer, p: VitalsPoint): void {
  const x = p.ts / 1000;
  const last = buf.t[buf.t.length - 1];
  if (last !== undefined && x <= last) return;
  buf.t.push(x);
  buf.hr.push(p.heartRate);
  buf.rr.push(p.respiratoryRate);
  buf.temp.push(p.temperatureC);
  trimSeries(buf);
  buf.version++;
}

/** Puts history in front of whatever live points arrived while it was being fetched. */
export function seedSeries(buf: SeriesBuffer, points: readonly VitalsPoint[]): void {
  const firstLive = buf.t[0] ?? Infinity;
  const older = points.filter((p) => p.ts / 1000 < firstLive).sort((a, b) => a.ts - b.ts);
  const t: number[] = [];
  const hr: (number | null)[] = [];
  const rr: (number | null)[] = [];
  const temp: (number | null)[] = [];
  for (const p of older) {
    const x = p.ts / 1000;
    if (t.length > 0 && x <= t[t.length - 1]!) continue;
    t.push(x);
    hr.push(p.heartRate);
    rr.push(p.respiratoryRate);
    temp.push(p.temperatureC);
  }
  if (t.length === 0) return;
  buf.t.unshift(...t);
  buf.hr.unshift(...hr);
  buf.rr.unshift(...rr);
  buf.temp.unshift(...temp);
  trimSeries(buf);
  buf.version++;
}

/** Drops points older than the window (relative to the newest point) or beyond the point cap. */
export function trimSeries(buf: SeriesBuffer): void {
  const n = buf.t.length;
  if (n === 0) return;
  const cutoff = buf.t[n - 1]! - CHART_WINDOW_MS / 1000;
  let drop = Math.max(0, n - MAX_CHART_POINTS);
  while (drop < n && buf.t[drop]! < cutoff) drop++;
  if (drop === 0) return;
  buf.t.splice(0, drop);
  buf.hr.splice(0, drop);
  buf.rr.splice(0, drop);
  buf.temp.splice(0, drop);
}
