/**
 * Technical conditions of the collar itself: removed, poor contact, flat battery, silent
 * sensors. These are advisory (severity info, IEC 60601-1-8 via clinical.md) and are never
 * fed to a medical detector.
 */
import type { ReadingContext } from '../reading-context.ts';
import { QUALITY_TRUST_MIN } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

/** Poor signal clears only once quality is comfortably back (hysteresis). */
const QUALITY_CLEAR_MIN = 0.6;
/** Low contact quality during movement is expected; judge poor signal only when fairly still. */
const POOR_SIGNAL_ACTIVITY_MAX = 0.3;
/** Battery: warn below 15 %, clear at 20 % or more (product values). */
export const LOW_BATTERY_PCT = 15;
const BATTERY_CLEAR_PCT = 20;

export function scoreCollarRemoved(c: ReadingContext, v: Verdict): void {
  judge(v, c.collarOff ? 1 : 0, !c.collarOff && !c.lowQuality, c.quality, 'signalQuality');
}

export function scorePoorSignal(c: ReadingContext, v: Verdict): void {
  if (!c.qualityKnown || c.collarOff || c.allVitalsNull) return notEvaluable(v);
  if (c.activityKnown && c.activity > POOR_SIGNAL_ACTIVITY_MAX) return notEvaluable(v);
  judge(v, c.quality < QUALITY_TRUST_MIN ? 1 : 0, c.quality >= QUALITY_CLEAR_MIN, c.quality, 'signalQuality');
}

export function scoreLowBattery(c: ReadingContext, v: Verdict): void {
  const pct = c.reading.batteryPct;
  if (pct === null) return notEvaluable(v);
  judge(v, pct < LOW_BATTERY_PCT ? 1 : 0, pct >= BATTERY_CLEAR_PCT, pct, 'batteryPct');
}

/**
 * Sensor dropout, two levels (their persistence is in alert-policies.ts):
 *  - 2, the collar has gone silent: no vital sign and no housekeeping (activity, battery) from a
 *    collar that sends housekeeping. Its sensors have failed or hung: worth saying within 30 s.
 *  - 1, no vital sign while the collar is otherwise fine, or from a collar that sends vital
 *    signs only. Collars lose the pulse for long stretches in normal life (one gave no heart
 *    rate for 43 % of a 24-h Holter comparison, Gunasekaran & Sanders 2024, clinical.md; the
 *    Invoxia recordings have none for 37 % of their seconds, in gaps of 20 s to 4 min), so only
 *    a silence of minutes is worth an owner's attention.
 */
export function scoreSensorDropout(c: ReadingContext, v: Verdict): void {
  if (c.collarOff) return notEvaluable(v);
  judge(v, c.deviceSilent ? 2 : c.allVitalsNull ? 1 : 0, !c.allVitalsNull, Number.NaN, 'none');
}
