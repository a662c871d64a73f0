/**
 * The pet's own learned normal for heart rate, breathing rate and temperature, plus the last
 * deviation state of each signal. Learns only from clean resting readings that no detector
 * flagged, so an illness never becomes the new normal while it is being reported.
 * Normal depends on activity: besides the resting baseline (awake rest and sleep together) it
 * keeps a sleeping baseline of heart and breathing rate, learned only while the pet sleeps,
 * which the sleeping-breathing rule compares with (vets compare sleeping RR with sleeping RR).
 * By time of day and activity: hourly buckets per state (time-of-day-baselines.ts) for heart and
 * breathing rate, used once established on an earlier day, with the pooled baselines as the
 * fallback. Awake resting breathing has its own pooled normal that includes the pet's usual
 * panting (a dog in a warm home pants for hours while lying still): it learns from readings that
 * only the tachypnea detector flagged, so the pet's habitual panting can become its own normal,
 * but never while a medical alert is open, and once warm never from a sudden jump (> 3 SD).
 * Everything round-trips through engine snapshots, so a restarted analyzer keeps it.
 */
import type { BaselineView } from './engine-contract.ts';
import { BASELINE_WARMUP_SAMPLES, SignalBaseline, type BaselineJson } from './baseline.ts';
import { SLEEP_ACTIVITY_MAX, type ReadingContext } from './reading-context.ts';
import { BucketedBaseline, STATE_AWAKE_REST, STATE_SLEEP, type BucketedBaselineJson } from './time-of-day-baselines.ts';

/** SD floors: a very steady pet must still move this much to count as "far" (sensor resolution). */
export const SD_FLOOR = { heartRate: 3, respiratoryRate: 2, temperatureC: 0.15 } as const;
/** Once warm, a value this many SDs from the mean is not learned: a sudden change is for the
 * deviation detector to judge, not for the baseline to absorb before anyone looks. */
const LEARN_OUTLIER_Z = 3;
/** SD floor of the awake HRV fraction (engineering value: ~6 % of a typical dog's 0.165, i.e.
 * 165 ms RMSSD at 60 bpm, Hasegawa et al. 2024), so a steady pet still learns small changes. */
const HRV_NORM_SD_FLOOR = 0.01;
/** Sleeping breathing is not learned while its one-minute mean sits more than 15 % above the
 * learned sleeping normal (the relative rule's clear line, respiration.ts): in the band between
 * clear and alert it is neither alarmed on nor absorbed, or a slow rise over 20 min (the
 * early sign of heart failure, [CARDIO]) would drag the normal up with it (issue 3). */
export const SLEEP_RR_LEARN_MAX_RATIO = 1.15;
/** The sleeping normal bounds its own learning once it holds a minute of sleep (one full
 * sleeping window, pet-windows.ts SLEEP_RR_WINDOW at 1 Hz). */
const SLEEP_RR_BOUND_MIN_SAMPLES = 60;
/** The sleeping breathing normal is used once it holds 3 min of sleep, not the general 5-min
 * warm-up (baseline.ts): asleep, breathing is the steadiest signal a collar has (one-minute means
 * of healthy sleeping dogs wander ~10 %, test/unit/analysis-regressions-sensors-simulator.test.ts), and owners are
 * told to count it over 30–60 s ([CARDIO], clinical.md). A dog that slept only 4–5 min before a
 * rise began was otherwise judged on the absolute 30/min line alone and its rise from 9 to 21
 * missed (issue 3). */
export const SLEEP_RR_REF_MIN_SAMPLES = 180;

export type PetBaselinesJson = {
  hr: BaselineJson;
  rr: BaselineJson;
  temp: BaselineJson;
  sleepHr?: BaselineJson;
  sleepRr?: BaselineJson;
  awakeHr?: BaselineJson;
  awakeRr?: BaselineJson;
  awakeHrv?: BaselineJson;
  sleepHrv?: BaselineJson;
  hrByHour?: BucketedBaselineJson;
  rrByHour?: BucketedBaselineJson;
  deviation: number[];
};

