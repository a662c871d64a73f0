/**
 * Signal-quality gating: turns one raw reading into what the detectors may trust. A value the
 * collar cannot vouch for (poor contact, motion artefact, collar off the pet) is marked
 * untrusted here, once, so no medical detector ever fires on a technical problem.
 * The context object is reused for every reading (no allocation on the hot path).
 */
import type { VitalsReading } from '../domain/reading.ts';

/** Below this signalQuality the collar's HR/RR are not trusted (clinical.md: motion artefact is
 * the main obstacle; artefact-aware processing removes most false alarms). */
export const QUALITY_TRUST_MIN = 0.5;
/** Baselines learn only from readings at least this clean. */
export const QUALITY_BASELINE_MIN = 0.7;
/** At or below this quality with no heart rate, the sensor is not touching a pet. */
export const COLLAR_OFF_QUALITY_MAX = 0.1;
/** With no heart rate, a temperature below this is the room, not a living pet: severe
 * hypothermia starts at 32 °C (clinical.md, indepet.com.au) and such a pet still has a pulse. */
export const COLLAR_OFF_TEMP_C = 32;
/** Activity fraction at or below which the pet counts as resting (HR/RR judged against rest ranges). */
export const REST_ACTIVITY_MAX = 0.2;
/** Activity fraction at or below which the pet may be asleep. */
export const SLEEP_ACTIVITY_MAX = 0.05;
/** Still for this long before breathing counts as "sleeping RR" (owner guides count RR after the pet settles). */
export const SLEEP_SETTLE_MS = 60_000;
/** Lying still is not proof of sleep: a dog resting awake at activity 0.02–0.05 breathes and
 * pants like an awake dog, and its breathing compared with its sleeping normal looks like the
 * heart-failure rise (issue 3: most false sleeping_rr_rise alerts). Asleep, heart-rate
 * variability is higher (Hasegawa et al. 2024, clinical.md: RMSSD higher asleep). RMSSD is
 * compared as a fraction of the mean beat interval (RMSSD × HR / 60 000), because RMSSD also
 * rises mechanically as the heart slows (Sacha & Pluta 2008, Int J Cardiol 128:444; Sacha 2014,
 * Ann Noninvasive Electrocardiol 19:207), and a pet's heart rate wanders for reasons other than
 * sleep. Once the pet's own awake-resting value of that fraction is learned
 * (pet-baselines.ts), "asleep" also needs its recent average at least this many times the awake
 * one (engineering margin: the geometric middle between awake and a sleep that raises RMSSD by
 * ~30 %). Without HRV, or before the awake value is learned, stillness alone decides, as before. */
export const SLEEP_HRV_RATIO = 1.15;
/** Recent average of that fraction: EWMA with this weight per reading (~20 readings; its
 * per-reading noise of ~10 % averages down to ~2 %, far inside the 15 % margin). */
export const HRV_NORM_ALPHA = 0.05;
/** After activity, heart and breathing take time to settle: recent activity decays with this
 * time constant (engineering value: most of a dog's post-exercise recovery is within 1–2 min),
 * so "resting" means both still now and not just back from play. */
export const ACTIVITY_RECOVERY_MS = 45_000;
/** Motion artefact: while moving (activity ≥ 0.35, i.e. more than resting fidgets), a HR step of ≥ 40 bpm within 2 s is the
 * sensor slipping, not the heart (engineering values; Gunasekaran & Sanders 2024 via clinical.md). */
export const MOTION_ACTIVITY_MIN = 0.35;
export const MOTION_HR_STEP_BPM = 40;
export const MOTION_STEP_WINDOW_MS = 2_000;
/** Breathing settles far more slowly than the heart: dogs keep panting for minutes after
 * exertion (the simulator's own model fades exertion panting over ~4 min). Recent activity for
 * breathing decays with this time constant, so a pet 0.9 active counts as settled for breathing
 * only ~6 min later (engineering value, chosen with margin over a 4-min fade). */
export const BREATH_RECOVERY_MS = 240_000;
/** Halved-value artefact: a collar that locks onto every other beat reports half the rate for a
 * reading, and says its contact is mediocre. A drop to this fraction of the previous value within
 * 2 s with contact quality below QUALITY_BASELINE_MIN is not trusted (engineering value). */
export const REST_HR_DROP_FRACTION = 0.7;
/** A collar is only "off the pet" when it is not being moved about vigorously: a collar on a
 * convulsing pet can lose its pulse signal too (engineering value). */
