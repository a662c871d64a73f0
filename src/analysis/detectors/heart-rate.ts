/**
 * Activity-aware heart rate: tachycardia is a finding at rest, or when the rate is out of
 * proportion to activity (clinical.md: "a high heart rate is a finding only at rest or when it
 * is out of proportion to activity"); bradycardia is judged at any activity.
 */
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import { REST_ACTIVITY_MAX, type ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** Activity at which the full exercise allowance applies (engineering value). */
const FULL_EXERCISE_ACTIVITY = 0.8;

/**
 * Extra bpm allowed above the resting thresholds for the pet's recent activity: none at rest,
 * rising linearly so that at full exercise the warning line sits at the resting "severe" line.
 * Unknown activity gets the full allowance: only a rate out of proportion to any activity counts.
 */
export function exerciseAllowance(c: ReadingContext, t: ClinicalThresholds): number {
  const span = t.tachycardia.severe - t.tachycardia.mild;
  if (!c.activityKnown) return span;
  const f = (c.effActivity - REST_ACTIVITY_MAX) / (FULL_EXERCISE_ACTIVITY - REST_ACTIVITY_MAX);
  return f <= 0 ? 0 : f >= 1 ? span : f * span;
}

export function scoreTachycardia(c: ReadingContext, t: ClinicalThresholds, v: Verdict): void {
  if (!c.hrOk) return notEvaluable(v);
  const extra = exerciseAllowance(c, t);
  const hr = c.hr;
  const th = t.tachycardia;
  const level = hr > th.severe + extra ? 3 : hr > th.marked + extra ? 2 : hr > th.mild + extra ? 1 : 0;
  judge(v, level, hr <= th.clear + extra, hr, 'heartRate');
}

export function scoreBradycardia(c: ReadingContext, t: ClinicalThresholds, v: Verdict): void {
  if (!c.hrOk) return notEvaluable(v);
  const hr = c.hr;
  const th = t.bradycardia;
  const level = hr < th.severe ? 3 : hr < th.marked ? 2 : hr < th.mild ? 1 : 0;
  judge(v, level, hr >= th.clear, hr, 'heartRate');
}
