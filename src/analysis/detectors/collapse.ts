/**
 * Collapse: a pet that stops dead (no movement at all) while its heart rate is very low (below
 * the severe bradycardia line), or halves within seconds to below the resting range, or falls
 * suddenly, within seconds, well below where it was and below the pet's own resting normal (its
 * learned baseline and the clinical range) while its breathing slows too. A pet
 * drifting into deep sleep slows over minutes, so its fast and slow averages move together; a
 * halved reading (a collar artefact) is rejected before it gets here (reading-context.ts).
 */
import type { SignalBaseline } from '../baseline.ts';
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import type { PetWindows } from '../pet-windows.ts';
import { SLEEP_ACTIVITY_MAX, type ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** Sudden fall: the reading at or below this fraction of the last half-minute's average, and the
 * 3-reading average at or below COLLAPSE_NOW_FRACTION of it (engineering values: 20 % within
 * seconds is far outside resting reading-to-reading noise of ~3 bpm, Invoxia within-session sd;
 * the 3-reading average keeps one low reading from counting on its own). */
export const COLLAPSE_DROP_FRACTION = 0.8;
export const COLLAPSE_NOW_FRACTION = 0.9;
/** …and below this fraction of the pet's own resting baseline (engineering margin). */
export const COLLAPSE_BASELINE_FRACTION = 0.85;
/** A fall to half of the last ~10 s mean, below the clinical low line, is a collapse on its own. */
export const COLLAPSE_HALF_FRACTION = 0.5;
/** The smaller fall needs breathing to have slowed too, seen within this long (multi-signal):
 * at or below the clinical low breathing line, or 80 % of the pet's own resting breathing rate. */
export const COLLAPSE_RR_MAX_AGE_MS = 10_000;
export const COLLAPSE_RR_BASELINE_FRACTION = 0.8;
/** The smaller fall also needs movement to have stopped dead: activity at or below this, and at
 * least COLLAPSE_ACTIVITY_DROP below the last half-minute's average (engineering values: a pet
 * lying asleep all along has not collapsed; a collapsing pet goes from moving to motionless). */
export const COLLAPSE_STOPPED_ACTIVITY = 0.01;
export const COLLAPSE_ACTIVITY_DROP = 0.01;
/** A plunge needs no breathing corroboration: the heart at or below this fraction of the last
 * half-minute's average within seconds, its 3-reading average at or below
 * COLLAPSE_PLUNGE_NOW_FRACTION of it, while movement stops dead (engineering values: a third of
 * the rate gone within seconds is ~7× the resting reading-to-reading sd of ~3 bpm [INVOXIA];
 * deep sleep slows over minutes, so its fast and slow averages move together). Added after
 * large dogs whose breathing was already at the low line collapsed unseen (issue 3). */
export const COLLAPSE_PLUNGE_FRACTION = 0.7;
export const COLLAPSE_PLUNGE_NOW_FRACTION = 0.75;
/** Clears once the heart is back above this fraction of the pet's own baseline, or in range. */
const COLLAPSE_CLEAR_BASELINE_FRACTION = 0.9;

export function scoreCollapse(
  c: ReadingContext,
  w: PetWindows,
  base: SignalBaseline,
  rrBase: SignalBaseline,
  t: ClinicalThresholds,
  v: Verdict,
): void {
  // Without activity we cannot tell a collapse from a sensor glitch during play.
  if (!c.hrOk || !c.activityKnown) return notEvaluable(v);
  const still = c.activity <= SLEEP_ACTIVITY_MAX;
  const hr = c.hr;
  // The 3-reading average too: a large dog in deep sleep at ~31 bpm has single readings under
  // the severe line from reading noise alone (sd ~3 bpm, [INVOXIA]); a collapse keeps it there.
  const veryLow = hr < t.bradycardia.severe && w.hrNow < t.bradycardia.severe;
  // Below the pet's own normal: its baseline when learned (never above the clinical low line
  // by more than the baseline says), else the clinical resting low line.
  // (a giant dog resting at 45 may collapse to 40, the clinical low line; a pet whose own
  // normal sits near the low line must still fall clearly below its own normal).
  const lowLine = base.warm
    ? Math.min(Math.max(base.mean * COLLAPSE_BASELINE_FRACTION, t.heartRate.low), base.mean * COLLAPSE_CLEAR_BASELINE_FRACTION)
    : t.heartRate.low;
  const halved = !Number.isNaN(w.prevHrMean) && hr <= w.prevHrMean * COLLAPSE_HALF_FRACTION && hr < t.heartRate.low;
  const ref = w.prevHrRef;
  const rrLine = rrBase.warm ? Math.max(t.respiratoryRate.low, rrBase.mean * COLLAPSE_RR_BASELINE_FRACTION) : t.respiratoryRate.low;
  const breathingSlow = !Number.isNaN(w.lastRr) && c.ts - w.lastRrTs <= COLLAPSE_RR_MAX_AGE_MS && w.lastRr <= rrLine;
  const stoppedDead =
    c.activity <= COLLAPSE_STOPPED_ACTIVITY && !Number.isNaN(w.prevActRef) && w.prevActRef - c.activity >= COLLAPSE_ACTIVITY_DROP;
  const below = stoppedDead && !Number.isNaN(ref) && hr < lowLine;
  const fell = below && breathingSlow && hr <= ref * COLLAPSE_DROP_FRACTION && w.hrNow <= ref * COLLAPSE_NOW_FRACTION;
  const plunged = below && hr <= ref * COLLAPSE_PLUNGE_FRACTION && w.hrNow <= ref * COLLAPSE_PLUNGE_NOW_FRACTION;
  const clearLine = base.warm ? Math.min(base.mean * COLLAPSE_CLEAR_BASELINE_FRACTION, t.heartRate.low) : t.heartRate.low;
  judge(v, still && (veryLow || halved || fell || plunged) ? 3 : 0, hr >= clearLine, hr, 'heartRate');
}
