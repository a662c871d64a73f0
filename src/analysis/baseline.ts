/**
 * A pet's own normal for one signal: an exponentially weighted mean and variance that starts as
 * an exact running mean (alpha = 1/n) and settles to a slow EWMA once it has seen
 * BASELINE_HORIZON samples. O(1) per sample, three numbers of state, JSON-safe.
 * Which readings it learns from is decided by the caller (good-quality resting readings only).
 */

/** Resting samples needed before the baseline is used for any decision (5 min at 1 Hz): a
 * warm-up so that a pet is never judged against a half-learned normal. */
export const BASELINE_WARMUP_SAMPLES = 300;
/** After this many samples the baseline forgets with alpha = 1/HORIZON (about 1 h at 1 Hz), so
 * it follows slow changes (age, season) but not a sudden shift. */
export const BASELINE_HORIZON_SAMPLES = 3600;

export type BaselineJson = { n: number; mean: number; variance: number };

export class SignalBaseline {
  n = 0;
  mean = 0;
  variance = 0;

  add(x: number): void {
    this.n++;
    const alpha = this.n < BASELINE_HORIZON_SAMPLES ? 1 / this.n : 1 / BASELINE_HORIZON_SAMPLES;
    const diff = x - this.mean;
    const incr = alpha * diff;
    this.mean += incr;
    // West (1979) incremental weighted variance; with alpha = 1/n it equals the population variance.
    this.variance = (1 - alpha) * (this.variance + diff * incr);
  }

  get warm(): boolean {
    return this.n >= BASELINE_WARMUP_SAMPLES;
  }

  get sd(): number {
    return Math.sqrt(this.variance);
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.variance = 0;
  }

  toJSON(): BaselineJson {
    return { n: this.n, mean: this.mean, variance: this.variance };
  }

  load(json: BaselineJson | undefined): void {
    this.reset();
    if (!json) return;
    const n = Math.trunc(Number(json.n));
    const mean = Number(json.mean);
    const variance = Number(json.variance);
    if (n > 0 && Number.isFinite(mean) && Number.isFinite(variance) && variance >= 0) {
      this.n = n;
      this.mean = mean;
      this.variance = variance;
    }
  }
}
