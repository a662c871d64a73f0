/**
 * Deviation from the pet's own normal: the short-term resting average of heart rate or
 * temperature moved far from the learned baseline (in SDs and in absolute terms) — a sustained shift that stays
 * inside textbook ranges and so escapes every fixed threshold. Silent until the baseline is warm.
 */
import { DEV_BAND, DEV_CLEAR, DEV_DEVIATING, SD_FLOOR, type PetBaselines } from '../pet-baselines.ts';
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import type { PetWindows } from '../pet-windows.ts';
import type { ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type SignalId, type Verdict } from './verdict.ts';

/** Opens at |z| ≥ 4 (well beyond the ±2 SD one veterinary platform uses on 30-day baselines,
 * clinical.md, because ours is judged per reading), clears under 2.5 (hysteresis). */
export const DEVIATION_OPEN_Z = 4;
const DEVIATION_CLEAR_Z = 2.5;
/** Minimum shift that matters to an owner: heart rate 30 % of the baseline for dogs, 20 % for
 * cats, 0.8 °C (engineering values; a cat's resting rate 25 % up for minutes is as telling as a
 * dog's 50 %). Dogs were at 20 %: puppies after play, a terrier panting on a hot afternoon and a
 * senior dachshund at 4 am each rose 20–28 % for minutes and were alarmed on; at 30 % library
 * seeds 1–4 raised 3 such alarms instead of 13 and missed no shift (issue 3). */
const MIN_SHIFT_FRACTION_HR = { dog: 0.3, cat: 0.2 } as const;
const MIN_SHIFT_TEMP_C = 0.8;

/** Which signals a fixed-threshold detector is already reporting (those are not double-reported here). */
export type SignalMask = { heartRate: boolean; respiratoryRate: boolean; temperatureC: boolean };

/** judgeSignal result when the signal could not be judged. */
const NOT_JUDGED = -1;

export function scoreBaselineDeviation(c: ReadingContext, w: PetWindows, b: PetBaselines, t: ClinicalThresholds, excluded: SignalMask, v: Verdict): void {
  // Judged only once heart and breathing have settled after exertion (slow recovery), so the
  // minutes of recovery after play are never mistaken for a shift.
  if (!c.breathSettled) return notEvaluable(v);
  // Heart rate against the pet's own normal for the state it is in (asleep or awake at rest, by
  // hour of day once established): the pooled resting normal mixes both, so a pet awake after
  // a long sleep looked 20 % "up" (issue 3). Before the state's normal is learned, the pooled
  // one stands in. Only a rise counts: a heart that slows while the pet lies still is most often
  // a doze the sleep check did not call sleep (3 false alarms in library seed 4) or deep sleep,
  // and a heart too slow is for the bradycardia and collapse detectors and their clinical lines.
  let zHr = NOT_JUDGED;
  if (c.hrOk && !excluded.heartRate) {
    const own = b.hrRef(c.ts, c.sleeping);
    const mean = own ? b.refMean : b.hr.mean;
    const sd = own ? b.refSd : b.hr.sd;
    if (own || b.hr.warm) zHr = judgeSignal(b, 0, mean, sd, w.shortHr, SD_FLOOR.heartRate, mean * MIN_SHIFT_FRACTION_HR[t.species], true);
  }
  // Breathing is not judged here: at rest it is dominated by panting for heat, which is normal
  // and can last half an hour; the sleeping-breathing rule (respiration.ts) compares breathing
  // with the pet's own sleeping baseline where panting does not interfere.
  b.deviation[1] = DEV_CLEAR;
  const zTemp =
    c.tempOk && !excluded.temperatureC && b.temp.warm
      ? judgeSignal(b, 2, b.temp.mean, b.temp.sd, w.shortTemp, SD_FLOOR.temperatureC, MIN_SHIFT_TEMP_C, false)
      : NOT_JUDGED;
  if (zHr === NOT_JUDGED && zTemp === NOT_JUDGED) return notEvaluable(v);
  // Report the signal deviating most in this reading (z is 0 for a signal that is not deviating).
  let signal: SignalId = 'none';
  let value = Number.NaN;
  let best = 0;
  if (zHr > best) {
    best = zHr;
    signal = 'heartRate';
    value = w.shortHr;
  }
  if (zTemp > best) {
    signal = 'temperatureC';
    value = w.shortTemp;
  }
  const d = b.deviation;
  // Clear only when every signal was last seen clear, so one quiet signal cannot clear another's shift.
  const clear = d[0] === DEV_CLEAR && d[1] === DEV_CLEAR && d[2] === DEV_CLEAR;
  judge(v, signal === 'none' ? 0 : 1, clear, value, signal);
}

/** Updates the stored deviation state of one signal against a warm normal (mean, sd); returns
 * its |z| when deviating, 0 when not, NOT_JUDGED without a short-term value. With `upOnly`, a
 * value below the normal counts as clear. */
function judgeSignal(b: PetBaselines, idx: number, mean: number, sd: number, short: number, sdFloor: number, minShift: number, upOnly: boolean): number {
  if (Number.isNaN(short)) return NOT_JUDGED;
  const s = sd > sdFloor ? sd : sdFloor;
  const diff = upOnly && short < mean ? 0 : short - mean;
  const z = Math.abs(diff) / s;
  let state = DEV_CLEAR;
  if (z >= DEVIATION_OPEN_Z && Math.abs(diff) >= minShift) state = DEV_DEVIATING;
  else if (z >= DEVIATION_CLEAR_Z) state = DEV_BAND;
  b.deviation[idx] = state;
  return state === DEV_DEVIATING ? z : 0;
}
