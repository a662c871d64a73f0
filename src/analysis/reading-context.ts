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
  /** Clean enough, and at rest, for the pet's own baseline to learn from. */
  baselineGrade: boolean;
};

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
    baselineGrade: false,
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
};

/** Fills `c` from `r`. `prev` is read, not written. */
export function fillReadingContext(c: ReadingContext, r: VitalsReading, prev: PreviousReading): void {
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
}
