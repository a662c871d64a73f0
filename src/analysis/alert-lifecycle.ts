/**
 * One alert track per pet and kind: persistence (N of last M), opening, escalation, throttled
 * updates, hysteresis-held resolution and acknowledgement. One alert per pet + kind + episode;
 * a continuing condition updates it; after it resolves, the next episode gets a new id.
 * Decides only: the caller (pet-state.ts) writes the explanation and publishes the transition.
 */
import { alertIdFor, categoryOf, type Alert, type Severity } from '../domain/alert.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { vitalsOf } from '../domain/vitals-values.ts';
import { MAX_EVIDENCE_GAP_MS, UPDATE_MIN_INTERVAL_MS, severityRank, type AlertPolicy } from './alert-policies.ts';

import type { SignalId, Verdict } from './detectors/verdict.ts';
import { LevelWindow, type LevelWindowJson } from './ring-buffer.ts';

// Local copies of hot imported constants: under tsx, every access to an imported binding is a
// getter call, and step() runs once per kind per reading.
const EVIDENCE_GAP_MS = MAX_EVIDENCE_GAP_MS;
const UPDATE_INTERVAL_MS = UPDATE_MIN_INTERVAL_MS;

export const STEP_NONE = 0;
export const STEP_OPENED = 1;
export const STEP_UPDATED = 2;
export const STEP_RESOLVED = 3;
export type StepOutcome = typeof STEP_NONE | typeof STEP_OPENED | typeof STEP_UPDATED | typeof STEP_RESOLVED;

export type AlertTrackJson = {
  window: LevelWindowJson;
  lastEvalTs: number | null;
  streakStartTs: number | null;
  alert: Alert | null;
  episodeStartTs: number | null;
  lastBreachTs: number | null;
  clearSinceTs: number | null;
  lastEmitTs: number | null;
  peak: number | null;
  lastValue: number | null;
  lastSignal: SignalId;
  emittedValue: number | null;
  emittedPeak: number | null;
  lastResolvedTs?: number | null;
  flapLevel?: number;
};

/** Flap damping (clinical.md: hysteresis so an alarm does not flap; one alarm per episode): a
 * condition that comes back within this long of its alert resolving is the same trouble
 * recurring, so each quick return doubles, then triples… the clear time its alert needs before
 * it resolves again (at most FLAP_MAX_LEVEL + 1 times the policy's hold). Tester report: a dog
 * whose heart raced for 15 s in every 50 s got four tachycardia alerts in four minutes. */
export const FLAP_WINDOW_MS = 600_000;
export const FLAP_MAX_LEVEL = 3;

export class AlertTrack {
  readonly policy: AlertPolicy;
  private readonly window: LevelWindow;
  private lastEvalTs = Number.NaN;
  private streakStartTs = Number.NaN;
  /** The open alert (active or acknowledged), or null. Mutated in place; callers publish copies. */
  alert: Alert | null = null;
  /** Sensor time the current episode's breach began, and last breached. */
  episodeStartTs = Number.NaN;
  lastBreachTs = Number.NaN;
  private clearSinceTs = Number.NaN;
  /** Sensor time the previous episode resolved, and how many quick returns in a row preceded this one. */
  private lastResolvedTs = Number.NaN;
  private flapLevel = 0;
  private lastEmitTs = Number.NEGATIVE_INFINITY;
  /** Main value and peak as last published, so an unchanged condition is not re-published. */
  private emittedValue = Number.NaN;
  private emittedPeak = Number.NaN;
  /** Worst main-signal value of the episode, the latest one, and which signal it is. */
  peak = Number.NaN;
  lastValue = Number.NaN;
  lastSignal: SignalId = 'none';
  /** The alert the last non-NONE step concerned (still set after it resolved). */
  subject: Alert | null = null;
  /** The latest breaching reading, whose values an update publishes. */
  private breachReading: VitalsReading | null = null;

  constructor(policy: AlertPolicy) {
    this.policy = policy;
    this.window = new LevelWindow(policy.window);
  }

