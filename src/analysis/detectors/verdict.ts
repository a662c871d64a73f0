/**
 * What a detector says about one reading, written into a reused object (no allocation per
 * reading). Levels: 0 normal, 1 mild, 2 marked, 3 severe; how long each must persist and what
 * severity it opens is the alert policy's business (../alert-policies.ts), not the detector's.
 */

export type Verdict = {
  /** False when this reading cannot say anything about the condition (untrusted signal, wrong activity). */
  evaluable: boolean;
  level: number;
  /** True when the reading is inside the stricter clear threshold (hysteresis). */
  clear: boolean;
  /** The alert's main signal as measured now (NaN when none). */
  value: number;
  /** Which signal `value` is, for alerts that watch several (baseline deviation). */
  signal: SignalId;
};

export type SignalId = 'heartRate' | 'respiratoryRate' | 'temperatureC' | 'signalQuality' | 'batteryPct' | 'none';

export function createVerdict(): Verdict {
  return { evaluable: false, level: 0, clear: false, value: Number.NaN, signal: 'none' };
}

export function judge(v: Verdict, level: number, clear: boolean, value: number, signal: SignalId): void {
  v.evaluable = true;
  v.level = level;
  v.clear = clear;
  v.value = value;
  v.signal = signal;
}

export function notEvaluable(v: Verdict): void {
  v.evaluable = false;
  v.level = 0;
  v.clear = false;
  v.value = Number.NaN;
  v.signal = 'none';
}
