/**
 * Body temperature: fever/hyperthermia at rest, heat stroke (≥ 41 °C, or ≥ 40 °C with panting
 * and a racing heart together), and hypothermia (only when a pulse confirms the collar is on a
 * pet: a collar lying on the floor cools to room temperature, which is not hypothermia).
 */
import type { ClinicalThresholds } from '../clinical-ranges.ts';
import type { ReadingContext } from '../reading-context.ts';
import { judge, notEvaluable, type Verdict } from './verdict.ts';

export function scoreFever(c: ReadingContext, t: ClinicalThresholds, v: Verdict): void {
  // Exercise warms a dog for a while; fever is judged at rest (or when activity is unknown).
  if (!c.tempOk || (c.activityKnown && !c.resting)) return notEvaluable(v);
  const temp = c.temp;
  const th = t.temperature;
  judge(v, temp >= th.fever ? 2 : temp > th.hyperthermia ? 1 : 0, temp <= th.feverClear, temp, 'temperatureC');
}

export function scoreHeatStroke(c: ReadingContext, t: ClinicalThresholds, v: Verdict): void {
  if (!c.tempOk) return notEvaluable(v);
  const temp = c.temp;
  const th = t.temperature;
  let level = 0;
  if (temp >= th.heatStroke) level = 3;
  else if (temp >= th.fever && c.rrOk && c.rr > t.pantingRr && c.hrOk && c.hr > t.tachycardia.mild) level = 2;
  judge(v, level, temp <= th.heatStrokeClear, temp, 'temperatureC');
}

export function scoreHypothermia(c: ReadingContext, t: ClinicalThresholds, v: Verdict): void {
  if (!c.tempOk || !c.hrOk) return notEvaluable(v);
  const temp = c.temp;
  const th = t.temperature;
  const level = temp < th.hypoSevere ? 3 : temp < th.hypoModerate ? 2 : temp < th.hypothermia ? 1 : 0;
  judge(v, level, temp >= th.hypoClear, temp, 'temperatureC');
}
