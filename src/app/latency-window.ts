/**
 * Percentiles over the most recent latency samples. A fixed ring of samples: memory stays flat
 * however long the product runs, and the figures describe "now", not the whole uptime.
 */
import type { LatencySummary } from '../api/protocol.ts';

/** Enough samples for a stable p99 while still reacting within a minute at 1 reading/s per pet. */
export const LATENCY_WINDOW_SAMPLES = 4096;

export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;
  private total = 0;

  constructor(size = LATENCY_WINDOW_SAMPLES) {
    this.samples = new Float64Array(size);
  }

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.filled < this.samples.length) this.filled++;
    this.total++;
  }

  summary(): LatencySummary {
    if (this.filled === 0) return { p50: null, p99: null, max: null, count: 0 };
    const sorted = this.samples.slice(0, this.filled).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { p50: round1(at(0.5)), p99: round1(at(0.99)), max: round1(sorted[sorted.length - 1]!), count: this.total };
  }
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
