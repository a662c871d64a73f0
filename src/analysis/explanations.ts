/**
 * Owner-facing words: every alert says what was measured, against what normal (the clinical
 * range and the pet's own baseline when known), for how long, and what to do now. Also fills
 * `normal`. Runs only when an alert is published, never per reading.
 */
import type { Alert } from '../domain/alert.ts';
import type { PetProfile } from '../domain/pet.ts';
import type { AlertTrack } from './alert-lifecycle.ts';
import { pluralWord, sizeWord, type ClinicalThresholds, type Range } from './clinical-ranges.ts';
import type { SignalBaseline } from './baseline.ts';
import type { SignalId } from './detectors/verdict.ts';
import { SD_FLOOR, type PetBaselines } from './pet-baselines.ts';
import { LOW_BATTERY_PCT } from './detectors/technical.ts';
import { QUALITY_TRUST_MIN } from './reading-context.ts';

export type ExplainFacts = {
  profile: PetProfile;
  thresholds: ClinicalThresholds;
  baselines: PetBaselines;
  track: AlertTrack;
};

/** Time one reading stands for (the collar's default interval). */
const READING_SPAN_MS = 1000;

type Unit = 'bpm' | 'breaths/min' | '°C';

const SIGNAL_WORDS: Record<'heartRate' | 'respiratoryRate' | 'temperatureC', { name: string; unit: Unit }> = {
  heartRate: { name: 'resting heart rate', unit: 'bpm' },
  respiratoryRate: { name: 'resting breathing rate', unit: 'breaths/min' },
  temperatureC: { name: 'temperature', unit: '°C' },
};

/** Fills `alert.normal` and `alert.explanation` from the episode the track holds. */
export function describeAlert(alert: Alert, f: ExplainFacts): void {
  const signal = signalOf(alert, f.track.lastSignal);
  alert.normal = normalFor(alert, signal, f);
  alert.explanation = alert.status === 'resolved' ? resolvedText(alert, signal, f) : openText(alert, signal, f);
}

function signalOf(alert: Alert, last: SignalId): 'heartRate' | 'respiratoryRate' | 'temperatureC' | null {
  switch (alert.kind) {
    case 'tachycardia':
    case 'bradycardia':
    case 'collapse':
    case 'seizure':
      return 'heartRate';
    case 'tachypnea':
    case 'sleeping_rr_rise':
      return 'respiratoryRate';
    case 'fever':
    case 'heat_stroke':
    case 'hypothermia':
      return 'temperatureC';
    case 'baseline_deviation':
      return last === 'heartRate' || last === 'respiratoryRate' || last === 'temperatureC' ? last : null;
    case 'poor_signal':
    case 'collar_removed':
    case 'low_battery':
    case 'sensor_dropout':
      return null;
  }
}

function rangeOf(signal: 'heartRate' | 'respiratoryRate' | 'temperatureC', t: ClinicalThresholds): Range {
  return signal === 'heartRate' ? t.heartRate : signal === 'respiratoryRate' ? t.respiratoryRate : t.temperatureC;
}

function baselineOf(signal: 'heartRate' | 'respiratoryRate' | 'temperatureC', b: PetBaselines): SignalBaseline {
  return signal === 'heartRate' ? b.hr : signal === 'respiratoryRate' ? b.rr : b.temp;
}

function normalFor(alert: Alert, signal: 'heartRate' | 'respiratoryRate' | 'temperatureC' | null, f: ExplainFacts): Alert['normal'] {
  if (alert.kind === 'poor_signal') return { low: QUALITY_TRUST_MIN, high: 1, baseline: null, unit: 'signal quality (0–1)' };
  if (alert.kind === 'low_battery') return { low: LOW_BATTERY_PCT, high: 100, baseline: null, unit: '%' };
  if (signal === null) return null;
  const r = rangeOf(signal, f.thresholds);
  const high = alert.kind === 'sleeping_rr_rise' ? f.thresholds.sleepingRr.threshold : r.high;
  const own = ownNormal(alert, signal, f);
  return { low: r.low, high, baseline: own ? round(own.mean, signal) : null, unit: SIGNAL_WORDS[signal].unit };
}

