/**
 * Axis maths for the live charts, as plain functions: a y range that always holds the normal band
 * and the data with some padding, snapped to a "nice" step so every chart has at least three
 * labelled ticks; and x labels in the dashboard's one time format (24-hour HH:MM:SS).
 */
import { clock, shortDate } from './format.ts';

/** Fewest y ticks a chart may show: with one tick ("20") a reader cannot tell the scale. */
export const MIN_Y_TICKS = 3;
/** Ticks aimed for: the plot is ~110 px tall, and 11 px labels need air between them. */
const TARGET_Y_TICKS = 4;
/** Padding above and below the band/data, as a fraction of their span. */
const Y_PAD_FRACTION = 0.1;

const NICE = [1, 2, 2.5, 5];

export type YScale = { min: number; max: number; step: number };

/** How many multiples of `step` lie in [min, max]. */
export function tickCount(min: number, max: number, step: number): number {
  return Math.floor(max / step + 1e-9) - Math.ceil(min / step - 1e-9) + 1;
}

/** The nice step (1, 2, 2.5, 5 × 10^k) whose tick count in [min, max] is nearest TARGET_Y_TICKS, never below MIN_Y_TICKS. */
export function niceStep(min: number, max: number): number {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const mag = 10 ** Math.floor(Math.log10(span));
  let best = 0;
  let bestScore = Infinity;
  // Candidates from span/2 down to span/20 cover every count from 2 to ~20.
  for (const k of [1, 0.1, 0.01]) {
    for (const m of NICE) {
      const step = m * mag * k;
      const n = tickCount(min, max, step);
      if (n < MIN_Y_TICKS) continue;
      const score = Math.abs(n - TARGET_Y_TICKS) + step * 1e-9; // ties → the finer step
      if (score < bestScore) {
        bestScore = score;
        best = step;
      }
    }
  }
  return best > 0 ? best : span / (MIN_Y_TICKS - 1);
}

/**
 * The y scale for values `dataMin..dataMax` (either may be non-finite when there is no data)
 * that must also show every range in `keep` (the clinical band, the baseline ±2 sd), padded, at
 * least `minSpan` tall, with a tick step that puts MIN_Y_TICKS or more labels inside it.
 */
export function yScale(dataMin: number, dataMax: number, keep: readonly { low: number; high: number }[], minSpan = 1): YScale {
  let lo = Number.isFinite(dataMin) ? dataMin : Infinity;
  let hi = Number.isFinite(dataMax) ? dataMax : -Infinity;
  for (const k of keep) {
    if (!Number.isFinite(k.low) || !Number.isFinite(k.high) || k.high <= k.low) continue;
    lo = Math.min(lo, k.low);
    hi = Math.max(hi, k.high);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: 0, max: 2, step: 1 };
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pad = (hi - lo) * Y_PAD_FRACTION;
  const min = lo - pad;
  const max = hi + pad;
  return { min, max, step: niceStep(min, max) };
}

/** Tick values from min to max by step (inclusive), free of float noise. */
export function yTicks(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9) * step;
  for (let v = first, i = 0; v <= max + step * 1e-9 && i < 50; i++, v = first + i * step) out.push(round(v, step));
  return out;
}

/** Decimals a step needs: 0.5 → 1, 0.25 → 2, 5 → 0. */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 6; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 6;
}

function round(v: number, step: number): number {
  const d = stepDecimals(step);
  return Number(v.toFixed(d));
}

/**
 * Labels for time ticks (`splits` in seconds, as uPlot gives them): HH:MM:SS like every other time
 * in the dashboard; a day prefix ("3 Dec 19:15:00") only when the range spans more than one date.
 */
export function timeLabels(splits: readonly number[], rangeMin: number, rangeMax: number): string[] {
  const multiDay = shortDate(rangeMin * 1000) !== shortDate(rangeMax * 1000);
  let lastDate = '';
  return splits.map((s) => {
    const ms = s * 1000;
    if (!multiDay) return clock(ms);
    const d = shortDate(ms);
    const label = d !== lastDate ? `${d} ${clock(ms)}` : clock(ms);
    lastDate = d;
    return label;
  });
}
