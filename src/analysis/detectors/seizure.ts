/**
 * Seizure-like episode, two patterns:
 *  - repeated bursts: still → violent movement, again and again, with the heart rate very high;
 *  - abrupt convulsion: the pet goes from still to violent movement in one reading and keeps
 *    moving violently, the collar is shaken so hard that contact is poor most of the time, and
 *    the heart is clearly above its own resting rate. Because contact is poor this pattern counts
 *    every heart rate the collar reports (not only well-contacted ones) and asks for several of
 *    them, so one spike cannot match.
 * A dog leaping up to play keeps mostly good contact, and steady play builds up over seconds.
 */
import type { PetWindows } from '../pet-windows.ts';
import type { ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** Repeated bursts, in the 30-reading window: at least this many separate bursts … (engineering values) */
export const SEIZURE_MIN_BURSTS = 4;
/** … and at least this many trusted readings with HR above the resting "marked" tachycardia line. */
export const SEIZURE_MIN_HIGH_HR = 15;
/** Abrupt convulsion, in the 30-reading window: at least this many readings of vigorous movement … */
export const SEIZURE_MIN_VIGOROUS = 15;
/** … and at least this many reported heart rates above the pet's elevated line (any quality). */
export const SEIZURE_MIN_ELEVATED_HR = 5;
/** … with poor contact in at least this many of the 30 readings (engineering value). */
export const SEIZURE_MIN_POOR_CONTACT = 15;
/** The abrupt onset counts for this long while the violent movement goes on (engineering value:
 * the heart takes ~10–20 s to climb, and a generalised seizure lasts 1–3 min). */
export const SEIZURE_ONSET_MEMORY_MS = 120_000;
/** Elevated line: 10 % and 15 bpm above the pet's own resting rate (engineering margins); the
 * clinical resting upper bound stands in until the pet's baseline has been learned. */
export const SEIZURE_HR_FACTOR = 1.1;
export const SEIZURE_HR_MARGIN_BPM = 15;
/** Clear when movement has stopped or the heart rate has settled (stricter than opening). */
const SEIZURE_CLEAR_COUNT = 3;

export function seizureElevatedHr(restingRef: number): number {
  const byFactor = restingRef * SEIZURE_HR_FACTOR;
  const byMargin = restingRef + SEIZURE_HR_MARGIN_BPM;
  return byFactor > byMargin ? byFactor : byMargin;
}

export function scoreSeizure(c: ReadingContext, w: PetWindows, v: Verdict): void {
  if (!c.activityKnown || c.collarOff) return notEvaluable(v);
  const bursts = w.bursts.countAtLeast(1);
  const high = w.hrHigh.countAtLeast(1);
  const vigorous = w.vigorous.countAtLeast(1);
  const elevated = w.hrElevated.countAtLeast(1);
  const repeated = bursts >= SEIZURE_MIN_BURSTS && high >= SEIZURE_MIN_HIGH_HR;
  const recentOnset = !Number.isNaN(w.lastBurstTs) && c.ts - w.lastBurstTs <= SEIZURE_ONSET_MEMORY_MS;
  const abrupt =
    recentOnset &&
    vigorous >= SEIZURE_MIN_VIGOROUS &&
    w.poorContact.countAtLeast(1) >= SEIZURE_MIN_POOR_CONTACT &&
    elevated >= SEIZURE_MIN_ELEVATED_HR;
  const clear = vigorous <= SEIZURE_CLEAR_COUNT || (high <= SEIZURE_CLEAR_COUNT && elevated <= SEIZURE_CLEAR_COUNT);
  const hr = c.reading.heartRate;
  judge(v, repeated || abrupt ? 3 : 0, clear, hr === null ? Number.NaN : hr, 'heartRate');
}
