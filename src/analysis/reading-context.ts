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
/** Motion artefact: while moving (activity ≥ 0.6), a HR step of ≥ 40 bpm within 2 s is the
 * sensor slipping, not the heart (engineering values; Gunasekaran & Sanders 2024 via clinical.md). */
export const MOTION_ACTIVITY_MIN = 0.6;
export const MOTION_HR_STEP_BPM = 40;
export const MOTION_STEP_WINDOW_MS = 2_000;

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
  resting: boolean;
  sleeping: boolean;
  quality: number;
  qualityKnown: boolean;
  lowQuality: boolean;
  motionArtefact: boolean;
  collarOff: boolean;
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
    resting: false,
    sleeping: false,
    quality: 1,
    qualityKnown: false,
    lowQuality: false,
    motionArtefact: false,
    collarOff: false,
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
    ((c.qualityKnown && c.quality <= COLLAR_OFF_QUALITY_MAX) || (tempPresent && c.temp < COLLAR_OFF_TEMP_C));
  if (c.activityKnown) {
    const carried = Number.isNaN(prev.effActivity) ? 0 : prev.effActivity * Math.exp(-(r.ts - prev.effTs) / ACTIVITY_RECOVERY_MS);
    c.effActivity = c.activity > carried ? c.activity : carried;
  } else {
    c.effActivity = Number.NaN;
  }
  c.resting = c.activityKnown && c.effActivity <= REST_ACTIVITY_MAX;
  c.sleeping =
    c.activityKnown && c.activity <= SLEEP_ACTIVITY_MAX && !Number.isNaN(prev.stillSinceTs) && r.ts - prev.stillSinceTs >= SLEEP_SETTLE_MS;
  c.motionArtefact =
    hrPresent &&
    c.activityKnown &&
    c.activity >= MOTION_ACTIVITY_MIN &&
    !Number.isNaN(prev.hr) &&
    r.ts - prev.hrTs <= MOTION_STEP_WINDOW_MS &&
    Math.abs(c.hr - prev.hr) >= MOTION_HR_STEP_BPM;
  const signalOk = !c.collarOff && !c.lowQuality;
  c.hrOk = hrPresent && signalOk && !c.motionArtefact;
  c.rrOk = rrPresent && signalOk && !c.motionArtefact;
  c.tempOk = tempPresent && signalOk;
  c.baselineGrade = c.resting && c.quality >= QUALITY_BASELINE_MIN && !c.motionArtefact && !c.collarOff;
}
