/**
 * Per-pet short-term memory that the detectors read: recent heart rate, activity bursts,
 * sleeping breathing rate and short-term averages. Every window is a fixed-size ring (see
 * ring-buffer.ts); updated once per accepted reading, in O(1).
 */
import type { ClinicalThresholds } from './clinical-ranges.ts';
import { SLEEP_ACTIVITY_MAX, type PreviousReading, type ReadingContext } from './reading-context.ts';
import { LevelWindow, NumberWindow, type LevelWindowJson, type NumberWindowJson } from './ring-buffer.ts';

/** Trusted heart rates kept for the collapse "sudden drop" reference (10 s at 1 Hz): enough to
 * know where the heart was just before, without holding history. */
export const RECENT_HR_WINDOW = 10;
/** Readings in the seizure window (30 s at 1 Hz): long enough to see repeated bursts. */
export const SEIZURE_WINDOW = 30;
/** Sleeping RR is judged on the mean of this many sleeping readings (1 min at 1 Hz), as an owner
 * counts breaths over a minute; it bounds memory and smooths single noisy estimates. */
export const SLEEP_RR_WINDOW = 60;
/** Time constant of the short-term average compared with the baseline (alpha 0.05 ≈ 20 readings). */
export const SHORT_EWMA_ALPHA = 0.05;
/** A gap longer than this between readings makes short-term memory stale: start it afresh. */
export const STALE_GAP_MS = 60_000;
/** Activity burst: from below 0.3 to at least 0.7 between consecutive readings (engineering values). */
export const BURST_LOW = 0.3;
export const BURST_HIGH = 0.7;

export type PetWindowsJson = {
  prev: { [K in keyof PreviousReading]: number | null };
  prevActivity: number | null;
  lastTs: number | null;
  recentHr: NumberWindowJson;
  bursts: LevelWindowJson;
  hrHigh: LevelWindowJson;
  sleepRr: NumberWindowJson;
  shortHr: number | null;
  shortRr: number | null;
  shortTemp: number | null;
};

export class PetWindows {
  readonly prev: PreviousReading = {
    hr: Number.NaN,
    hrTs: Number.NaN,
    stillSinceTs: Number.NaN,
    effActivity: Number.NaN,
    effTs: Number.NaN,
  };
  prevActivity = Number.NaN;
  lastTs = Number.NaN;
  /** Mean of recentHr before the current reading was added (NaN when unknown). */
  prevHrMean = Number.NaN;
  readonly recentHr = new NumberWindow(RECENT_HR_WINDOW);
  readonly bursts = new LevelWindow(SEIZURE_WINDOW);
  readonly hrHigh = new LevelWindow(SEIZURE_WINDOW);
  readonly sleepRr = new NumberWindow(SLEEP_RR_WINDOW);
  shortHr = Number.NaN;
  shortRr = Number.NaN;
  shortTemp = Number.NaN;

  /** Adds the reading in `c` (already gated). Must run after fillReadingContext and before the detectors. */
  update(c: ReadingContext, t: ClinicalThresholds): void {
    const ts = c.ts;
    if (!Number.isNaN(this.lastTs) && ts - this.lastTs > STALE_GAP_MS) this.forgetShortTerm();
    this.lastTs = ts;

    this.prevHrMean = this.recentHr.count >= RECENT_HR_WINDOW / 2 ? this.recentHr.mean() : Number.NaN;
    if (c.hrOk) this.recentHr.push(c.hr);

    if (c.activityKnown) {
      const burst = !Number.isNaN(this.prevActivity) && this.prevActivity < BURST_LOW && c.activity >= BURST_HIGH;
      this.bursts.push(burst ? 1 : 0);
      this.hrHigh.push(c.hrOk && c.hr > t.tachycardia.marked ? 1 : 0);
      this.prevActivity = c.activity;
    }

    if (c.sleeping && c.rrOk) this.sleepRr.push(c.rr);
    else if (!c.sleeping && c.activityKnown) this.sleepRr.reset();

    if (c.resting) {
      if (c.hrOk) this.shortHr = ewma(this.shortHr, c.hr);
      if (c.rrOk) this.shortRr = ewma(this.shortRr, c.rr);
      if (c.tempOk) this.shortTemp = ewma(this.shortTemp, c.temp);
    }

    if (c.reading.heartRate !== null) {
      this.prev.hr = c.hr;
      this.prev.hrTs = ts;
    }
    if (c.activityKnown) {
      if (c.activity <= SLEEP_ACTIVITY_MAX) {
        if (Number.isNaN(this.prev.stillSinceTs)) this.prev.stillSinceTs = ts;
      } else {
        this.prev.stillSinceTs = Number.NaN;
      }
      this.prev.effActivity = c.effActivity;
      this.prev.effTs = ts;
    }
  }

  private forgetShortTerm(): void {
    this.recentHr.reset();
    this.bursts.reset();
    this.hrHigh.reset();
    this.sleepRr.reset();
    this.prevActivity = Number.NaN;
    this.shortHr = Number.NaN;
    this.shortRr = Number.NaN;
    this.shortTemp = Number.NaN;
    this.prev.hr = Number.NaN;
    this.prev.hrTs = Number.NaN;
    this.prev.stillSinceTs = Number.NaN;
    this.prev.effActivity = Number.NaN;
    this.prev.effTs = Number.NaN;
  }

  toJSON(): PetWindowsJson {
    return {
      prev: {
        hr: nanToNull(this.prev.hr),
        hrTs: nanToNull(this.prev.hrTs),
        stillSinceTs: nanToNull(this.prev.stillSinceTs),
        effActivity: nanToNull(this.prev.effActivity),
        effTs: nanToNull(this.prev.effTs),
      },
      prevActivity: nanToNull(this.prevActivity),
      lastTs: nanToNull(this.lastTs),
      recentHr: this.recentHr.toJSON(),
      bursts: this.bursts.toJSON(),
      hrHigh: this.hrHigh.toJSON(),
      sleepRr: this.sleepRr.toJSON(),
      shortHr: nanToNull(this.shortHr),
      shortRr: nanToNull(this.shortRr),
      shortTemp: nanToNull(this.shortTemp),
    };
  }

  load(json: Partial<PetWindowsJson> | undefined): void {
    if (!json) return;
    const p = (json.prev ?? {}) as Record<string, unknown>;
    this.prev.hr = nullToNan(p.hr);
    this.prev.hrTs = nullToNan(p.hrTs);
    this.prev.stillSinceTs = nullToNan(p.stillSinceTs);
    this.prev.effActivity = nullToNan(p.effActivity);
    this.prev.effTs = nullToNan(p.effTs);
    this.prevActivity = nullToNan(json.prevActivity);
    this.lastTs = nullToNan(json.lastTs);
    this.recentHr.load(json.recentHr);
    this.bursts.load(json.bursts);
    this.hrHigh.load(json.hrHigh);
    this.sleepRr.load(json.sleepRr);
    this.shortHr = nullToNan(json.shortHr);
    this.shortRr = nullToNan(json.shortRr);
    this.shortTemp = nullToNan(json.shortTemp);
  }
}

function ewma(prev: number, x: number): number {
  return Number.isNaN(prev) ? x : prev + SHORT_EWMA_ALPHA * (x - prev);
}

/** JSON has no NaN: snapshots store "unknown" as null. */
function nanToNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function nullToNan(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}
