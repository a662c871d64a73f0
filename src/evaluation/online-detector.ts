/**
 * A generic online anomaly detector for one numeric series, learning from scratch with one fixed
 * set of parameters: each value is scored from what came before it, then learnt. It is the same
 * learning machinery as the pets' baselines (robust exponentially weighted level and spread),
 * made general for any series (`npx pettwin detect`). Pure, O(1) time and memory per value.
 *
 * Three views of "unusual", each a robust z (deviation ÷ learnt spread):
 *  - value: distance from the learnt level (spikes, dips, variance bursts);
 *  - first difference: a jump relative to the usual step size (spikes on a trend or a daily
 *    cycle, where the level itself wanders); ignored on the step back from an outlier, so a
 *    single spike is flagged once, not twice;
 *  - CUSUM of the standardized residual: small sustained shifts and drifts that no single value
 *    reveals (Page 1954).
 * The largest z is squashed to [0, 1]. Learning is robust (Huber-clipped updates), so a spike
 * barely moves the level or the spread; a run of outliers on one side is a level shift, and the
 * level re-anchors there so the new normal stops being flagged.
 * Why these choices generalise: no assumed period, distribution or scale; every threshold is in
 * units of the series' own spread; the spread has a long-memory floor so a quiet spell does not
 * make ordinary noise look anomalous afterwards.
 */

export type OnlineDetectorParams = {
  /** Finite values learnt before scoring starts (scores 0 meanwhile). */
  warmup: number;
  /** EWMA weight of the level. */
  levelAlpha: number;
  /** EWMA weight of the spreads (mean absolute innovation, mean absolute deviation). */
  scaleAlpha: number;
  /** Forgetting factor of the AR(2) fit (1 = never forget). */
  arForgetting: number;
  /** EWMA weight of the long-memory spread that floors the spread. */
  longScaleAlpha: number;
  /** The spread never drops below this fraction of the long-memory spread. */
  floorFraction: number;
  /** Residuals are clipped at this many spreads when learning (Huber). */
  huber: number;
  /** |z| at or above this is an outlier (for the level-shift run and the step-back rule). */
  outlierZ: number;
  /** This many outliers in a row on one side re-anchor the level (a level shift). */
  shiftRun: number;
  /** CUSUM slack and decision level, in spreads. */
  cusumSlack: number;
  cusumLevel: number;
  /** z equivalent of a CUSUM at its decision level. */
  cusumZAtLevel: number;
  /** Score = 0 up to zFloor, then 1 − exp(−((z − zFloor)/zWidth)²). */
  zFloor: number;
  zWidth: number;
};

/** The one parameter set used for every series. */
export const DEFAULT_DETECTOR_PARAMS: Readonly<OnlineDetectorParams> = Object.freeze({
  warmup: 20,
  levelAlpha: 0.02,
  scaleAlpha: 0.02,
  arForgetting: 0.995,
  longScaleAlpha: 0.002,
  floorFraction: 0.1,
  huber: 3,
  outlierZ: 4,
  shiftRun: 5,
  cusumSlack: 0.5,
  cusumLevel: 10,
  cusumZAtLevel: 5,
  zFloor: 3,
  zWidth: 3,
});

/** E|X| = σ·√(2/π) for a normal X: mean absolute residual × this ≈ standard deviation. */
const MAD_TO_SD = Math.sqrt(Math.PI / 2);
/** CUSUM input clip, in spreads: one wild value must not look like a sustained shift. */
const CUSUM_CLIP = 4;
/** Relative resolution below which two values count as equal (float noise in constant series). */
const RELATIVE_EPS = 1e-9;
/** Initial RLS covariance (uninformative) and the AR coefficients' stability bounds. */
const RLS_P0 = 1e4;
const AR_MAX_A2 = 0.98;

export class OnlineDetector {
  private readonly p: OnlineDetectorParams;
  private n = 0;
  private level = 0;
  /** Mean absolute deviation from the level, and its long memory. */
  private devScale = 0;
  /** Mean absolute one-step prediction error (innovation), and its long memory. */
  private scale = 0;
  private longScale = 0;
  // AR(2) on deviations from the level, cleaned of outliers (robust filter), fitted by RLS.
  private y1 = 0;
  private y2 = 0;
  private a1 = 0;
  private a2 = 0;
  private p11 = RLS_P0;
  private p12 = 0;
  private p22 = RLS_P0;
  private cusumUp = 0;
  private cusumDown = 0;
  private run = 0;
  private runSide = 0;
  /** The values of the current outlier run (at most shiftRun), for re-anchoring. */
  private readonly runValues: number[] = [];

  constructor(params: Partial<OnlineDetectorParams> = {}) {
    this.p = { ...DEFAULT_DETECTOR_PARAMS, ...params };
  }

  /** Finite values learnt so far. */
  get learnt(): number {
    return this.n;
  }