/** Per-signal deviation state for the baseline detector: 0 clear, 1 in between, 2 deviating. */
export const DEV_CLEAR = 0;
export const DEV_BAND = 1;
export const DEV_DEVIATING = 2;

export class PetBaselines {
  readonly hr = new SignalBaseline();
  readonly rr = new SignalBaseline();
  readonly temp = new SignalBaseline();
  /** Learned only from sleeping readings (still for a minute or more). */
  readonly sleepHr = new SignalBaseline();
  readonly sleepRr = new SignalBaseline();
  /** Awake resting heart rate (settled, not asleep): the deviation detector's awake normal. */
  readonly awakeHr = new SignalBaseline();
  /** Awake resting breathing (settled, not asleep), including the pet's usual panting. */
  readonly awakeRr = new SignalBaseline();
  /** Awake resting HRV as a fraction of the beat interval (reading-context.ts hrvNorm): learned
   * only while the pet is settled but moving a little more than a sleeping pet does, so it is
   * certainly awake; the sleep check compares with it (SLEEP_HRV_RATIO). */
  readonly awakeHrv = new SignalBaseline();
  /** The same fraction asleep: the sleep check's reference while the awake one is not learned. */
  readonly sleepHrv = new SignalBaseline();
  /** Hour-of-day × state (asleep, awake at rest) normals. */
  readonly hrByHour = new BucketedBaseline();
  readonly rrByHour = new BucketedBaseline();
  /** Index 0 heart rate, 1 breathing, 2 temperature. */
  readonly deviation = new Uint8Array(3);
  /** Output of the *Ref lookups (no allocation per reading). */
  refMean = Number.NaN;
  refSd = Number.NaN;
  /** True when the last *Ref lookup used this hour's bucket, false when the pooled normal. */
  refHourly = false;

