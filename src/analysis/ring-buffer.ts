/**
 * Fixed-size sliding windows for the hot path: no allocation per reading, O(1) push and query.
 * Every per-pet history in the analyzer is one of these, so memory per pet is bounded by the
 * sizes chosen where they are constructed. Both serialize to plain JSON for engine snapshots.
 */

export type LevelWindowJson = { levels: number[]; head: number; filled: number };
export type NumberWindowJson = { values: number[]; head: number; filled: number };

/** Highest level a window tracks (0 = normal … 3 = severe; see detectors/verdict.ts). */
const MAX_LEVEL = 3;

/** The last `size` small integer levels (0–3), with O(1) "how many were ≥ k". */
export class LevelWindow {
  readonly size: number;
  private readonly levels: Uint8Array;
  /** atLeast[k] = number of stored levels ≥ k, for k = 1..3 (index 0 unused). */
  private readonly atLeast = new Int32Array(MAX_LEVEL + 1);
  private head = 0;
  private filled = 0;

  constructor(size: number) {
    this.size = size;
    this.levels = new Uint8Array(size);
  }

  push(level: number): void {
    if (this.filled === this.size) {
      const old = this.levels[this.head]!;
      for (let k = 1; k <= old; k++) this.atLeast[k]!--;
    } else {
      this.filled++;
    }
    this.levels[this.head] = level;
    for (let k = 1; k <= level; k++) this.atLeast[k]!++;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
  }

  /** How many of the stored levels are ≥ k (k ≥ 1). */
  countAtLeast(k: number): number {
    return this.atLeast[k]!;
  }

  get count(): number {
    return this.filled;
  }

  reset(): void {
    this.levels.fill(0);
    this.atLeast.fill(0);
    this.head = 0;
    this.filled = 0;
  }

  toJSON(): LevelWindowJson {
    return { levels: Array.from(this.levels), head: this.head, filled: this.filled };
  }

  load(json: LevelWindowJson | undefined): void {
    this.reset();
    if (!json || !Array.isArray(json.levels) || json.levels.length !== this.size) return;
    for (let i = 0; i < this.size; i++) {
      const lv = Math.max(0, Math.min(MAX_LEVEL, Math.trunc(Number(json.levels[i]) || 0)));
      this.levels[i] = lv;
    }
    this.head = clampIndex(json.head, this.size);
    this.filled = Math.max(0, Math.min(this.size, Math.trunc(Number(json.filled) || 0)));
    // Recount from the stored levels rather than trusting serialized counters.
    const start = this.filled === this.size ? 0 : (this.head - this.filled + this.size) % this.size;
    for (let i = 0; i < this.filled; i++) {
      const lv = this.levels[(start + i) % this.size]!;
      for (let k = 1; k <= lv; k++) this.atLeast[k]!++;
    }
  }
}

/** The last `size` numbers with an O(1) running mean. */
export class NumberWindow {
  readonly size: number;
  private readonly values: Float64Array;
  private head = 0;
  private filled = 0;
  private sum = 0;

  constructor(size: number) {
    this.size = size;
    this.values = new Float64Array(size);
  }

  push(v: number): void {
    if (this.filled === this.size) {
      this.sum -= this.values[this.head]!;
    } else {
      this.filled++;
    }
    this.values[this.head] = v;
    this.sum += v;
    this.head = this.head + 1 === this.size ? 0 : this.head + 1;
    // Re-sum once per lap so floating-point drift cannot accumulate (amortized O(1)).
    if (this.head === 0) this.resum();
  }

  get count(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.size;
  }

  /** Mean of the stored values, NaN when empty. */
  mean(): number {
    return this.filled === 0 ? Number.NaN : this.sum / this.filled;
  }

  reset(): void {
    this.values.fill(0);
    this.head = 0;
    this.filled = 0;
    this.sum = 0;
  }

  toJSON(): NumberWindowJson {
    return { values: Array.from(this.values), head: this.head, filled: this.filled };
  }

  load(json: NumberWindowJson | undefined): void {
    this.reset();
    if (!json || !Array.isArray(json.values) || json.values.length !== this.size) return;
    for (let i = 0; i < this.size; i++) {
      const v = Number(json.values[i]);
      this.values[i] = Number.isFinite(v) ? v : 0;
    }
    this.head = clampIndex(json.head, this.size);
    this.filled = Math.max(0, Math.min(this.size, Math.trunc(Number(json.filled) || 0)));
    this.resum();
  }

  private resum(): void {
    let s = 0;
    const start = this.filled === this.size ? 0 : (this.head - this.filled + this.size) % this.size;
    for (let i = 0; i < this.filled; i++) s += this.values[(start + i) % this.size]!;
    this.sum = s;
  }
}

function clampIndex(v: unknown, size: number): number {
  const n = Math.trunc(Number(v) || 0);
  return n >= 0 && n < size ? n : 0;
}