/** The pet's own normal the detector compared with, and its words ("while asleep at this time
 * of day"); null while none is learned. Breathing detectors compare with the state- and
 * hour-specific normals (respiration.ts), so the owner is told that one, not the pooled mean. */
type OwnNormal = { mean: number; words: string };

function ownNormal(alert: Alert, signal: 'heartRate' | 'respiratoryRate' | 'temperatureC', f: ExplainFacts): OwnNormal | null {
  const b = f.baselines;
  const ts = f.track.lastBreachTs;
  if (alert.kind === 'sleeping_rr_rise') {
    // Before a sleeping normal is learned only the clinical line is used, so none is named.
    if (!Number.isFinite(ts) || !b.sleepRrRef(ts)) return null;
    return { mean: b.refMean, words: b.refHourly ? 'while asleep at this time of day' : 'while asleep' };
  }
  if (alert.kind === 'tachypnea' && Number.isFinite(ts) && b.awakeRrRef(ts)) {
    return { mean: b.refMean, words: `while resting awake${b.refHourly ? ' at this time of day' : ''}, panting included,` };
  }
  const base = baselineOf(signal, b);
  return base.warm ? { mean: base.mean, words: '' } : null;
}

function openText(alert: Alert, signal: 'heartRate' | 'respiratoryRate' | 'temperatureC' | null, f: ExplainFacts): string {
  const name = f.profile.name;
  const t = f.thresholds;
  const tr = f.track;
  // Readings cover about a second each: ten readings from t to t+9 s span 10 s.
  const dur = duration(tr.lastBreachTs - tr.episodeStartTs + READING_SPAN_MS);
  const v = alert.values;
  const critical = alert.severity === 'critical';
  const size = sizeWord(t);
  const species = t.species;
  const usual = (s: 'heartRate' | 'respiratoryRate' | 'temperatureC'): string => {
    const b = baselineOf(s, f.baselines);
    return b.warm ? `, and ${name}'s own usual is ${fmt(b.mean, s)} ${SIGNAL_WORDS[s].unit}` : '';
  };
  // Breathing is compared with the normal the detector used (own sleeping or awake-resting rate,
  // by hour of day when established), so that is the one named.
  const usualBreathing = (): string => {
    const own = ownNormal(alert, 'respiratoryRate', f);
    if (!own) return '';
    return `, and ${name}'s own usual${own.words ? ` ${own.words}` : ''} is ${fmt(own.mean, 'respiratoryRate')} breaths/min`;
  };
  const hr = fmt(v.heartRate, 'heartRate');
  const rr = fmt(v.respiratoryRate, 'respiratoryRate');
  const temp = fmt(v.temperatureC, 'temperatureC');
  const peak = alert.peakValue;
  switch (alert.kind) {
    case 'tachycardia':
      return (
        `${name}'s heart rate has been high for ${dur} while ${activityWords(v.activity)}: ${hr} bpm now${peakPart(peak, hr, 'heartRate', 'highest')}. ` +
        `A resting ${size} is normally ${t.heartRate.low}–${t.heartRate.high} bpm${usual('heartRate')}. ` +
        (critical ? `Keep ${name} calm and call your vet now.` : `Let ${name} rest quietly; if it stays high, call your vet today.`)
      );
    case 'bradycardia':
      return (
        `${name}'s heart rate has been unusually low for ${dur}: ${hr} bpm now${peakPart(peak, hr, 'heartRate', 'lowest')}. ` +
        `Healthy ${pluralWord(t)} rarely stay below ${t.bradycardia.mild} bpm even in deep sleep${usual('heartRate')}. ` +
        (critical
          ? `Check on ${name} now; if ${name} is weak, wobbly or faints, call your vet or an emergency clinic right away.`
          : `Check that ${name} is alert and responsive; if ${name} seems weak, faint or unusually tired, call your vet today.`)
      );
    case 'collapse':
      return (
        `${name} has been lying completely still with a very low heart rate for ${dur}: ${hr} bpm${peakPart(peak, hr, 'heartRate', 'lowest')}, ` +
        `where a resting ${size} is normally ${t.heartRate.low}–${t.heartRate.high} bpm${usual('heartRate')}. ` +
        `Go to ${name} now: if ${name} does not respond or is not breathing normally, take ${name} to an emergency vet immediately.`
      );
    case 'seizure':
      return (
        `${name}'s collar has picked up repeated violent bursts of movement with a very high heart rate (${hr} bpm) for ${dur}, which looks like a seizure. ` +
        `Keep ${name} away from stairs and water, keep your hands away from the mouth, note the time it started, and call your vet now.`
      );
    case 'tachypnea':
      return (
        `${name} has been breathing fast while resting for ${dur}: ${rr} breaths/min now${peakPart(peak, rr, 'respiratoryRate', 'highest')}. ` +
        `A resting ${species} normally takes ${t.respiratoryRate.low}–${t.respiratoryRate.high} breaths a minute${usualBreathing()}. ` +
        `Keep ${name} cool and calm; if the gums look pale or blue or ${name} struggles to breathe, go to a vet now, otherwise call your vet today.`
      );
    case 'sleeping_rr_rise':
      return (
        `${name}'s breathing while asleep has averaged ${fmt(tr.lastValue, 'respiratoryRate')} breaths/min over the last minute and has stayed up for ${dur}; ` +
        `a healthy sleeping ${species} stays ${t.sleepingRr.inclusive ? 'below' : 'at or below'} ${t.sleepingRr.threshold}${usualBreathing()}. ` +
        `A sustained rise can be an early sign of heart trouble: count ${name}'s breaths during sleep again later today and call your vet to book a check.`
      );
    case 'fever':
      return (
        `${name}'s temperature has been ${temp} °C for ${dur}${peakPart(peak, temp, 'temperatureC', 'highest')} while resting; ` +
        `normal for a ${species} is ${t.temperatureC.low}–${t.temperatureC.high} °C${usual('temperatureC')}. ` +
        `${(v.temperatureC ?? 0) >= t.temperature.fever ? 'That is a fever.' : 'That is warmer than normal.'} ` +
        `Offer water, keep ${name} in a cool, shaded place, and call your vet today if it does not come down within an hour.`
      );
    case 'heat_stroke':
      return critical
        ? `${name}'s temperature has reached ${temp} °C${peakPart(peak, temp, 'temperatureC', 'highest')}${hr !== '?' ? ` with a heart rate of ${hr} bpm` : ''}${rr !== '?' ? ` and ${rr} breaths/min` : ''}: ` +
            `that is heat stroke range (${t.temperature.heatStroke} °C and above; normal is ${t.temperatureC.low}–${t.temperatureC.high} °C). ` +
            `Move ${name} somewhere cool and shaded now, wet the coat with cool (not ice-cold) water, offer small sips of water, and drive to a vet immediately.`
        : `${name}'s temperature is ${temp} °C while panting hard (${rr} breaths/min) with a racing heart (${hr} bpm), together for ${dur}: ` +
            `signs of overheating that can turn into heat stroke (normal temperature is ${t.temperatureC.low}–${t.temperatureC.high} °C). ` +
            `Stop all activity, move ${name} to a cool, shaded place, offer water, and call your vet now.`;
    case 'hypothermia':
      return (
        `${name}'s temperature has been ${temp} °C for ${dur}${peakPart(peak, temp, 'temperatureC', 'lowest')}; ` +
        `normal for a ${species} is ${t.temperatureC.low}–${t.temperatureC.high} °C${usual('temperatureC')}. ` +
        `Bring ${name} indoors, wrap ${name} in a dry blanket, and ` +
        (critical ? 'call your vet now.' : 'call your vet if it has not risen within 30 minutes.')
      );
    case 'baseline_deviation': {
      if (signal === null) return `${name}'s vital signs have moved away from ${name}'s own usual for ${dur}. Mention it to your vet if it lasts.`;
      const w = SIGNAL_WORDS[signal];
      const b = baselineOf(signal, f.baselines);
      const r = rangeOf(signal, t);
      const dir = tr.lastValue > b.mean ? 'above' : 'below';
      return (
        `${name}'s ${w.name} has averaged ${fmt(tr.lastValue, signal)} ${w.unit} for ${dur}, well ${dir} ${name}'s own usual of ${fmt(b.mean, signal)} ${w.unit} ` +
        `(it normally varies by about ${fmt(Math.max(b.sd, SD_FLOOR[signal]), signal)}). That is within the general range for a ${size} (${r.low}–${r.high} ${w.unit}) but unusual for ${name}. ` +
        `Watch for other changes (appetite, energy, breathing) and tell your vet if it lasts more than a day.`
      );
    }
    case 'collar_removed':
      return (
        `${name}'s collar does not seem to be on ${name}: there is no pulse signal` +
        (v.temperatureC !== null ? ` and it reads ${temp} °C, close to room temperature` : '') +
        `. Health monitoring is paused until the collar is back on.`
      );
    case 'poor_signal':
      return (
        `The collar has not been able to read ${name}'s pulse reliably for ${dur} (signal quality ${pct(v.signalQuality)}). ` +
        `Check the collar fits snugly with the sensor against the skin; health alerts are paused while the signal is poor.`
      );
    case 'low_battery':
      return `${name}'s collar battery is at ${pct100(v.batteryPct)}. Charge it soon so monitoring does not stop.`;
    case 'sensor_dropout':
      return `${name}'s collar has sent no heart rate, breathing or temperature for ${dur}. Check it is switched on and fitted; restart it if this continues.`;
  }
}