  /**
   * Learns from the reading when `c` is baseline grade. The caller vouches that no medical
   * alert is open; `flagged` says a medical detector flagged this reading, `onlyTachypnea` that
   * the tachypnea detector was the only one. `sleepRrMean` is the one-minute sleeping mean (NaN
   * when not full).
   */
  learn(c: ReadingContext, flagged: boolean, onlyTachypnea: boolean, sleepRrMean: number): void {
    if (!c.baselineGrade) return;
    const rrSettled = c.rrOk && c.breathSettled;
    if (!c.sleeping && rrSettled && (!flagged || onlyTachypnea)) {
      learnOne(this.awakeRr, c.rr, SD_FLOOR.respiratoryRate);
      learnBucket(this.rrByHour, BucketedBaseline.indexOf(STATE_AWAKE_REST, c.ts), c.rr, c.ts, this.awakeRr, SD_FLOOR.respiratoryRate);
    }
    if (flagged) return;
    if (!Number.isNaN(c.hrvNorm)) {
      if (c.sleeping) learnOne(this.sleepHrv, c.hrvNorm, HRV_NORM_SD_FLOOR);
      else if (c.breathSettled && c.activity > SLEEP_ACTIVITY_MAX) learnOne(this.awakeHrv, c.hrvNorm, HRV_NORM_SD_FLOOR);
    }
    // Heart rate is not learned while its short-term mean sits outside the clear band of the
    // deviation detector (baseline-deviation.ts): a resting rate that jumped 30 % was absorbed
    // by its young awake normal reading by reading, within 3 SD each, until the shift was gone
    // before its 5-min persistence was up (issue 3).
    const hrLearn = c.hrOk && this.deviation[0] === DEV_CLEAR;
    if (hrLearn) learnOne(this.hr, c.hr, SD_FLOOR.heartRate);
    // Breathing stays up for minutes after exertion: learn it only once it has settled.
    if (rrSettled) learnOne(this.rr, c.rr, SD_FLOOR.respiratoryRate);
    if (c.tempOk) learnOne(this.temp, c.temp, SD_FLOOR.temperatureC);
    if (!c.sleeping) {
      // The awake normal learns only from settled readings, as the deviation detector and the
      // own-rate tachycardia rule judge only settled ones: "resting" alone holds the minutes a
      // heart takes to come down after play, which raised a large dog's awake normal and
      // doubled its SD, so a 1.5× resting shift sat under the 4-SD line and was missed
      // (issue 3, library seed 1 ep-0202/ep-0213, seed 2 ep-0212, seed 3 ep-0210).
      if (hrLearn && c.breathSettled) {
        // Until its own normal is warm, a value far from the pooled resting one is not learned:
        // a pet that had only slept before its resting rate jumped (pain, early illness) must
        // not learn the jump as its awake normal (issue 3).
        if (this.awakeHr.warm || !this.hr.warm || Math.abs(c.hr - this.hr.mean) <= LEARN_OUTLIER_Z * Math.max(this.hr.sd, SD_FLOOR.heartRate)) {
          learnOne(this.awakeHr, c.hr, SD_FLOOR.heartRate);
        }
        learnBucket(this.hrByHour, BucketedBaseline.indexOf(STATE_AWAKE_REST, c.ts), c.hr, c.ts, this.hr, SD_FLOOR.heartRate);
      }
      return;
    }
    if (hrLearn) {
      learnOne(this.sleepHr, c.hr, SD_FLOOR.heartRate);
      learnBucket(this.hrByHour, BucketedBaseline.indexOf(STATE_SLEEP, c.ts), c.hr, c.ts, this.sleepHr, SD_FLOOR.heartRate);
    }
    // The sleeping normal bounds itself from its first learned minute on. It used to be bounded
    // by the awake resting normal until warm, but awake breathing wanders far more than sleeping
    // (calibration.ts; Invoxia sessions minutes apart differ by 30 %): a dog that happened to
    // breathe 12/min awake and slept at 18 never learned a sleeping normal at all, and was
    // alarmed on for it (issue 3). Only a full minute of sleep that sits in band is learned: the
    // first minute of each sleep used to be learned unchecked, absorbing a minute of any rise.
    const bound = this.sleepRr;
    const inBand = bound.n < SLEEP_RR_BOUND_MIN_SAMPLES || (!Number.isNaN(sleepRrMean) && sleepRrMean <= bound.mean * SLEEP_RR_LEARN_MAX_RATIO);
    if (rrSettled && inBand) {
      learnOne(this.sleepRr, c.rr, SD_FLOOR.respiratoryRate);
      learnBucket(this.rrByHour, BucketedBaseline.indexOf(STATE_SLEEP, c.ts), c.rr, c.ts, this.sleepRr, SD_FLOOR.respiratoryRate);
    }
  }

  /** The pet's own sleeping breathing normal at `ts` into refMean/refSd: this hour's bucket when
   * established, else the pooled sleeping baseline. False when neither is warm. */
  sleepRrRef(ts: number): boolean {
    return this.ref(this.rrByHour, BucketedBaseline.indexOf(STATE_SLEEP, ts), ts, this.sleepRr, SLEEP_RR_REF_MIN_SAMPLES);
  }

  /** The pet's own resting heart rate at `ts` in the state it is in (asleep, or awake at rest),
   * as sleepRrRef: a sleeping heart is slower than an awake resting one (calibration.ts
   * SLEEP_FACTOR), so each state is compared with its own normal. */
  hrRef(ts: number, sleeping: boolean): boolean {
    return sleeping
      ? this.ref(this.hrByHour, BucketedBaseline.indexOf(STATE_SLEEP, ts), ts, this.sleepHr)
      : this.ref(this.hrByHour, BucketedBaseline.indexOf(STATE_AWAKE_REST, ts), ts, this.awakeHr);
  }

  /** The pet's own awake resting breathing normal (panting included) at `ts`, as sleepRrRef. */
  awakeRrRef(ts: number): boolean {
    return this.ref(this.rrByHour, BucketedBaseline.indexOf(STATE_AWAKE_REST, ts), ts, this.awakeRr);
  }

