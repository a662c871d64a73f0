/**
 * Breathing: resting tachypnea (fast breathing once settled, not after play), and a sustained
 * rise in sleeping breathing rate, the owner-measurable early sign of heart failure
 * (level 2 over the absolute line, level 1 over the pet's own baseline by 25 %).
 */
import type { PetBaselines } from '../pet-baselines.ts';
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import type { PetWindows } from '../pet-windows.ts';
import type { ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** [CARDIO] (clinical.md) dogs: sleeping RR > 25 % above the pet's own baseline: recheck with
 * the vet. The guides give this relative rule for dogs only; cats are judged on the absolute
 * line alone ("consistently ≥ 32/min, some healthy cats reach 38"). */
export const SLEEP_RR_RELATIVE_RISE = 1.25;
/** …and at least this many breaths/min above it, so a dog whose baseline is 8 does not alert at
 * 10.1 (engineering floor: about 5× the within-session sd of resting RR, 0.8/min, [INVOXIA];
 * the 10-min persistence in alert-policies.ts absorbs the one-minute rises healthy dogs show). */
export const SLEEP_RR_MIN_RISE = 4;
/** [CARDIO] "some healthy cats reach 38": a sleeping cat at or above this is marked. */
export const CAT_SLEEP_RR_MARKED = 38;
/** Relative rule clears below 15 % above baseline (hysteresis). */
const SLEEP_RR_RELATIVE_CLEAR = 1.15;


export function scoreTachypnea(c: ReadingContext, t: ClinicalThresholds, v: Verdict): void {
  // Panting after exertion is normal and fades over minutes: judged only once breathing has
  // had time to settle (reading-context.ts BREATH_RECOVERY_MS), never a minute after play.
  if (!c.rrOk || !c.breathSettled) return notEvaluable(v);
  const rr = c.rr;
  const th = t.tachypnea;
  judge(v, rr > th.marked ? 2 : rr > th.mild ? 1 : 0, rr <= th.clear, rr, 'respiratoryRate');
}

export function scoreSleepingRr(c: ReadingContext, w: PetWindows, b: PetBaselines, t: ClinicalThresholds, v: Verdict): void {
  if (!c.sleeping || !c.rrOk || !w.sleepRr.full) return notEvaluable(v);
  const mean = w.sleepRr.mean();
  const th = t.sleepingRr;
  const overLine = th.inclusive ? mean >= th.threshold : mean > th.threshold;
  // Compared with the pet's own sleeping rate when learned, else its resting rate (which is
  // higher than sleeping, so the fallback errs towards silence).
  const base = b.sleepRr.warm ? b.sleepRr : b.rr;
  const useRelative = t.species === 'dog' && base.warm;
  const relative = useRelative && mean > base.mean * SLEEP_RR_RELATIVE_RISE && mean - base.mean >= SLEEP_RR_MIN_RISE;
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
    mean <= th.clear && (!useRelative || mean <= base.mean * SLEEP_RR_RELATIVE_CLEAR || mean - base.mean < SLEEP_RR_MIN_RISE / 2);
  judge(v, marked ? 2 : mild ? 1 : 0, clear, mean, 'respiratoryRate');
}
