/**
 * Per-pet short-term memory that the detectors read: recent heart rate, activity bursts,
 * sleeping breathing rate and short-term averages. Every window is a fixed-size ring (see
 * ring-buffer.ts); updated once per accepted reading, in O(1).
 */
import type { ClinicalThresholds } from './clinical-ranges.ts';
import { HRV_NORM_ALPHA, SLEEP_ACTIVITY_MAX, type PreviousReading, type ReadingContext } from './reading-context.ts';
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
/** Abrupt onset of a convulsion: activity up by at least this much within two readings, into
 * vigorous movement (≥ BURST_HIGH), from whatever the pet was doing. A seizure can start during
 * a walk (library seeds 2–4: five missed seizures began at activity 0.3–0.6, where a burst from
 * below BURST_LOW cannot happen). Engineering value: at 1 Hz a pet speeding up of its own accord
 * rises ~0.1–0.25 per reading (its movement builds over seconds, the simulator's 3-s response);
 * the onset alone is never enough (seizure.ts also needs poor contact and a raised heart rate). */
export const ONSET_STEP = 0.35;
/** Collapse reference: where the heart was over the last minute (EWMA alpha 1/30 per trusted
 * reading, ~30 s) against where it is now (alpha 0.3, ~3 readings). A sudden fall moves "now"
 * within seconds while the reference lags; a pet drifting into deep sleep moves both together. */
export const HR_REF_ALPHA = 1 / 30;
export const HR_NOW_ALPHA = 0.3;
/** Contact quality below this counts as poor for the seizure pattern (engineering value, below
 * the 0.5 trust line: a well-fitted collar on a running dog mostly stays above it). */
export const POOR_CONTACT_QUALITY = 0.4;

export type PetWindowsJson = {
  prev: { [K in keyof PreviousReading]?: number | null };
  prevActivity: number | null;
  prevActivity2?: number | null;
  lastTs: number | null;
  recentHr: NumberWindowJson;
  bursts: LevelWindowJson;
  hrHigh: LevelWindowJson;
  sleepRr: NumberWindowJson;
  shortHr: number | null;
  shortRr: number | null;
  shortTemp: number | null;
  hrRef?: number | null;
  hrNow?: number | null;
  lastRr?: number | null;
  lastRrTs?: number | null;
  lastBurstTs?: number | null;
  actRef?: number | null;
  poorContact?: LevelWindowJson;
  vigorous?: LevelWindowJson;
  hrElevated?: LevelWindowJson;
  bradyFallFromHr?: number | null;
};

export class PetWindows {
  readonly prev: PreviousReading = {
    hr: Number.NaN,
    hrTs: Number.NaN,
    stillSinceTs: Number.NaN,
    effActivity: Number.NaN,
    effTs: Number.NaN,
    breathActivity: Number.NaN,
    collarOffTs: Number.NaN,
    hrvNorm: Number.NaN,
    housekeepingTs: Number.NaN,
  };
  prevActivity = Number.NaN;
  /** Activity two readings back (abrupt-onset check). */
  prevActivity2 = Number.NaN;
  lastTs = Number.NaN;
  /** Mean of recentHr before the current reading was added (NaN when unknown). */
  prevHrMean = Number.NaN;
  readonly recentHr = new NumberWindow(RECENT_HR_WINDOW);
  readonly bursts = new LevelWindow(SEIZURE_WINDOW);
  readonly hrHigh = new LevelWindow(SEIZURE_WINDOW);
  readonly sleepRr = new NumberWindow(SLEEP_RR_WINDOW);
  /** Seizure window: readings with vigorous movement (≥ BURST_HIGH). */
  readonly vigorous = new LevelWindow(SEIZURE_WINDOW);
  /** Seizure window: heart rates (any contact quality) clearly above the pet's own resting rate. */
  readonly hrElevated = new LevelWindow(SEIZURE_WINDOW);
  /** Collapse: slow reference and fast "now" averages of trusted heart rate (NaN when unknown). */
  hrRef = Number.NaN;
  hrNow = Number.NaN;
  /** hrRef as it was before the current reading (what the heart was doing just before). */
  prevHrRef = Number.NaN;
  /** Slow reference of activity (EWMA alpha HR_REF_ALPHA), before the current reading: collapse
   * needs movement to have stopped, not a pet that has lain still all along. */
  actRef = Number.NaN;
  prevActRef = Number.NaN;
  /** Where the heart was (hrRef) just before a sudden fall into a slow rate, while it stays
   * down; NaN when none (detectors/heart-rate.ts scoreBradycardia keeps it). */
  bradyFallFromHr = Number.NaN;
  /** Seizure window: readings with poor contact (the collar shaken about). */
  readonly poorContact = new LevelWindow(SEIZURE_WINDOW);
  /** Sensor time of the newest activity burst (still → vigorous in one reading). */
  lastBurstTs = Number.NaN;
  /** Newest trusted breathing rate and its sensor time (collapse corroboration). */
  lastRr = Number.NaN;
  lastRrTs = Number.NaN;
  shortHr = Number.NaN;
  shortRr = Number.NaN;
  shortTemp = Number.NaN;

