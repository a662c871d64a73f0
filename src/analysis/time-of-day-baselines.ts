/**
 * A pet's own normal by time of day and activity state: one running mean/variance per
 * (state, hour-of-day) bucket for one signal, so a dog that always pants in the warm afternoon,
 * or always sleeps lighter before dawn, is compared with itself at that hour rather than with a
 * pooled average of its whole day. Fixed memory (STATES × HOUR_BUCKETS × 3 numbers in one
 * Float64Array), O(1) and allocation-free per reading, JSON-safe for engine snapshots.
 *
 * A bucket is only used once it is "established": warm (BUCKET_WARMUP_SAMPLES) AND first
 * learned at least BUCKET_ESTABLISHED_MS ago, i.e. on an earlier day. Until then callers fall
 * back to the pooled baseline (pet-baselines.ts). This is what stops a new illness that starts
 * at 3 pm from becoming "the 3 pm normal" within the same afternoon.
 *
 * Hours are UTC hours of the sensor timestamp: the profile carries no time zone, and because
 * every bucket belongs to one pet, any fixed clock maps one-to-one onto the pet's local hours
 * (a daylight-saving change shifts them by one bucket for a few days).
 */

/** Activity states with their own normal. Active and play are not learned: rates during
 * exertion are judged against exertion allowances, never against a resting normal. */
export const STATE_SLEEP = 0;
export const STATE_AWAKE_REST = 1;
const STATES = 2;
/** One bucket per hour of the day. */
export const HOUR_BUCKETS = 24;
/** Samples (≈ s at 1 Hz) a bucket needs before it is trusted: 10 min of that state in that hour
 * (engineering value; the pooled baseline needs 5 min, a bucket sees less varied data). */
export const BUCKET_WARMUP_SAMPLES = 600;
/** A bucket forgets with alpha = 1/HORIZON after this many samples: about three days of a pet
 * spending 20 min of that hour in that state (engineering value: follows seasons, not days). */
export const BUCKET_HORIZON_SAMPLES = 3600;
/** A bucket counts only once its first sample is this old: it holds an earlier day's data. */
export const BUCKET_ESTABLISHED_MS = 20 * 3_600_000;

const HOUR_MS = 3_600_000;
/** Per bucket: n, mean, variance, first-learned ts. */
const FIELDS = 4;

export type BucketedBaselineJson = number[];

export class BucketedBaseline {
  private readonly s = new Float64Array(STATES * HOUR_BUCKETS * FIELDS);

  /** Bucket index of a state at a sensor time. */
  static indexOf(state: number, ts: number): number {
    const hour = Math.floor(ts / HOUR_MS) % HOUR_BUCKETS;
    return state * HOUR_BUCKETS + (hour < 0 ? hour + HOUR_BUCKETS : hour);
  }

  add(i: number, x: number, ts: number): void {
    const s = this.s;
    const o = i * FIELDS;
    const n = s[o]! + 1;
    s[o] = n;
    if (n === 1) s[o + 3] = ts;
    const alpha = n < BUCKET_HORIZON_SAMPLES ? 1 / n : 1 / BUCKET_HORIZON_SAMPLES;
    const diff = x - s[o + 1]!;
    const incr = alpha * diff;
    s[o + 1] = s[o + 1]! + incr;
    s[o + 2] = (1 - alpha) * (s[o + 2]! + diff * incr);
  }

  n(i: number): number {
    return this.s[i * FIELDS]!;
  }

  mean(i: number): number {
    return this.s[i * FIELDS + 1]!;
  }

  sd(i: number): number {
    return Math.sqrt(this.s[i * FIELDS + 2]!);
  }

  warm(i: number): boolean {
    return this.s[i * FIELDS]! >= BUCKET_WARMUP_SAMPLES;
  }

  /** Warm and holding data from an earlier day (see the module header). */
  established(i: number, ts: number): boolean {
    const o = i * FIELDS;
    return this.s[o]! >= BUCKET_WARMUP_SAMPLES && ts - this.s[o + 3]! >= BUCKET_ESTABLISHED_MS;
  }

  reset(): void {
    this.s.fill(0);
  }

  toJSON(): BucketedBaselineJson {
    return Array.from(this.s);
  }

  load(json: unknown): void {
    this.reset();
    if (!Array.isArray(json) || json.length !== this.s.length) return;
    for (let i = 0; i < json.length; i++) {
      const v = Number(json[i]);
      if (!Number.isFinite(v)) {
        this.reset();
        return;
      }
      this.s[i] = v;
    }
    // A negative count or variance is a corrupt snapshot: relearn rather than trust it.
    for (let o = 0; o < this.s.length; o += FIELDS) {
      if (this.s[o]! < 0 || this.s[o + 2]! < 0) {
        this.reset();
        return;
      }
    }
  }
}
