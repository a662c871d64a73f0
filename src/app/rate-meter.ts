/** Events per second over a sliding window of one-second buckets (bounded: WINDOW_S buckets). */
const WINDOW_S = 5;

export class RateMeter {
  private readonly buckets = new Float64Array(WINDOW_S);
  private bucketSecond = 0;
  total = 0;

  constructor(private readonly now: () => number = Date.now) {}

  add(n = 1): void {
    this.roll();
    this.buckets[this.bucketSecond % WINDOW_S]! += n;
    this.total += n;
  }

  /** Average rate over the last complete seconds. */
  rate(): number {
    this.roll();
    const current = this.bucketSecond % WINDOW_S;
    let sum = 0;
    for (let i = 0; i < WINDOW_S; i++) if (i !== current) sum += this.buckets[i]!;
    return Math.round((sum / (WINDOW_S - 1)) * 10) / 10;
  }

  private roll(): void {
    const s = Math.floor(this.now() / 1000);
    if (this.bucketSecond === 0 || s - this.bucketSecond >= WINDOW_S) {
      this.buckets.fill(0);
      this.bucketSecond = s;
      return;
    }
    while (this.bucketSecond < s) {
      this.bucketSecond++;
      this.buckets[this.bucketSecond % WINDOW_S] = 0;
    }
  }
}