  /** Feeds one judged reading; returns what happened to the alert. O(1). */
  step(v: Verdict, r: VitalsReading, detectedAt: number): StepOutcome {
    if (!v.evaluable) return STEP_NONE;
    const ts = r.ts;
    if (!Number.isNaN(this.lastEvalTs) && ts - this.lastEvalTs > EVIDENCE_GAP_MS) {
      this.window.reset();
      this.streakStartTs = Number.NaN;
    }
    this.lastEvalTs = ts;
    if (v.level >= 1 && this.window.countAtLeast(1) === 0) this.streakStartTs = ts;
    this.window.push(v.level);
    if (this.window.countAtLeast(1) === 0) this.streakStartTs = Number.NaN;

    const a = this.alert;
    if (a === null) {
      if (v.level === 0) return STEP_NONE;
      const severity = this.persistedSeverity(ts);
      if (severity === null) return STEP_NONE;
      this.open(severity, v, r, detectedAt);
      return STEP_OPENED;
    }

    if (v.level >= 1) {
      this.clearSinceTs = Number.NaN;
      this.noteBreach(v, r);
      const severity = this.persistedSeverity(ts);
      if (severity !== null && severityRank(severity) > severityRank(a.severity)) {
        a.severity = severity;
        // A worse condition needs attention again, even if the milder one was acknowledged.
        if (a.status === 'acknowledged') a.status = 'active';
        return this.emitUpdate(a, ts, detectedAt);
      }
      // Re-publish at most every few seconds, and only when what the alert shows has changed.
      if (ts - this.lastEmitTs < UPDATE_INTERVAL_MS) return STEP_NONE;
      const changed = !Object.is(shown(v.value), shown(this.emittedValue)) || !Object.is(shown(this.peak), shown(this.emittedPeak));
      return changed ? this.emitUpdate(a, ts, detectedAt) : STEP_NONE;
    }

    if (!v.clear) {
      this.clearSinceTs = Number.NaN;
      return STEP_NONE;
    }
    if (Number.isNaN(this.clearSinceTs)) this.clearSinceTs = ts;
    if (ts - this.clearSinceTs < this.policy.holdMs * (1 + this.flapLevel)) return STEP_NONE;
    this.lastResolvedTs = ts;
    this.lastValue = v.value;
    a.status = 'resolved';
    a.resolvedAt = detectedAt;
    a.updatedAt = detectedAt;
    a.revision++;
    a.values = vitalsOf(r);
    a.peakValue = finiteOrNull(this.peak);
    this.subject = a;
    this.alert = null;
    this.window.reset();
    this.streakStartTs = Number.NaN;
    this.clearSinceTs = Number.NaN;
    this.breachReading = null;
    return STEP_RESOLVED;
  }

  /** Marks the open alert acknowledged; null when there is none or it already was, so a second
   * acknowledgement publishes no second change. */
  acknowledge(at: number): Alert | null {
    const a = this.alert;
    if (a === null || a.status !== 'active') return null;
    a.status = 'acknowledged';
    a.acknowledgedAt = at;
    a.updatedAt = at;
    a.revision++;
    return a;
  }

  /** Takes over an alert that was open before a restart, so its episode continues. */
  adopt(alert: Alert): void {
    if (this.alert !== null && this.alert.alertId === alert.alertId && this.alert.revision >= alert.revision) return;
    this.alert = structuredClone(alert);
    this.episodeStartTs = alert.sensorTs;
    this.lastBreachTs = alert.sensorTs;
    this.clearSinceTs = Number.NaN;
    this.lastEmitTs = Number.NEGATIVE_INFINITY;
    this.emittedValue = Number.NaN;
    this.emittedPeak = Number.NaN;
    this.peak = alert.peakValue ?? Number.NaN;
    this.breachReading = null;
  }

  /** Smallest-delay satisfied tier, by worst severity: null when nothing has persisted long enough. */
  private persistedSeverity(ts: number): Severity | null {
    const tiers = this.policy.tiers;
    const elapsed = Number.isNaN(this.streakStartTs) ? 0 : ts - this.streakStartTs;
    let best: Severity | null = null;
    for (let k = 3; k >= 1; k--) {
      const t = tiers[k - 1];
      if (!t || this.window.countAtLeast(k) < t.n || elapsed < t.minMs) continue;
      if (best === null || severityRank(t.severity) > severityRank(best)) best = t.severity;
    }
    return best;
  }