export const COLLAR_OFF_ACTIVITY_MAX = 0.3;
/** After the collar was off (or read no pulse at all), the skin sensor needs time to warm from
 * room to body temperature; temperature is not trusted for this long (engineering margin: about
 * six time constants of a ~30 s skin-contact sensor). */
export const TEMP_WARMUP_MS = 180_000;

export type ReadingContext = {
  reading: VitalsReading;
  ts: number;
  hr: number;
  hrOk: boolean;
  rr: number;
  rrOk: boolean;
  temp: number;
  tempOk: boolean;
  activity: number;
  activityKnown: boolean;
  /** max(activity now, recent activity decaying with ACTIVITY_RECOVERY_MS); NaN when unknown. */
  effActivity: number;
  /** Like effActivity with the slow BREATH_RECOVERY_MS decay; NaN when unknown. */
  breathActivity: number;
  resting: boolean;
  /** Still now and long enough after exertion for breathing to have settled. */
  breathSettled: boolean;
  sleeping: boolean;
  quality: number;
  qualityKnown: boolean;
  lowQuality: boolean;
  motionArtefact: boolean;
  /** A heart rate present but rejected as an artefact (motion step or halved value at rest). */
  hrArtefact: boolean;
  collarOff: boolean;
  /** The skin temperature sensor is still warming up after the collar was off. */
  tempWarmingUp: boolean;
  allVitalsNull: boolean;
  /** No vital sign and no housekeeping either (activity, battery) from a collar that has sent
   * housekeeping before: its sensors have gone silent, not merely lost the pulse. */
  deviceSilent: boolean;
  /** Clean enough, and at rest, for the pet's own baseline to learn from. */
  baselineGrade: boolean;
  /** RMSSD as a fraction of the mean beat interval (hrvMs × hr / 60 000); NaN without a trusted pair. */
  hrvNorm: number;
};

/** The pet's learned values of hrvNorm awake at rest and asleep (SignalBaselines in pet-baselines.ts). */
type HrvRef = { readonly warm: boolean; readonly mean: number };
export type HrvRefs = { readonly awakeHrv: HrvRef; readonly sleepHrv: HrvRef };

export function createReadingContext(): ReadingContext {
  return {
    reading: undefined as unknown as VitalsReading,
    ts: 0,
    hr: 0,
    hrOk: false,
    rr: 0,
    rrOk: false,
    temp: 0,
    tempOk: false,
    activity: 0,
    activityKnown: false,
    effActivity: Number.NaN,
    breathActivity: Number.NaN,
    resting: false,
    breathSettled: false,
    sleeping: false,
    quality: 1,
    qualityKnown: false,
    lowQuality: false,
    motionArtefact: false,
    hrArtefact: false,
    collarOff: false,
    tempWarmingUp: false,
    allVitalsNull: false,
    deviceSilent: false,
    baselineGrade: false,
    hrvNorm: Number.NaN,
  };
}

/** What the previous reading of the same pet said, for the motion-artefact and sleep checks. */
export type PreviousReading = {
  hr: number;
  hrTs: number;
  stillSinceTs: number;
  /** Effective activity after the previous reading, and its sensor time. */
  effActivity: number;
  effTs: number;
  /** Slow-decaying activity for breathing (BREATH_RECOVERY_MS), same sensor time as effTs. */
  breathActivity: number;
  /** Sensor time of the newest reading that looked like the collar was off the pet. */
  collarOffTs: number;
  /** Recent average of hrvNorm (EWMA, HRV_NORM_ALPHA); NaN when unknown. */
  hrvNorm: number;
  /** Sensor time of the newest reading with activity or battery (housekeeping), NaN when this
   * collar has never sent either (some collars send vital signs only). */
  housekeepingTs: number;
};

