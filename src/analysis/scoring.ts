/**
 * Runs every detector on one gated reading and applies the precedence rules between them, so
 * one event raises the one alert that describes it best: a technical condition silences every
 * medical detector; heat stroke covers fever and the racing heart and breath that come with it;
 * collapse covers bradycardia; a seizure covers its tachycardia; tachypnea covers a sleeping-RR rise.
 */
import { IS_MEDICAL, KIND_INDEX } from './alert-policies.ts';
import type { AlertTrack } from './alert-lifecycle.ts';
import type { ClinicalThresholds } from './clinical-ranges.ts';
import { scoreBaselineDeviation, type SignalMask } from './detectors/baseline-deviation.ts';
import { scoreCollapse } from './detectors/collapse.ts';
import { scoreBradycardia, scoreTachycardia } from './detectors/heart-rate.ts';
import { scoreSleepingRr, scoreTachypnea } from './detectors/respiration.ts';
import { scoreSeizure } from './detectors/seizure.ts';
import { scoreCollarRemoved, scoreLowBattery, scorePoorSignal, scoreSensorDropout } from './detectors/technical.ts';
import { scoreFever, scoreHeatStroke, scoreHypothermia } from './detectors/temperature.ts';
import { notEvaluable, type Verdict } from './detectors/verdict.ts';
import type { PetBaselines } from './pet-baselines.ts';
import type { PetWindows } from './pet-windows.ts';
import type { ReadingContext } from './reading-context.ts';

const K = KIND_INDEX;
/** Local copy: imported bindings are getter calls under tsx, and this is read per kind per reading. */
const MEDICAL = IS_MEDICAL;
const HR_KINDS = [K.tachycardia, K.bradycardia, K.collapse, K.seizure];
const RR_KINDS = [K.tachypnea, K.sleeping_rr_rise];
const TEMP_KINDS = [K.fever, K.heat_stroke, K.hypothermia];

export type ScoringState = {
  thresholds: ClinicalThresholds;
  windows: PetWindows;
  baselines: PetBaselines;
  verdicts: Verdict[];
  tracks: AlertTrack[];
  /** Scratch mask reused for every reading. */
  excluded: SignalMask;
};

/** Fills `s.verdicts` for the reading in `c`. Returns true when any medical detector flagged it. */
export function scoreReading(c: ReadingContext, s: ScoringState): boolean {
  const v = s.verdicts;
  const t = s.thresholds;
  const w = s.windows;
  scoreCollarRemoved(c, v[K.collar_removed]!);
  scorePoorSignal(c, v[K.poor_signal]!);
  scoreLowBattery(c, v[K.low_battery]!);
  scoreSensorDropout(c, v[K.sensor_dropout]!);

  if (c.collarOff) {
    for (let i = 0; i < v.length; i++) if (MEDICAL[i]) notEvaluable(v[i]!);
    return false;
  }

  scoreTachycardia(c, w, s.baselines.hr, t, v[K.tachycardia]!);
  scoreBradycardia(c, w, s.baselines.hr, t, v[K.bradycardia]!);
  scoreCollapse(c, w, s.baselines.hr, s.baselines.rr, t, v[K.collapse]!);
  scoreSeizure(c, w, v[K.seizure]!);
  scoreTachypnea(c, w, s.baselines, t, v[K.tachypnea]!);
  scoreSleepingRr(c, w, s.baselines, t, v[K.sleeping_rr_rise]!);
  scoreFever(c, t, v[K.fever]!);
  scoreHeatStroke(c, t, v[K.heat_stroke]!);
  scoreHypothermia(c, t, v[K.hypothermia]!);

  if (v[K.heat_stroke]!.level >= 2) {
    notEvaluable(v[K.fever]!);
    notEvaluable(v[K.tachycardia]!);
    notEvaluable(v[K.tachypnea]!);
  }
  // While a collapse alert is open its slow heart is that collapse, not a second alert.
  if (v[K.collapse]!.level >= 1 || s.tracks[K.collapse]!.alert !== null) notEvaluable(v[K.bradycardia]!);
  if (v[K.seizure]!.level >= 1) notEvaluable(v[K.tachycardia]!);
  if (v[K.tachypnea]!.level >= 1) notEvaluable(v[K.sleeping_rr_rise]!);

  const ex = s.excluded;
  ex.heartRate = busy(HR_KINDS, s);
  ex.respiratoryRate = busy(RR_KINDS, s);
  ex.temperatureC = busy(TEMP_KINDS, s);
  scoreBaselineDeviation(c, w, s.baselines, t, ex, v[K.baseline_deviation]!);

  for (let i = 0; i < v.length; i++) if (MEDICAL[i] && v[i]!.level >= 1) return true;
  return false;
}

/** A signal is "busy" when a fixed-threshold detector flags it now or has an alert open on it. */
function busy(kinds: readonly number[], s: ScoringState): boolean {
  for (let j = 0; j < kinds.length; j++) {
    const i = kinds[j]!;
    if (s.verdicts[i]!.level >= 1 || s.tracks[i]!.alert !== null) return true;
  }
  return false;
}
