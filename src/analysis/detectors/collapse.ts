/**
 * Collapse: a pet lying still whose heart rate is very low (below the severe bradycardia line),
 * or has suddenly fallen to half of where it was seconds ago and below the resting range.
 */
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import type { PetWindows } from '../pet-windows.ts';
import { SLEEP_ACTIVITY_MAX, type ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** A fall to this fraction of the last ~10 s mean counts as a sudden drop (engineering value). */
export const COLLAPSE_DROP_FRACTION = 0.5;

export function scoreCollapse(c: ReadingContext, w: PetWindows, t: ClinicalThresholds, v: Verdict): void {
  // Without activity we cannot tell a collapse from a sensor glitch during play.
  if (!c.hrOk || !c.activityKnown) return notEvaluable(v);
  const still = c.activity <= SLEEP_ACTIVITY_MAX;
  const hr = c.hr;
  const veryLow = hr < t.bradycardia.severe;
  const dropped = !Number.isNaN(w.prevHrMean) && hr <= w.prevHrMean * COLLAPSE_DROP_FRACTION && hr < t.heartRate.low;
  judge(v, still && (veryLow || dropped) ? 3 : 0, hr >= t.heartRate.low, hr, 'heartRate');
}
