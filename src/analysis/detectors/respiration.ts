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

/** [CARDIO] (clinical.md) sleeping RR > 25 % above the pet's own baseline: recheck with the vet. */
export const SLEEP_RR_RELATIVE_RISE = 1.25;
/** …and at least this many breaths/min above it, so a pet whose baseline is 8 does not alert at
 * 10.1 (engineering floor; healthy sleeping RR varies by several breaths, [INVOXIA] 8–22). */
export const SLEEP_RR_MIN_RISE = 6;
/** Relative rule clears below 15 % above baseline (hysteresis). */
const SLEEP_RR_RELATIVE_CLEAR = 1.15;

export function scoreTachypnea(c: ReadingContext, t: ClinicalThresholds, v: Verdict): void {
  if (!c.rrOk || !c.resting) return notEvaluable(v);
  const rr = c.rr;
  const th = t.tachypnea;
  judge(v, rr > th.marked ? 2 : rr > th.mild ? 1 : 0, rr <= th.clear, rr, 'respiratoryRate');
}

export function scoreSleepingRr(c: ReadingContext, w: PetWindows, b: PetBaselines, t: ClinicalThresholds, v: Verdict): void {
  if (!c.sleeping || !c.rrOk || !w.sleepRr.full) return notEvaluable(v);
  const mean = w.sleepRr.mean();
  const th = t.sleepingRr;
  const absolute = th.inclusive ? mean >= th.threshold : mean > th.threshold;
  const base = b.rr;
  const relative = base.warm && mean > base.mean * SLEEP_RR_RELATIVE_RISE && mean - base.mean >= SLEEP_RR_MIN_RISE;
  const clear = mean <= th.clear && (!base.warm || mean <= base.mean * SLEEP_RR_RELATIVE_CLEAR || mean - base.mean < SLEEP_RR_MIN_RISE / 2);
  judge(v, absolute ? 2 : relative ? 1 : 0, clear, mean, 'respiratoryRate');
}