  private open(severity: Severity, v: Verdict, r: VitalsReading, detectedAt: number): void {
    const kind = this.policy.kind;
    this.episodeStartTs = Number.isNaN(this.streakStartTs) ? r.ts : this.streakStartTs;
    const quickReturn = !Number.isNaN(this.lastResolvedTs) && r.ts - this.lastResolvedTs <= FLAP_WINDOW_MS;
    this.flapLevel = quickReturn ? Math.min(FLAP_MAX_LEVEL, this.flapLevel + 1) : 0;
    this.peak = Number.NaN;
    this.clearSinceTs = Number.NaN;
    this.noteBreach(v, r);
    this.lastEmitTs = r.ts;
    this.emittedValue = this.lastValue;
    this.emittedPeak = this.peak;
    const a: Alert = {
      alertId: alertIdFor(r.petId, kind, r.eventId),
      petId: r.petId,
      kind,
      category: categoryOf(kind),
      severity,
      status: 'active',
      revision: 1,
      openedAt: detectedAt,
      updatedAt: detectedAt,
      resolvedAt: null,
      acknowledgedAt: null,
      sensorTs: r.ts,
      eventId: r.eventId,
      detectedAt,
      values: vitalsOf(r),
      peakValue: finiteOrNull(this.peak),
      normal: null,
      explanation: '',
    };
    this.alert = a;
    this.subject = a;
  }

  private noteBreach(v: Verdict, r: VitalsReading): void {
    this.lastBreachTs = r.ts;
    this.breachReading = r;
    this.lastValue = v.value;
    this.lastSignal = v.signal;
    const x = v.value;
    if (Number.isNaN(x) || this.policy.peak === 'none') return;
    if (Number.isNaN(this.peak) || (this.policy.peak === 'max' ? x > this.peak : x < this.peak)) this.peak = x;
  }

  private emitUpdate(a: Alert, ts: number, detectedAt: number): StepOutcome {
    this.lastEmitTs = ts;
    this.emittedValue = this.lastValue;
    this.emittedPeak = this.peak;
    a.revision++;
    a.updatedAt = detectedAt;
    if (this.breachReading) a.values = vitalsOf(this.breachReading);
    a.peakValue = finiteOrNull(this.peak);
    this.subject = a;
    return STEP_UPDATED;
  }

  toJSON(): AlertTrackJson {
    return {
      window: this.window.toJSON(),
      lastEvalTs: finiteOrNull(this.lastEvalTs),
      streakStartTs: finiteOrNull(this.streakStartTs),
      alert: this.alert,
      episodeStartTs: finiteOrNull(this.episodeStartTs),
      lastBreachTs: finiteOrNull(this.lastBreachTs),
      clearSinceTs: finiteOrNull(this.clearSinceTs),
      lastEmitTs: finiteOrNull(this.lastEmitTs),
      peak: finiteOrNull(this.peak),
      lastValue: finiteOrNull(this.lastValue),
      lastSignal: this.lastSignal,
      emittedValue: finiteOrNull(this.emittedValue),
      emittedPeak: finiteOrNull(this.emittedPeak),
      lastResolvedTs: finiteOrNull(this.lastResolvedTs),
      flapLevel: this.flapLevel,
    };
  }

  load(json: Partial<AlertTrackJson> | undefined): void {
    if (!json) return;
    this.window.load(json.window);
    this.lastEvalTs = numOrNaN(json.lastEvalTs);
    this.streakStartTs = numOrNaN(json.streakStartTs);
    const a = json.alert;
    this.alert = a && a.kind === this.policy.kind && (a.status === 'active' || a.status === 'acknowledged') ? structuredClone(a) : null;
    this.episodeStartTs = numOrNaN(json.episodeStartTs);
    this.lastBreachTs = numOrNaN(json.lastBreachTs);
    this.clearSinceTs = numOrNaN(json.clearSinceTs);
    const emit = numOrNaN(json.lastEmitTs);
    this.lastEmitTs = Number.isNaN(emit) ? Number.NEGATIVE_INFINITY : emit;
    this.peak = numOrNaN(json.peak);
    this.lastValue = numOrNaN(json.lastValue);
    this.lastSignal = typeof json.lastSignal === 'string' ? json.lastSignal : 'none';
    this.emittedValue = numOrNaN(json.emittedValue);
    this.emittedPeak = numOrNaN(json.emittedPeak);
    this.lastResolvedTs = numOrNaN(json.lastResolvedTs);
    this.flapLevel = typeof json.flapLevel === 'number' ? Math.min(FLAP_MAX_LEVEL, Math.max(0, Math.floor(json.flapLevel))) : 0;
    this.breachReading = null;
  }
}

/** A value as an owner would see it (0.1 resolution), so EWMA dust does not count as a change. */
function shown(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 10) : Number.NaN;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function numOrNaN(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : Number.NaN;
}
