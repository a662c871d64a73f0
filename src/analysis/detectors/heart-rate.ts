/**
 * Activity-aware heart rate: tachycardia is a finding at rest, or when the rate is out of
 * proportion to activity (clinical.md: "a high heart rate is a finding only at rest or when it
 * is out of proportion to activity"); bradycardia is judged at any activity.
 */
import type { SignalBaseline } from '../baseline.ts';
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import type { PetWindows } from '../pet-windows.ts';
import { REST_ACTIVITY_MAX, type ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** Activity at which the full exercise allowance applies (engineering value). */
const FULL_EXERCISE_ACTIVITY = 0.8;
/** At full exercise the warning line sits this far above the resting "severe" line: exercising
 * dogs reach about three times their home resting rate (simulator calibration, assumption there
 * too), which for a large dog resting at 65 bpm is ~200 bpm, the large-dog severe line. */
const FULL_EXERCISE_SEVERE_FACTOR = 1.2;

/**
 * Extra bpm allowed above the resting thresholds for the pet's recent activity: none at rest,
 * rising linearly so that at full exercise the warning line sits 20 % above the resting "severe"
 * line. Unknown activity gets the full allowance: only a rate out of proportion to any activity counts.
 */
export function exerciseAllowance(c: ReadingContext, t: ClinicalThresholds): number {
  const span = t.tachycardia.severe * FULL_EXERCISE_SEVERE_FACTOR - t.tachycardia.mild;
  if (!c.activityKnown) return span;
  const f = (c.effActivity - REST_ACTIVITY_MAX) / (FULL_EXERCISE_ACTIVITY - REST_ACTIVITY_MAX);
  return f <= 0 ? 0 : f >= 1 ? span : f * span;
}

/** "How far out of range" also means how far from the pet's own resting rate: settled, twice
 * its learned baseline (and above the clinical resting range) is marked, 2.5 times (and above
 * the warning line) is severe. A heart at rest does not double without a cause; the factors are
 * engineering margins well above the ~1.1–1.2× that posture and dreams add. */
export const TACHY_OWN_MARKED_FACTOR = 2;
/** Mild: settled, above the clinical resting range and 1.5 times the pet's own baseline. The
 * fixed mild line sits 20 % above the range, so a puppy resting at 145 that races at 236, or
 * a cat resting at 165 at 258, stayed below every line and was missed (issue 3, library seed
 * 2). 1.5 is still far above the ~1.1–1.2× posture and dreams add; persistence (10 of 15
 * readings) does the rest. */
export const TACHY_OWN_MILD_FACTOR = 1.5;
export const TACHY_OWN_SEVERE_FACTOR = 2.5;
/** "Near" the severe line: the heart's last half-minute average times this reaches it (an
 * engineering margin: a one-second artefact spike adds 25–70 bpm, ~10–30 % of a kitten's rate). */
export const TACHY_NEAR_SEVERE = 1.3;
/** Bradycardia against the pet's own normal: its short-term resting average below the clinical
 * low line and below 60 % of its learned baseline is mild (engineering margin: healthy dogs'
 * lowest 20-s windows stay above ~70 % of their own median, [INVOXIA] via clinical-ranges.ts). */
export const BRADY_OWN_FACTOR = 0.6;
/** A sudden fall into a slow rate: the 3-reading average at or below this fraction of the last
 * half-minute's average (engineering value: a 15 % fall within seconds; falling asleep or into
 * deep sleep slows the heart over minutes, so the fast and slow averages stay within ~5 % of
 * each other), landing below the clinical low line and below BRADY_FALL_OWN_FACTOR of the
 * pet's own resting normal. Healthy dogs' one-minute means stay at or above 68 % of their own
 * median and 36.4 bpm ([INVOXIA], lowest of 32 dogs), but a giant dog resting at 50 whose heart
 * drops within seconds to 34 (0.68×, just above the large-dog line of 32) is no healthy
 * slow dog: it got there in seconds, not minutes (issue 3, library seed 4 ep-0044 Great Dane,
 * seed 5 ep-0030 German Shepherd and ep-0044 Great Dane). The fall is remembered while the heart
 * stays down, and forgotten once it is back near where it fell from. */
export const BRADY_FALL_FRACTION = 0.85;
export const BRADY_FALL_OWN_FACTOR = 0.8;
/** The remembered fall is forgotten once the 3-reading average is back to this fraction of
 * the rate it fell from (hysteresis: above the fall line). */
const BRADY_FALL_RECOVERED_FRACTION = 0.9;

export function scoreTachycardia(c: ReadingContext, w: PetWindows, base: SignalBaseline, t: ClinicalThresholds, v: Verdict): void {
  if (!c.hrOk) return notEvaluable(v);
  const extra = exerciseAllowance(c, t);
  const hr = c.hr;
  const th = t.tachycardia;
  let level = hr > th.severe + extra ? 3 : hr > th.marked + extra ? 2 : hr > th.mild + extra ? 1 : 0;
  // One reading over the severe line opens a critical alert at once. For a pet whose heart is
  // already within TACHY_NEAR_SEVERE of that line (a kitten resting at 250–260 under the cat
  // line of 300), a one-second artefact spike reaches it: critical alerts opened on single
  // readings of 301–323 at rest (library seed 4 ep-0302, seed 7 ep-0057 and ep-0371 ×4). For
  // such a pet the severe reading counts only once another reading of the last 30 s was over
  // the marked line too: a racing heart climbs through it, a spike does not. Pets resting far
  // below their line (every adult dog, most cats) still open at once on the first reading.
  if (level === 3 && !Number.isNaN(w.prevHrRef) && w.prevHrRef * TACHY_NEAR_SEVERE >= th.severe + extra && w.hrHigh.countAtLeast(1) < 2) level = 2;
  // Judged on the 3-reading average (one artefact spike cannot reach it) and only once the pet
  // has been settled for minutes (the heart takes minutes to come down after play).
  if (level < 3 && base.warm && c.breathSettled) {
    const own3 = Math.max(base.mean * TACHY_OWN_SEVERE_FACTOR, th.mild);
    const own2 = Math.max(base.mean * TACHY_OWN_MARKED_FACTOR, t.heartRate.high);
    const own1 = Math.max(base.mean * TACHY_OWN_MILD_FACTOR, t.heartRate.high);
    const now = w.hrNow;
    if (now > own3) level = 3;
    else if (now > own2 && level < 2) level = 2;
    else if (now > own1 && level < 1) level = 1;
  }
  judge(v, level, hr <= th.clear + extra, hr, 'heartRate');
}

export function scoreBradycardia(c: ReadingContext, w: PetWindows, base: SignalBaseline, t: ClinicalThresholds, v: Verdict): void {
  if (!c.hrOk) return notEvaluable(v);
  const hr = c.hr;
  const th = t.bradycardia;
  // Severe (5 readings) is judged on the higher of the reading and its 3-reading average: a
  // large dog in deep sleep near 31 bpm dips under the severe line on single readings from
  // noise alone (sd ~3 bpm, [INVOXIA]); a real bradycardia keeps the average down too (issue 3,
  // deep-sleep false alarm). Milder levels already need 10–25 readings.
  const x = Number.isNaN(w.hrNow) || hr > w.hrNow ? hr : w.hrNow;
  let level = x < th.severe ? 3 : hr < th.marked ? 2 : hr < th.mild ? 1 : 0;
  if (level === 0 && base.warm && w.hrNow < Math.min(t.heartRate.low, base.mean * BRADY_OWN_FACTOR)) level = 1;
  // The sudden-fall memory lives in the windows (reset with them after a silence); only this
  // detector writes it, as the deviation detector keeps its own state in the baselines.
  // Only once the pet's own normal is learned: a giant dog resting at 42 whose first minutes
  // on the collar settle from 50 is not falling into bradycardia (library seed 2 ep-0136).
  const fallLine = base.warm ? Math.min(t.heartRate.low, base.mean * BRADY_FALL_OWN_FACTOR) : Number.NaN;
  const now = w.hrNow;
  if (Number.isNaN(w.bradyFallFromHr)) {
    if (base.warm && !Number.isNaN(w.prevHrRef) && now <= w.prevHrRef * BRADY_FALL_FRACTION && now < fallLine) w.bradyFallFromHr = w.prevHrRef;
  } else if (now >= w.bradyFallFromHr * BRADY_FALL_RECOVERED_FRACTION) {
    w.bradyFallFromHr = Number.NaN;
  }
  if (level === 0 && !Number.isNaN(w.bradyFallFromHr) && now < fallLine) level = 1;
  const clear = hr >= th.clear && (!base.warm || w.hrNow >= Math.min(t.heartRate.low, base.mean * BRADY_OWN_FACTOR) + 5);
  judge(v, level, clear, hr, 'heartRate');
}