/** Fills `c` from `r`. `prev` and `hrv` are read, not written. */
export function fillReadingContext(c: ReadingContext, r: VitalsReading, prev: PreviousReading, hrv: HrvRefs): void {
  c.reading = r;
  c.ts = r.ts;
  const hrPresent = r.heartRate !== null;
  const rrPresent = r.respiratoryRate !== null;
  const tempPresent = r.temperatureC !== null;
  c.hr = r.heartRate ?? Number.NaN;
  c.rr = r.respiratoryRate ?? Number.NaN;
  c.temp = r.temperatureC ?? Number.NaN;
  c.activityKnown = r.activity !== null;
  c.activity = r.activity ?? Number.NaN;
  c.qualityKnown = r.signalQuality !== null;
  c.quality = r.signalQuality ?? 1;
  c.lowQuality = c.quality < QUALITY_TRUST_MIN;
  c.allVitalsNull = !hrPresent && !rrPresent && !tempPresent;
  c.deviceSilent = c.allVitalsNull && r.activity === null && r.batteryPct === null && !Number.isNaN(prev.housekeepingTs);
  c.collarOff =
    !hrPresent &&
    (!c.activityKnown || c.activity <= COLLAR_OFF_ACTIVITY_MAX) &&
    ((c.qualityKnown && c.quality <= COLLAR_OFF_QUALITY_MAX) || (tempPresent && c.temp < COLLAR_OFF_TEMP_C));
  if (c.activityKnown) {
    const dt = r.ts - prev.effTs;
    const carried = Number.isNaN(prev.effActivity) ? 0 : prev.effActivity * Math.exp(-dt / ACTIVITY_RECOVERY_MS);
    c.effActivity = c.activity > carried ? c.activity : carried;
    // With no history (first reading, or after a long silence) the pet may just have been
    // running: breathing counts as unsettled until a full recovery has been watched.
    const carriedBreath = Number.isNaN(prev.breathActivity) ? 1 : prev.breathActivity * Math.exp(-dt / BREATH_RECOVERY_MS);
    c.breathActivity = c.activity > carriedBreath ? c.activity : carriedBreath;
  } else {
    c.effActivity = Number.NaN;
    c.breathActivity = Number.NaN;
  }
  c.resting = c.activityKnown && c.effActivity <= REST_ACTIVITY_MAX;
  c.breathSettled = c.resting && c.breathActivity <= REST_ACTIVITY_MAX;
  c.sleeping =
    c.activityKnown && c.activity <= SLEEP_ACTIVITY_MAX && !Number.isNaN(prev.stillSinceTs) && r.ts - prev.stillSinceTs >= SLEEP_SETTLE_MS;
  // Still is not enough once the pet's HRV is known: sleep must look like sleep too, i.e. at
  // least SLEEP_HRV_RATIO above its awake value, or (awake value not learned yet, e.g. a pet
  // that has only slept so far) not that far below its sleeping value.
  if (c.sleeping && !Number.isNaN(prev.hrvNorm)) {
    if (hrv.awakeHrv.warm) c.sleeping = prev.hrvNorm >= hrv.awakeHrv.mean * SLEEP_HRV_RATIO;
    else if (hrv.sleepHrv.warm) c.sleeping = prev.hrvNorm * SLEEP_HRV_RATIO >= hrv.sleepHrv.mean;
  }
  const step = hrPresent && !Number.isNaN(prev.hr) && r.ts - prev.hrTs <= MOTION_STEP_WINDOW_MS && Math.abs(c.hr - prev.hr) >= MOTION_HR_STEP_BPM;
  // A big one-reading step is an artefact while moving, or at any activity when the collar
  // itself reports mediocre contact (a real rise at rest keeps good contact).
  c.motionArtefact = step && ((c.activityKnown && c.activity >= MOTION_ACTIVITY_MIN) || (c.qualityKnown && c.quality < QUALITY_BASELINE_MIN));
  const halved =
    hrPresent &&
    c.qualityKnown &&
    c.quality < QUALITY_BASELINE_MIN &&
    !Number.isNaN(prev.hr) &&
    r.ts - prev.hrTs <= MOTION_STEP_WINDOW_MS &&
    c.hr <= prev.hr * REST_HR_DROP_FRACTION;
  c.hrArtefact = c.motionArtefact || halved;
  const signalOk = !c.collarOff && !c.lowQuality;
  c.hrOk = hrPresent && signalOk && !c.hrArtefact;
  c.rrOk = rrPresent && signalOk && !c.motionArtefact;
  c.tempWarmingUp = c.collarOff || (!Number.isNaN(prev.collarOffTs) && r.ts - prev.collarOffTs < TEMP_WARMUP_MS);
  c.tempOk = tempPresent && signalOk && !c.tempWarmingUp;
  c.baselineGrade = c.resting && c.quality >= QUALITY_BASELINE_MIN && !c.hrArtefact && !c.collarOff;
  c.hrvNorm = c.hrOk && r.hrvMs !== null && r.hrvMs > 0 ? (r.hrvMs * c.hr) / 60_000 : Number.NaN;
}
