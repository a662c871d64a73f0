/**
 * Everything the analyzer knows about one pet: profile and thresholds, short-term windows,
 * learned baselines, one alert track per kind, and the newest reading. Scores one gated reading
 * into alert transitions, and round-trips through JSON for engine snapshots. Memory is fixed
 * per pet (every window is a bounded ring).
 */
import type { Alert, AlertTransition } from '../domain/alert.ts';
import { PetProfileSchema, type PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { ALERT_POLICIES, ALL_KINDS, IS_MEDICAL, KIND_INDEX } from './alert-policies.ts';
import { AlertTrack, STEP_NONE, STEP_OPENED, STEP_RESOLVED, type AlertTrackJson } from './alert-lifecycle.ts';
import { clinicalThresholdsFor, type ClinicalThresholds } from './clinical-ranges.ts';
import { seizureElevatedHr } from './detectors/seizure.ts';
import { createVerdict, type Verdict } from './detectors/verdict.ts';
import type { PetState as PetStateName, PetTwin } from './engine-contract.ts';
import { describeAlert, type ExplainFacts } from './explanations.ts';
import { PetBaselines, type PetBaselinesJson } from './pet-baselines.ts';
import { PetWindows, type PetWindowsJson } from './pet-windows.ts';
import type { ReadingContext } from './reading-context.ts';
import { scoreReading, type ScoringState } from './scoring.ts';

/** Local copy: imported bindings are getter calls under tsx (hot loop below). */
const MEDICAL = IS_MEDICAL;
const TACHYPNEA = KIND_INDEX.tachypnea;

export type PetSnapshot = {
  profile: PetProfile;
  devices: Record<string, number>;
  windows: PetWindowsJson;
  baselines: PetBaselinesJson;
  tracks: Partial<Record<string, AlertTrackJson>>;
  latest: VitalsReading | null;
  latestProcessedAt: number | null;
};

/** Called with each alert that opens (true) or resolves (false), to keep the engine's id index. */
export type AlertIndexHook = (alert: Alert, open: boolean) => void;

export class PetRecord implements ScoringState {
  profile: PetProfile;
  thresholds: ClinicalThresholds;
  readonly windows = new PetWindows();
  readonly baselines = new PetBaselines();
  readonly verdicts: Verdict[] = ALL_KINDS.map(() => createVerdict());
  readonly tracks: AlertTrack[] = ALL_KINDS.map((k) => new AlertTrack(ALERT_POLICIES[k]));
  readonly excluded = { heartRate: false, respiratoryRate: false, temperatureC: false };
  /** Newest sensor ts per collar, to drop duplicates and late arrivals. One entry per collar the pet wore. */
  readonly lastTsByDevice = new Map<string, number>();
  latest: VitalsReading | null = null;
  latestProcessedAt: number | null = null;
  private readonly facts: ExplainFacts;
  /** state() as last computed; null once something it depends on changed (asked per reading). */
  private stateCache: PetStateName | null = null;

  constructor(profile: PetProfile) {
    this.profile = profile;
    this.thresholds = clinicalThresholdsFor(profile);
    this.facts = { profile, thresholds: this.thresholds, baselines: this.baselines, track: this.tracks[0]! };
  }

  setProfile(profile: PetProfile): void {
    // A baseline learned as one species means nothing for another.
    if (profile.species !== this.profile.species) this.baselines.reset();
    this.profile = profile;
    this.thresholds = clinicalThresholdsFor(profile);
    this.facts.profile = profile;
    this.facts.thresholds = this.thresholds;
  }

  /** Scores one accepted reading (already gated into `c`, windows not yet updated). */
  process(c: ReadingContext, detectedAt: number, onIndex: AlertIndexHook): AlertTransition[] {
    const r = c.reading;
    const hrBase = this.baselines.hr;
    this.windows.update(c, this.thresholds, seizureElevatedHr(hrBase.warm ? hrBase.mean : this.thresholds.heartRate.high));
    const flagged = scoreReading(c, this);
    let out: AlertTransition[] | null = null;
    for (let i = 0; i < this.tracks.length; i++) {
      const track = this.tracks[i]!;
      const outcome = track.step(this.verdicts[i]!, r, detectedAt);
      if (outcome === STEP_NONE) continue;
      const a = track.subject!;
      this.facts.track = track;
      describeAlert(a, this.facts);
      if (outcome === STEP_OPENED) onIndex(a, true);
      else if (outcome === STEP_RESOLVED) onIndex(a, false);
      (out ??= []).push({ type: outcome === STEP_OPENED ? 'opened' : outcome === STEP_RESOLVED ? 'resolved' : 'updated', alert: copyAlert(a) });
    }
    if (out !== null || this.latest === null) this.stateCache = null;
    if (!this.anyMedicalOpen()) {
      const w = this.windows;
      this.baselines.learn(c, flagged, flagged && this.onlyTachypnea(), w.sleepRr.full ? w.sleepRr.mean() : Number.NaN);
    }
    this.latest = r;
    this.latestProcessedAt = detectedAt;
    return out ?? [];
  }

  /** True when tachypnea is the only medical detector flagging the current reading. */
  private onlyTachypnea(): boolean {
    for (let i = 0; i < this.verdicts.length; i++) {
      if (MEDICAL[i] && i !== TACHYPNEA && this.verdicts[i]!.level >= 1) return false;
    }
    return true;
  }

  anyMedicalOpen(): boolean {
    for (let i = 0; i < this.tracks.length; i++) if (MEDICAL[i] && this.tracks[i]!.alert !== null) return true;
    return false;
  }

  trackFor(kind: Alert['kind']): AlertTrack {
    return this.tracks[KIND_INDEX[kind]]!;
  }

  /** Continues an alert that was open before a restart (see AlertTrack.adopt). */
  adoptAlert(alert: Alert): void {
    this.trackFor(alert.kind).adopt(alert);
    this.stateCache = null;
  }

  state(): PetStateName {
    return (this.stateCache ??= this.computeState());
  }

  private computeState(): PetStateName {
    if (this.latest === null && !this.tracks.some((t) => t.alert !== null)) return 'unknown';
    let state: PetStateName = 'ok';
    for (let i = 0; i < this.tracks.length; i++) {
      const a = this.tracks[i]!.alert;
      if (a === null) continue;
      if (!MEDICAL[i]) {
        if (state === 'ok') state = 'technical';
      } else if (a.severity === 'critical') {
        return 'critical';
      } else {
        state = 'warning';
      }
    }
    return state;
  }

  twin(): PetTwin {
    const t = this.thresholds;
    return {
      profile: { ...this.profile },
      latest: this.latest ? { ...this.latest } : null,
      latestProcessedAt: this.latestProcessedAt,
      state: this.state(),
      ranges: {
        heartRate: { ...t.heartRate },
        respiratoryRate: { ...t.respiratoryRate },
        temperatureC: { ...t.temperatureC },
      },
      baseline: this.baselines.view(),
      openAlerts: this.tracks.filter((tr) => tr.alert !== null).map((tr) => copyAlert(tr.alert!)),
    };
  }

  toJSON(): PetSnapshot {
    const tracks: Partial<Record<string, AlertTrackJson>> = {};
    ALL_KINDS.forEach((k, i) => {
      tracks[k] = this.tracks[i]!.toJSON();
    });
    return {
      profile: { ...this.profile },
      devices: Object.fromEntries(this.lastTsByDevice),
      windows: this.windows.toJSON(),
      baselines: this.baselines.toJSON(),
      tracks,
      latest: this.latest,
      latestProcessedAt: this.latestProcessedAt,
    };
  }

  /** Loads learned state from a snapshot (the profile is the caller's decision). */
  load(json: Partial<PetSnapshot>, onIndex: AlertIndexHook): void {
    this.lastTsByDevice.clear();
    for (const [device, ts] of Object.entries(json.devices ?? {})) {
      if (typeof ts === 'number' && Number.isFinite(ts)) this.lastTsByDevice.set(device, ts);
    }
    this.windows.load(json.windows);
    this.baselines.load(json.baselines);
    ALL_KINDS.forEach((k, i) => {
      const track = this.tracks[i]!;
      track.load(json.tracks?.[k]);
      if (track.alert) onIndex(track.alert, true);
    });
    this.latest = json.latest ?? null;
    this.latestProcessedAt = typeof json.latestProcessedAt === 'number' ? json.latestProcessedAt : null;
    this.stateCache = null;
  }
}

/** Validates a profile from a snapshot; null when it is not one. */
export function parseProfile(x: unknown): PetProfile | null {
  const r = PetProfileSchema.safeParse(x);
  return r.success ? r.data : null;
}

/** Transitions carry their own copy: the live record keeps changing after it is published. */
export function copyAlert(a: Alert): Alert {
  return { ...a, values: { ...a.values }, normal: a.normal ? { ...a.normal } : null };
}