  /** Scores `value` against what came before, then learns it. Non-finite values score 0 and are skipped. */
  score(value: number): number {
    if (!Number.isFinite(value)) return 0;
    const p = this.p;
    const eps = RELATIVE_EPS * Math.max(1, Math.abs(this.level), Math.abs(value));
    const y = value - this.level;
    const pred = this.a1 * this.y1 + this.a2 * this.y2;
    const e = y - pred;
    if (this.n < p.warmup) {
      this.learnWarmup(value, y, e);
      return 0;
    }
    const spread = Math.max(this.scale, p.floorFraction * this.longScale) * MAD_TO_SD;
    const devSpread = this.devScale * MAD_TO_SD;
    const zInnovation = robustZ(e, spread, eps);
    const zValue = robustZ(y, devSpread, eps);
    const u = clip(spread > eps ? e / spread : Math.sign(e) * CUSUM_CLIP, CUSUM_CLIP);
    this.cusumUp = Math.max(0, this.cusumUp + u - p.cusumSlack);
    this.cusumDown = Math.max(0, this.cusumDown - u - p.cusumSlack);
    const zCusum = (Math.max(this.cusumUp, this.cusumDown) / p.cusumLevel) * p.cusumZAtLevel;
    const z = Math.max(zInnovation, zValue, zCusum);
    this.learn(value, y, e, spread, devSpread, zInnovation >= p.outlierZ);
    return squash(z, p.zFloor, p.zWidth);
  }

  private learnWarmup(value: number, y: number, e: number): void {
    // Running averages while young (weights 1/n), so early estimates are not tied to the first value.
    const n = ++this.n;
    if (n === 1) {
      this.level = value;
      return;
    }
    this.level += y / n;
    this.devScale += (Math.abs(y) - this.devScale) / (n - 1);
    this.scale += (Math.abs(e) - this.scale) / (n - 1);
    this.longScale = this.scale;
    this.fitAr(value - this.level);
  }

  private learn(value: number, y: number, e: number, spread: number, devSpread: number, outlier: boolean): void {
    const p = this.p;
    this.n++;
    const cap = p.huber * spread;
    const absE = Math.abs(e);
    this.scale += p.scaleAlpha * ((cap > 0 ? Math.min(absE, cap) : absE) - this.scale);
    this.longScale += p.longScaleAlpha * (absE - this.longScale);
    const devCap = p.huber * devSpread;
    this.devScale += p.scaleAlpha * ((devCap > 0 ? Math.min(Math.abs(y), devCap) : Math.abs(y)) - this.devScale);
    // Robust filter: the model learns the value as it would have been without the outlier part;
    // an outlier is learnt as the prediction (a missing value), so a spike does not echo.
    const cleanE = outlier ? 0 : clip(e, cap);
    const cleanY = y - e + cleanE;
    this.level += p.levelAlpha * cleanY;
    this.fitAr(cleanY - p.levelAlpha * cleanY);

    // A run of outliers on one side is a new level: re-anchor at its median.
    const side = outlier ? Math.sign(e) : 0;
    if (side !== 0 && side === this.runSide) {
      this.run++;
    } else {
      this.run = side === 0 ? 0 : 1;
      this.runSide = side;
      this.runValues.length = 0;
    }
    if (side !== 0) this.runValues.push(value);
    if (this.run >= p.shiftRun) {
      this.level = medianOf(this.runValues);
      this.y1 = value - this.level;
      this.y2 = 0;
      // The long memory keeps the jump, so a quiet new level does not make noise look wild.
      this.longScale = Math.max(this.longScale, this.scale);
      this.resetRun();
    }
    // A CUSUM far past its level has found its shift: the level catches up and it starts again.
    if (Math.max(this.cusumUp, this.cusumDown) > 2 * p.cusumLevel) {
      this.level = value;
      this.y1 = 0;
      this.y2 = 0;
      this.resetRun();
    }
  }

  private resetRun(): void {
    this.cusumUp = 0;
    this.cusumDown = 0;
    this.run = 0;
    this.runSide = 0;
    this.runValues.length = 0;
  }

  /** One recursive-least-squares step of y_t = a1·y_{t−1} + a2·y_{t−2}, then shifts the lags. */
  private fitAr(y: number): void {
    const lam = this.p.arForgetting;
    const x1 = this.y1;
    const x2 = this.y2;
    const px1 = this.p11 * x1 + this.p12 * x2;
    const px2 = this.p12 * x1 + this.p22 * x2;
    const denom = lam + x1 * px1 + x2 * px2;
    if (denom > 0 && Number.isFinite(denom)) {
      const k1 = px1 / denom;
      const k2 = px2 / denom;
      const err = y - (this.a1 * x1 + this.a2 * x2);
      let a1 = this.a1 + k1 * err;
      let a2 = this.a2 + k2 * err;
      // Keep the model stable (inside the AR(2) stationarity triangle, with a margin).
      a2 = Math.max(-AR_MAX_A2, Math.min(AR_MAX_A2, a2));
      const lim = 1 - a2 - 0.01;
      a1 = Math.max(-lim, Math.min(lim, a1));
      this.a1 = a1;
      this.a2 = a2;
      this.p11 = Math.min(RLS_P0, (this.p11 - k1 * px1) / lam);
      this.p12 = (this.p12 - k1 * px2) / lam;
      this.p22 = Math.min(RLS_P0, (this.p22 - k2 * px2) / lam);
    }
    this.y2 = this.y1;
    this.y1 = y;
  }
}

function robustZ(deviation: number, spread: number, eps: number): number {
  const d = Math.abs(deviation);
  if (d <= eps) return 0;
  return d / Math.max(spread, eps);
}

function clip(x: number, cap: number): number {
  if (!(cap > 0)) return x;
  return x > cap ? cap : x < -cap ? -cap : x;
}

function squash(z: number, floor: number, width: number): number {
  if (!(z > floor)) return 0;
  const s = 1 - Math.exp(-(((z - floor) / width) ** 2));
  return s > 1 ? 1 : s;
}

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Scores a whole series in order (each value from the ones before it only). */
export function scoreSeries(values: readonly number[], params: Partial<OnlineDetectorParams> = {}): number[] {
  const d = new OnlineDetector(params);
  return values.map((v) => d.score(v));
}