  /** Adds the reading in `c` (already gated). Must run after fillReadingContext and before the detectors. */
  update(c: ReadingContext, t: ClinicalThresholds, elevatedHr: number): void {
    const ts = c.ts;
    if (!Number.isNaN(this.lastTs) && ts - this.lastTs > STALE_GAP_MS) this.forgetShortTerm();
    this.lastTs = ts;

    this.prevHrMean = this.recentHr.count >= RECENT_HR_WINDOW / 2 ? this.recentHr.mean() : Number.NaN;
    if (c.hrOk) this.recentHr.push(c.hr);
    this.prevHrRef = this.hrRef;
    if (c.hrOk) {
      this.hrRef = Number.isNaN(this.hrRef) ? c.hr : this.hrRef + HR_REF_ALPHA * (c.hr - this.hrRef);
      this.hrNow = Number.isNaN(this.hrNow) ? c.hr : this.hrNow + HR_NOW_ALPHA * (c.hr - this.hrNow);
    }

    if (c.activityKnown) {
      const burst = !Number.isNaN(this.prevActivity) && this.prevActivity < BURST_LOW && c.activity >= BURST_HIGH;
      this.bursts.push(burst ? 1 : 0);
      // The abrupt onset of a convulsion may straddle two readings (0.06 → 0.66 → 0.74), and it
      // may start from a walk as well as from rest (0.50 → 0.94): a jump of ONSET_STEP or more
      // into vigorous movement within two readings counts as abrupt; play builds up over seconds.
      const a = c.activity;
      const onset =
        burst ||
        (a >= BURST_HIGH &&
          ((!Number.isNaN(this.prevActivity) && a - this.prevActivity >= ONSET_STEP) ||
            (!Number.isNaN(this.prevActivity2) && (this.prevActivity2 < BURST_LOW || a - this.prevActivity2 >= ONSET_STEP))));
      if (onset) this.lastBurstTs = ts;
      this.prevActivity2 = this.prevActivity;
      this.hrHigh.push(c.hrOk && c.hr > t.tachycardia.marked ? 1 : 0);
      this.vigorous.push(c.activity >= BURST_HIGH ? 1 : 0);
      this.poorContact.push(c.qualityKnown && c.quality < POOR_CONTACT_QUALITY ? 1 : 0);
      this.prevActRef = this.actRef;
      this.actRef = Number.isNaN(this.actRef) ? c.activity : this.actRef + HR_REF_ALPHA * (c.activity - this.actRef);
      // Convulsions shake the sensor: count any heart rate that is not a collar-off frame.
      const hr = c.reading.heartRate;
      this.hrElevated.push(hr !== null && !c.collarOff && hr >= elevatedHr ? 1 : 0);
      this.prevActivity = c.activity;
    }

    if (c.rrOk) {
      this.lastRr = c.rr;
      this.lastRrTs = ts;
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
      this.prev.breathActivity = c.breathActivity;
      this.prev.effTs = ts;
    }
    if (c.collarOff) this.prev.collarOffTs = ts;
    // Kept across silences (not in forgetShortTerm): whether a collar sends housekeeping at all
    // is a property of the collar, not of the last minute.
    if (c.reading.activity !== null || c.reading.batteryPct !== null) this.prev.housekeepingTs = ts;
    const hv = c.hrvNorm;
    if (!Number.isNaN(hv)) this.prev.hrvNorm = Number.isNaN(this.prev.hrvNorm) ? hv : this.prev.hrvNorm + HRV_NORM_ALPHA * (hv - this.prev.hrvNorm);
  }

