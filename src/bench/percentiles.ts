/** Exact percentiles of a sample (the benchmark keeps every sample of a step; steps are bounded). */
import type { Percentiles } from './bench-types.ts';

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: null, p99: null, max: null, count: 0 };
  const s = Float64Array.from(values).sort();
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), max: Math.round(s[s.length - 1]! * 10) / 10, count: s.length };
}
