/**
 * Runs one library episode through a detection engine and records what it raised: every alert
 * opened (kind, category, when, with the values that opened it) and when the condition's marker
 * (e.g. 39.5 °C) was first reached. The engine is the analyzer's own (createDetectionEngine),
 * fresh per episode, fed with the reading's ts as detectedAt so results are deterministic.
 * Scoring the outcomes is library-scoring.ts.
 */
import type { AlertCategory, AlertKind, AlertValues, Severity } from '../domain/alert.ts';
import type { DetectionEngine } from '../analysis/engine-contract.ts';
import { conditionOf, meetsMarker, onsetTsOf, playEpisode, type Episode } from './scenario-library.ts';

/** The part of the engine contract the evaluator uses; tests may pass a stub. */
export type EvaluatedEngine = Pick<DetectionEngine, 'upsertPet' | 'process'>;
export type EngineFactory = () => EvaluatedEngine;

export type OpenedAlert = {
  kind: AlertKind;
  category: AlertCategory;
  severity: Severity;
  /** ts of the reading whose processing opened the alert (= detectedAt). */
  ts: number;
  values: AlertValues;
};

export type EpisodeOutcome = {
  episodeId: string;
  alerts: OpenedAlert[];
  /** First reading at or after the condition's onset that meets its marker; null if none. */
  markerTs: number | null;
};

/** Upper bound on alerts kept per episode: a runaway detector must not exhaust memory. */
export const MAX_ALERTS_PER_EPISODE = 10_000;

export function runEpisode(ep: Episode, createEngine: EngineFactory): EpisodeOutcome {
  const engine = createEngine();
  engine.upsertPet(ep.profile);
  const alerts: OpenedAlert[] = [];
  const condition = conditionOf(ep);
  const marker = condition?.marker ?? null;
  const onsetTs = condition ? onsetTsOf(ep, condition) : Number.POSITIVE_INFINITY;
  let markerTs: number | null = null;
  playEpisode(ep, (r) => {
    if (marker && markerTs === null && r.ts >= onsetTs && meetsMarker(marker, r)) markerTs = r.ts;
    const transitions = engine.process(r, r.ts);
    for (const t of transitions) {
      if (t.type !== 'opened' || alerts.length >= MAX_ALERTS_PER_EPISODE) continue;
      const a = t.alert;
      alerts.push({ kind: a.kind, category: a.category, severity: a.severity, ts: r.ts, values: a.values });
    }
  });
  return { episodeId: ep.id, alerts, markerTs };
}