  private forgetShortTerm(): void {
    this.recentHr.reset();
    this.bursts.reset();
    this.hrHigh.reset();
    this.vigorous.reset();
    this.hrElevated.reset();
    this.hrRef = Number.NaN;
    this.hrNow = Number.NaN;
    this.prevHrRef = Number.NaN;
    this.bradyFallFromHr = Number.NaN;
    this.lastRr = Number.NaN;
    this.lastRrTs = Number.NaN;
    this.lastBurstTs = Number.NaN;
    this.actRef = Number.NaN;
    this.prevActRef = Number.NaN;
    this.poorContact.reset();
    this.sleepRr.reset();
    this.prevActivity = Number.NaN;
    this.prevActivity2 = Number.NaN;
    this.shortHr = Number.NaN;
    this.shortRr = Number.NaN;
    this.shortTemp = Number.NaN;
    this.prev.hr = Number.NaN;
    this.prev.hrTs = Number.NaN;
    this.prev.stillSinceTs = Number.NaN;
    this.prev.effActivity = Number.NaN;
    this.prev.effTs = Number.NaN;
    this.prev.breathActivity = Number.NaN;
    this.prev.hrvNorm = Number.NaN;
  }

  toJSON(): PetWindowsJson {
    return {
      prev: {
        hr: nanToNull(this.prev.hr),
        hrTs: nanToNull(this.prev.hrTs),
        stillSinceTs: nanToNull(this.prev.stillSinceTs),
        effActivity: nanToNull(this.prev.effActivity),
        effTs: nanToNull(this.prev.effTs),
        breathActivity: nanToNull(this.prev.breathActivity),
        collarOffTs: nanToNull(this.prev.collarOffTs),
        hrvNorm: nanToNull(this.prev.hrvNorm),
        housekeepingTs: nanToNull(this.prev.housekeepingTs),
      },
      prevActivity: nanToNull(this.prevActivity),
      prevActivity2: nanToNull(this.prevActivity2),
      lastTs: nanToNull(this.lastTs),
      recentHr: this.recentHr.toJSON(),
      bursts: this.bursts.toJSON(),
      hrHigh: this.hrHigh.toJSON(),
      sleepRr: this.sleepRr.toJSON(),
      shortHr: nanToNull(this.shortHr),
      shortRr: nanToNull(this.shortRr),
      shortTemp: nanToNull(this.shortTemp),
      hrRef: nanToNull(this.hrRef),
      hrNow: nanToNull(this.hrNow),
      lastRr: nanToNull(this.lastRr),
      lastRrTs: nanToNull(this.lastRrTs),
      lastBurstTs: nanToNull(this.lastBurstTs),
      actRef: nanToNull(this.actRef),
      poorContact: this.poorContact.toJSON(),
      vigorous: this.vigorous.toJSON(),
      hrElevated: this.hrElevated.toJSON(),
      bradyFallFromHr: nanToNull(this.bradyFallFromHr),
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
    this.prev.breathActivity = nullToNan(p.breathActivity);
    this.prev.collarOffTs = nullToNan(p.collarOffTs);
    this.prev.hrvNorm = nullToNan(p.hrvNorm);
    this.prev.housekeepingTs = nullToNan(p.housekeepingTs);
    this.prevActivity = nullToNan(json.prevActivity);
    this.prevActivity2 = nullToNan(json.prevActivity2);
    this.lastTs = nullToNan(json.lastTs);
    this.recentHr.load(json.recentHr);
    this.bursts.load(json.bursts);
    this.hrHigh.load(json.hrHigh);
    this.sleepRr.load(json.sleepRr);
    this.shortHr = nullToNan(json.shortHr);
    this.shortRr = nullToNan(json.shortRr);
    this.shortTemp = nullToNan(json.shortTemp);
    this.hrRef = nullToNan(json.hrRef);
    this.hrNow = nullToNan(json.hrNow);
    this.lastRr = nullToNan(json.lastRr);
    this.lastRrTs = nullToNan(json.lastRrTs);
    this.lastBurstTs = nullToNan(json.lastBurstTs);
    this.actRef = nullToNan(json.actRef);
    this.poorContact.load(json.poorContact);
    this.vigorous.load(json.vigorous);
    this.hrElevated.load(json.hrElevated);
    this.bradyFallFromHr = nullToNan(json.bradyFallFromHr);
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
