/**
 * Breathing: resting tachypnea (fast breathing once settled, not after play), and a sustained
 * rise in sleeping breathing rate, the owner-measurable early sign of heart failure
 * (level 2 over the absolute line, level 1 over the pet's own baseline by 25 %).
 */
import { SD_FLOOR, SLEEP_RR_LEARN_MAX_RATIO, type PetBaselines } from '../pet-baselines.ts';
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import type { PetWindows } from '../pet-windows.ts';
import type { ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** [CARDIO] (clinical.md) dogs: sleeping RR > 25 % above the pet's own baseline: recheck with
 * the vet. The guides give this relative rule for dogs only; cats are judged on the absolute
 * line alone ("consistently ≥ 32/min, some healthy cats reach 38").
 * The guides apply 25 % to an owner's counts compared over days; this rule judges a one-minute
 * mean held for 15 min, and a healthy dog's sleeping rate wanders ~10 % (1 SD) over stretches
 * of 20 min (simulator/calibration.ts, Rishniw et al. 2012), so 25 % is only ~2.2 SD: over
 * library seeds 1–4 it raised 16 false alarms in ~150 healthy pet-days. At 35 % (~3 SD) it
 * raised 3, missed no more rises (they reach 1.5–2.8×), and took ~1 min longer (issue 3). */
export const SLEEP_RR_RELATIVE_RISE = 1.35;
/** …and at least this many breaths/min above it, so a dog whose baseline is 8 does not alert at
 * 10.1 (engineering floor: about 4× the within-session sd of resting RR, 0.8/min, [INVOXIA];
 * the 20-min persistence in alert-policies.ts absorbs the one-minute rises healthy dogs show).
 * Was 4: a dog sleeping at 10/min whose rate rose 40 % to 14 hovered around +4 and was missed
 * (issue 3); with the sleeping baseline no longer dragged up by the rise, 3 is enough. */
export const SLEEP_RR_MIN_RISE = 3;
/** [CARDIO] "some healthy cats reach 38": a sleeping cat at or above this is marked. */
export const CAT_SLEEP_RR_MARKED = 38;
/** Relative rule clears below 15 % above baseline (hysteresis); the baseline stops learning
 * above the same line (pet-baselines.ts). */
const SLEEP_RR_RELATIVE_CLEAR = SLEEP_RR_LEARN_MAX_RATIO;
/** Against the pet's own awake-resting breathing at this hour (its usual panting included):
 * fast breathing is a finding only when it is also this far above that normal, 3 SD and 30 %
 * (engineering margins; clinical.md: breathing rises normally with heat, like heart rate).
 * Clears at 2 SD and 20 % (hysteresis). A pet that never pants keeps an own normal near 15, so
 * for it these lines sit far below the clinical 40/min and change nothing. */
export const TACHYPNEA_OWN_SD = 3;
export const TACHYPNEA_OWN_FRACTION = 0.3;
const TACHYPNEA_OWN_CLEAR_SD = 2;
const TACHYPNEA_OWN_CLEAR_FRACTION = 0.2;


/** A heart within this much of the pet's own awake resting normal is "calm": the larger of
 * 2 SD and 10 % (engineering margins, the deviation detector's clear band and the ~1.1× that
 * posture adds, detectors/heart-rate.ts). */
export const PANTING_CALM_HR_SD = 2;
export const PANTING_CALM_HR_FRACTION = 0.1;

export function scoreTachypnea(c: ReadingContext, w: PetWindows, b: PetBaselines, t: ClinicalThresholds, v: Verdict): void {
  // Panting after exertion is normal and fades over minutes: judged only once breathing has
  // had time to settle (reading-context.ts BREATH_RECOVERY_MS), never a minute after play.
  if (!c.rrOk || !c.breathSettled) return notEvaluable(v);
  const rr = c.rr;
  const th = t.tachypnea;
  // Panting to cool down on a warm day is normal (clinical.md: breathing rises with heat, like
  // heart rate): a panting rate (over the marked line) with a calm heart and no fever is not a
  // finding. Distress that drives breathing this fast also drives the heart (pain, heart or
  // lung disease, heat stroke), and fever and heat stroke have their own detectors. Without
  // this, healthy dogs in warm homes were alarmed on every afternoon (issue 3, library seeds
  // 2–4: 22 of 43 false alarms). Dogs only: the reference's heat note is about dogs, and a cat
  // breathing this fast at rest is not cooling down. Below the marked line the rules below apply.
  if (t.species === 'dog' && rr > th.marked && calmHeart(c, w, b) && !(c.tempOk && c.temp >= t.temperature.fever)) {
    judge(v, 0, true, rr, 'respiratoryRate');
    return;
  }
  let level = rr > th.marked ? 2 : rr > th.mild ? 1 : 0;
  let clear = rr <= th.clear;
  // Asleep the sleeping-breathing rule judges; awake, compare with the pet's own normal for
  // this hour (time-of-day-baselines.ts), so its usual afternoon panting is not a finding.
  if (!c.sleeping && b.awakeRrRef(c.ts)) {
    const sd = b.refSd > SD_FLOOR.respiratoryRate ? b.refSd : SD_FLOOR.respiratoryRate;
    const mean = b.refMean;
    const open = mean + Math.max(TACHYPNEA_OWN_SD * sd, TACHYPNEA_OWN_FRACTION * mean);
    if (rr <= open) level = 0;
    clear = clear || rr <= mean + Math.max(TACHYPNEA_OWN_CLEAR_SD * sd, TACHYPNEA_OWN_CLEAR_FRACTION * mean);
  }
  judge(v, level, clear, rr, 'respiratoryRate');
}

/** The pet's short-term heart rate sits within its own awake resting normal (PANTING_CALM_*);
 * false while that normal is unknown or the heart rate is not trusted. */
function calmHeart(c: ReadingContext, w: PetWindows, b: PetBaselines): boolean {
  if (!c.hrOk || Number.isNaN(w.shortHr) || !b.hrRef(c.ts, false)) return false;
  const sd = b.refSd > SD_FLOOR.heartRate ? b.refSd : SD_FLOOR.heartRate;
  return w.shortHr <= b.refMean + Math.max(PANTING_CALM_HR_SD * sd, PANTING_CALM_HR_FRACTION * b.refMean);
}

export function scoreSleepingRr(c: ReadingContext, w: PetWindows, b: PetBaselines, t: ClinicalThresholds, v: Verdict): void {
  if (!c.sleeping || !c.rrOk || !w.sleepRr.full) return notEvaluable(v);
  const mean = w.sleepRr.mean();
  const th = t.sleepingRr;
  const overLine = th.inclusive ? mean >= th.threshold : mean > th.threshold;
  // Compared with the pet's own sleeping rate at this hour (established bucket, else pooled).
  // Until 5 min of sleep are learned only the absolute line applies: the awake resting rate is
  // no stand-in for the sleeping one ([CARDIO] compares sleeping with sleeping); it wanders far
  // more, and a dog breathing 12/min awake and 18 asleep was alarmed on (issue 3).
  const baseMean = b.sleepRrRef(c.ts) ? b.refMean : Number.NaN;
  const useRelative = t.species === 'dog' && !Number.isNaN(baseMean);
  const relative = useRelative && mean > baseMean * SLEEP_RR_RELATIVE_RISE && mean - baseMean >= SLEEP_RR_MIN_RISE;
  // "Consistently ≥ 32" for cats, and "some healthy cats reach 38" ([CARDIO]): a cat whose own
  // learned sleeping rate already sits near the line is judged on a rise above it, not on the
  // line alone, or it would alarm every time it sleeps.
  const sleepBase = b.sleepRr;
  const absolute = overLine && (t.species === 'dog' || !sleepBase.warm || mean - sleepBase.mean >= SLEEP_RR_MIN_RISE);
  // Level 2 (3-min delay) is a rate no healthy pet of the species sustains asleep: dogs over 30
  // (no healthy dog's mean above 23, [RISHNIW]); cats at or above 38 (healthy cats reach 38,
  // [CARDIO]). Level 1 (20-min delay, "consistently"): a cat at or above 32, or a dog 25 %
  // above its own sleeping baseline.
  const marked = t.species === 'dog' ? absolute : mean >= CAT_SLEEP_RR_MARKED;
  const mild = t.species === 'dog' ? relative : absolute;
  const clear =
    mean <= th.clear && (!useRelative || mean <= baseMean * SLEEP_RR_RELATIVE_CLEAR || mean - baseMean < SLEEP_RR_MIN_RISE / 2);
  judge(v, marked ? 2 : mild ? 1 : 0, clear, mean, 'respiratoryRate');
}