function resolvedText(alert: Alert, signal: 'heartRate' | 'respiratoryRate' | 'temperatureC' | null, f: ExplainFacts): string {
  const name = f.profile.name;
  const hold = duration(f.track.policy.holdMs);
  if (alert.category === 'technical') {
    return alert.kind === 'low_battery'
      ? `Resolved: ${name}'s collar battery is charged again (${pct100(alert.values.batteryPct)}).`
      : `Resolved: ${name}'s collar is reading normally again; health monitoring has resumed.`;
  }
  if (signal === null) return `Resolved: ${name}'s readings have been back to normal for ${hold}.`;
  const w = SIGNAL_WORDS[signal];
  const now = fmt(alert.values[signal], signal);
  const peak = alert.peakValue === null ? '' : ` Earlier in this episode it reached ${fmt(alert.peakValue, signal)} ${w.unit}.`;
  const what = signal === 'heartRate' ? 'heart rate' : signal === 'respiratoryRate' ? 'breathing rate' : 'temperature';
  return `Resolved: ${name}'s ${what} has been back within normal for ${hold} (now ${now} ${w.unit}).${peak}`;
}

function activityWords(activity: number | null): string {
  if (activity === null) return 'activity was unknown';
  if (activity <= 0.05) return 'lying still';
  if (activity <= 0.2) return 'resting';
  return 'moving, faster than that activity explains';
}

function peakPart(peak: number | null, nowText: string, s: 'heartRate' | 'respiratoryRate' | 'temperatureC', word: string): string {
  if (peak === null) return '';
  const p = fmt(peak, s);
  return p === nowText ? '' : ` (${word} ${p}${s === 'temperatureC' ? ' °C' : ''})`;
}

function round(x: number, s: 'heartRate' | 'respiratoryRate' | 'temperatureC'): number {
  return s === 'temperatureC' ? Math.round(x * 10) / 10 : Math.round(x);
}

function fmt(x: number | null, s: 'heartRate' | 'respiratoryRate' | 'temperatureC'): string {
  if (x === null || !Number.isFinite(x)) return '?';
  return s === 'temperatureC' ? x.toFixed(1) : String(Math.round(x));
}

function pct(q: number | null): string {
  return q === null ? 'unknown' : `${Math.round(q * 100)} %`;
}

function pct100(p: number | null): string {
  return p === null ? 'an unknown level' : `${Math.round(p)} %`;
}

/** "12 s", "3 min", "1 h 5 min"; episodes shorter than a second read "a moment". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1000) return 'a moment';
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
