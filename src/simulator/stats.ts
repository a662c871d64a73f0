/**
 * Small descriptive statistics for calibrating the simulator against real recordings
 * (Invoxia parser, calibration script, tests). Pure functions over plain arrays.
 */

export type Summary = { n: number; mean: number; median: number; sd: number; p5: number; p95: number };

/** Percentile with linear interpolation between ranks (numpy's default), p in [0, 100]. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function sd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / (values.length - 1));
}

export function median(values: readonly number[]): number {
  return percentileSorted([...values].sort((x, y) => x - y), 50);
}

/** n, mean, median, sd, 5th and 95th percentile; null when there are no values. */
export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return {
    n: values.length,
    mean: mean(values),
    median: percentileSorted(sorted, 50),
    sd: sd(values),
    p5: percentileSorted(sorted, 5),
    p95: percentileSorted(sorted, 95),
  };
}

/** Ordinary least squares y = a + b·x; returns intercept, slope and residual sd. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { a: number; b: number; residualSd: number } {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) * (xs[i]! - mx);
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  const a = my - b * mx;
  const residuals = xs.map((x, i) => ys[i]! - (a + b * x));
  const ss = residuals.reduce((s, r) => s + r * r, 0);
  return { a, b, residualSd: xs.length > 2 ? Math.sqrt(ss / (xs.length - 2)) : 0 };
}