  private ref(buckets: BucketedBaseline, i: number, ts: number, pooled: SignalBaseline, minSamples = BASELINE_WARMUP_SAMPLES): boolean {
    if (buckets.established(i, ts)) {
      this.refMean = buckets.mean(i);
      this.refSd = buckets.sd(i);
      this.refHourly = true;
      return true;
    }
    if (pooled.n >= minSamples) {
      this.refMean = pooled.mean;
      this.refSd = pooled.sd;
      this.refHourly = false;
      return true;
    }
    return false;
  }

  view(): BaselineView {
    return { heartRate: viewOf(this.hr), respiratoryRate: viewOf(this.rr), temperatureC: viewOf(this.temp) };
  }

  reset(): void {
    this.hr.reset();
    this.rr.reset();
    this.temp.reset();
    this.sleepHr.reset();
    this.sleepRr.reset();
    this.awakeHr.reset();
    this.awakeRr.reset();
    this.awakeHrv.reset();
    this.sleepHrv.reset();
    this.hrByHour.reset();
    this.rrByHour.reset();
    this.deviation.fill(0);
  }

  toJSON(): PetBaselinesJson {
    return {
      hr: this.hr.toJSON(),
      rr: this.rr.toJSON(),
      temp: this.temp.toJSON(),
      sleepHr: this.sleepHr.toJSON(),
      sleepRr: this.sleepRr.toJSON(),
      awakeHr: this.awakeHr.toJSON(),
      awakeRr: this.awakeRr.toJSON(),
      awakeHrv: this.awakeHrv.toJSON(),
      sleepHrv: this.sleepHrv.toJSON(),
      hrByHour: this.hrByHour.toJSON(),
      rrByHour: this.rrByHour.toJSON(),
      deviation: Array.from(this.deviation),
    };
  }

  load(json: Partial<PetBaselinesJson> | undefined): void {
    this.reset();
    if (!json) return;
    this.hr.load(json.hr);
    this.rr.load(json.rr);
    this.temp.load(json.temp);
    this.sleepHr.load(json.sleepHr);
    this.sleepRr.load(json.sleepRr);
    this.awakeHr.load(json.awakeHr);
    this.awakeRr.load(json.awakeRr);
    this.awakeHrv.load(json.awakeHrv);
    this.sleepHrv.load(json.sleepHrv);
    this.hrByHour.load(json.hrByHour);
    this.rrByHour.load(json.rrByHour);
    if (Array.isArray(json.deviation)) {
      for (let i = 0; i < 3; i++) this.deviation[i] = Math.max(0, Math.min(2, Math.trunc(Number(json.deviation[i]) || 0)));
    }
  }
}

function learnOne(b: SignalBaseline, x: number, sdFloor: number): void {
  if (b.warm && Math.abs(x - b.mean) > LEARN_OUTLIER_Z * (b.sd > sdFloor ? b.sd : sdFloor)) return;
  b.add(x);
}

/** Learns into a bucket, rejecting a sudden jump (> 3 SD) from the bucket's own normal once it
 * is warm, or from the pooled normal of the same state before that. */
function learnBucket(buckets: BucketedBaseline, i: number, x: number, ts: number, pooled: SignalBaseline, sdFloor: number): void {
  if (buckets.warm(i)) {
    const sd = buckets.sd(i);
    if (Math.abs(x - buckets.mean(i)) > LEARN_OUTLIER_Z * (sd > sdFloor ? sd : sdFloor)) return;
  } else if (pooled.warm && Math.abs(x - pooled.mean) > LEARN_OUTLIER_Z * (pooled.sd > sdFloor ? pooled.sd : sdFloor)) {
    return;
  }
  buckets.add(i, x, ts);
}

/** Shown only once warm: a half-learned normal is not a normal. */
function viewOf(b: SignalBaseline): { mean: number; sd: number; n: number } | null {
  if (!b.warm) return null;
  return { mean: round1(b.mean), sd: round1(b.sd), n: b.n };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
