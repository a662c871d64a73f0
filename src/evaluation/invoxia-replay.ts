/**
 * Real dogs as collar readings: turns Invoxia recording sessions (src/simulator/invoxia.ts) into
 * 1 Hz VitalsReadings, for the evaluator (replayed through the detection engine) and for the
 * live replay into Kafka (live-replay.ts). Pure; the choices below are the documented ones:
 *  - heart rate at second t = the most recent 20 s window that has ended (endS ≤ t), for
 *    HR_STALE_S after its end; breathing rate likewise from the 40 s windows, for BR_STALE_S.
 *    Causal on purpose: a collar reports a window's rate when the window is complete.
 *  - inside a bad_ecg interval [start, end) the heart rate is null and signalQuality is
 *    BAD_ECG_QUALITY (poor contact, below the analyzer's trust level); elsewhere signalQuality
 *    is null, since the data set reports no quality figure for good signal.
 *  - temperature, activity, HRV and battery are null (not in the data set).
 *  - sessions have no wall-clock time: a dog's sessions are played in file order, one after
 *    the other, with SESSION_GAP_S of silence between them.
 */
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { invoxiaDogs, type InvoxiaDog, type InvoxiaSegment, type InvoxiaSession } from '../simulator/invoxia.ts';

/** A 20 s HR window's value is reported until this long after it ended (windows come every 10 s). */
export const HR_STALE_S = 20;
/** A 40 s breathing window's value is reported until this long after it ended. */
export const BR_STALE_S = 40;
/** signalQuality reported while the ECG is flagged bad. */
export const BAD_ECG_QUALITY = 0.3;
/** Silence between two sessions of the same dog (no wall clock in the data set; assumption). */
export const SESSION_GAP_S = 300;
/** Profile defaults when a dog's weight or age is missing: a medium adult dog, as the analyzer's default. */
export const DEFAULT_WEIGHT_KG = 20;
export const DEFAULT_AGE_YEARS = 4;

/** One second of one dog: offset from the dog's first reading, and what the collar reports. */
export type InvoxiaFrame = {
  tS: number;
  heartRate: number | null;
  respiratoryRate: number | null;
  signalQuality: number | null;
};

export type InvoxiaDogTimeline = {
  dog: InvoxiaDog;
  profile: PetProfile;
  deviceId: string;
  sessions: number;
  /** Seconds of recording (gaps excluded). */
  recordedS: number;
  frames: InvoxiaFrame[];
};

/** "australian_shepherd" → "Australian Shepherd". */
export function breedLabel(breed: string): string {
  const words = breed.replace(/[_-]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 'Dog';
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

/** The product's profile for an Invoxia dog: id `invoxia-<id>`, name like "Boxer 14". */
export function invoxiaProfile(dog: InvoxiaDog): PetProfile {
  const id = `invoxia-${dog.petId.replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 100);
  const weight = dog.weightKg !== null && dog.weightKg > 0 && dog.weightKg <= 150 ? dog.weightKg : DEFAULT_WEIGHT_KG;
  const age = dog.ageYears !== null && dog.ageYears >= 0 && dog.ageYears <= 40 ? dog.ageYears : DEFAULT_AGE_YEARS;
  return {
    id,
    name: `${breedLabel(dog.breed)} ${dog.petId}`.slice(0, 100),
    species: 'dog',
    breed: breedLabel(dog.breed).slice(0, 100),
    weightKg: weight,
    ageYears: age,
  };
}

/** Value of the latest window ended at or before t, while fresh; windows sorted by end. */
class WindowCursor {
  private i = -1;
  constructor(
    private readonly windows: readonly InvoxiaSegment[],
    private readonly staleS: number,
  ) {}
  at(t: number): number | null {
    const w = this.windows;
    while (this.i + 1 < w.length && w[this.i + 1]!.endS <= t) this.i++;
    if (this.i < 0) return null;
    const win = w[this.i]!;
    return t - win.endS < this.staleS ? win.value : null;
  }
}

const byEnd = (a: InvoxiaSegment, b: InvoxiaSegment) => a.endS - b.endS || a.startS - b.startS;

/** One frame per whole second of a session: t = 0 … floor(duration) − 1. */
export function sessionFrames(s: InvoxiaSession, offsetS = 0): InvoxiaFrame[] {
  const hr = new WindowCursor([...s.segmentsHr].sort(byEnd), HR_STALE_S);
  const br = new WindowCursor([...s.segmentsBr].sort(byEnd), BR_STALE_S);
  const n = Math.floor(s.durationS);
  const out: InvoxiaFrame[] = new Array(n);
  for (let t = 0; t < n; t++) {
    const bad = s.badEcg.some(([a, b]) => t >= a && t < b);
    const heart = hr.at(t);
    const breath = br.at(t);
    out[t] = {
      tS: offsetS + t,
      heartRate: bad || heart === null || !Number.isFinite(heart) ? null : heart,
      respiratoryRate: breath === null || !Number.isFinite(breath) ? null : breath,
      signalQuality: bad ? BAD_ECG_QUALITY : null,
    };
  }
  return out;
}

/** Every dog of a file as one timeline: its sessions in file order, SESSION_GAP_S apart. */
export function invoxiaTimelines(sessions: readonly InvoxiaSession[]): InvoxiaDogTimeline[] {
  const dogs = invoxiaDogs(sessions);
  const out: InvoxiaDogTimeline[] = [];
  for (const dog of dogs.values()) {
    const own = sessions.filter((s) => s.petId === dog.petId);
    const frames: InvoxiaFrame[] = [];
    let offset = 0;
    let recorded = 0;
    for (const s of own) {
      const f = sessionFrames(s, offset);
      for (const x of f) frames.push(x);
      recorded += f.length;
      offset += f.length + SESSION_GAP_S;
    }
    const profile = invoxiaProfile(dog);
    out.push({ dog, profile, deviceId: `collar-${profile.id}`, sessions: own.length, recordedS: recorded, frames });
  }
  return out;
}

/** The collar reading of one frame, at `ts`, with the collar's sequence number `seq`. */
export function frameReading(tl: Pick<InvoxiaDogTimeline, 'profile' | 'deviceId'>, f: InvoxiaFrame, ts: number, seq: number): VitalsReading {
  return {
    eventId: `${tl.deviceId}-${seq}`,
    petId: tl.profile.id,
    deviceId: tl.deviceId,
    ts,
    seq,
    heartRate: f.heartRate,
    respiratoryRate: f.respiratoryRate,
    temperatureC: null,
    activity: null,
    hrvMs: null,
    batteryPct: null,
    signalQuality: f.signalQuality,
  };
}
