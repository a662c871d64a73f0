/**
 * Seizure-like episode: repeated bursts of activity (still → violent movement, again and again)
 * while the heart rate stays very high. Steady play is one long burst and never matches.
 */
import type { PetWindows } from '../pet-windows.ts';
import type { ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** In the 30-reading window: at least this many separate bursts … (engineering values) */
export const SEIZURE_MIN_BURSTS = 4;
/** … and at least this many readings with HR above the resting "marked" tachycardia line. */
export const SEIZURE_MIN_HIGH_HR = 15;
/** Clear when the bursts have stopped or the heart rate has settled (stricter than opening). */
const SEIZURE_CLEAR_HIGH_HR = 3;

export function scoreSeizure(c: ReadingContext, w: PetWindows, v: Verdict): void {
  if (!c.activityKnown || c.collarOff) return notEvaluable(v);
  const bursts = w.bursts.countAtLeast(1);
  const high = w.hrHigh.countAtLeast(1);
  const level = bursts >= SEIZURE_MIN_BURSTS && high >= SEIZURE_MIN_HIGH_HR ? 3 : 0;
  const clear = bursts === 0 || high <= SEIZURE_CLEAR_HIGH_HR;
  judge(v, level, clear, c.hrOk ? c.hr : Number.NaN, 'heartRate');
}
