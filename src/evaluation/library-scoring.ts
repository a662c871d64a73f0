/**
 * The arithmetic of the evaluation, pure: from episodes and what the engine raised on them to
 * recall, time to detect and false alarms per pet-day. Definitions (also in the README table):
 *  - detected: an alert of an expected kind opened in [onset, condition end + grace]; "any
 *    medical" (reported separately) accepts any medical kind in the same window. An alert
 *    already open at onset (opened as a false alarm earlier) does not count.
 *  - time to detect: opened ts − onset ts, seconds; from the marker: opened ts − marker ts.
 *  - percentiles: linear interpolation between ranks (numpy default).
 *  - normal time: every second before a condition's onset, and whole episodes without one;
 *    a medical alert opened in normal time is a false alarm; pet-days = normal hours / 24.
 *  - context of a false alarm: the confounder running, or ended < CONFOUNDER_TAIL_S ago;
 *    otherwise normal_life.
 */
import { percentileSorted } from '../simulator/stats.ts';
import { CONDITIONS } from './library-catalogue.ts';
import type { EpisodeOutcome, OpenedAlert } from './episode-runner.ts';
import type { ConditionResult, ContextResult, EvaluationReport, FalseAlarm } from './evaluation-report.ts';
import { CONFOUNDER_TAIL_S, DETECTION_GRACE_S, conditionOf, onsetTsOf, type Episode } from './scenario-library.ts';

/** False alarms listed one by one in the report; the counts cover all of them. */
export const MAX_FALSE_ALARMS_LISTED = 200;
export const NORMAL_LIFE = 'normal_life';

export type LibraryScore = Pick<EvaluationReport, 'conditions' | 'overall' | 'normal'>;

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  return percentileSorted([...values].sort((a, b) => a - b), p);
}

type ContextWindow = { name: string; from: number; to: number };

/** Normal-time windows of an episode, confounders first; the rest is normal life. */
function contextsOf(ep: Episode): { normalEnd: number; windows: ContextWindow[] } {
  const condition = conditionOf(ep);
  const normalEnd = condition ? onsetTsOf(ep, condition) : ep.startTs + ep.durationS * 1000;
  const windows: ContextWindow[] = [];
  for (const inj of ep.injections) {
    if (inj.role !== 'confounder') continue;
    const from = onsetTsOf(ep, inj);
    const to = Math.min(from + (inj.durationS + CONFOUNDER_TAIL_S) * 1000, normalEnd);
    if (to > from) windows.push({ name: inj.name, from, to });
  }
  return { normalEnd, windows };
}

const contextAt = (windows: ContextWindow[], ts: number) =>
  windows.find((w) => ts >= w.from && ts < w.to)?.name ?? NORMAL_LIFE;

export function scoreLibrary(episodes: readonly Episode[], outcomes: readonly EpisodeOutcome[]): LibraryScore {
  const byId = new Map(outcomes.map((o) => [o.episodeId, o]));
  const outcomeOf = (ep: Episode): EpisodeOutcome => byId.get(ep.id) ?? { episodeId: ep.id, alerts: [], markerTs: null };

  // Conditions.
  const conditions: ConditionResult[] = [];
  const names = [...CONDITIONS.map((c) => c.name)];
  for (const ep of episodes) {
    const c = conditionOf(ep);
    if (c && !names.includes(c.name)) names.push(c.name);
  }
  let total = 0;
  let detectedAll = 0;
  let anyAll = 0;
  for (const name of names) {
    const eps = episodes.filter((e) => conditionOf(e)?.name === name);
    if (eps.length === 0) continue;
    const first = conditionOf(eps[0]!)!;
    let detected = 0;
    let detectedAny = 0;
    let markerReached = 0;
    const ttd: number[] = [];
    const ttdMarker: number[] = [];
    const kindsFired: Record<string, number> = {};
    const missed: string[] = [];
    for (const ep of eps) {
      const c = conditionOf(ep)!;
      const o = outcomeOf(ep);
      const onset = onsetTsOf(ep, c);
      const end = onset + (c.durationS + DETECTION_GRACE_S) * 1000;
      const during = o.alerts.filter((a) => a.category === 'medical' && a.ts >= onset && a.ts <= end);
      const hit = during.find((a) => (c.expectedKinds as readonly string[]).includes(a.kind));
      for (const k of new Set(during.map((a) => a.kind))) kindsFired[k] = (kindsFired[k] ?? 0) + 1;
      if (during.length > 0) detectedAny++;
      if (o.markerTs !== null) markerReached++;
      if (!hit) {
        missed.push(`${ep.id} ${petLabel(ep)}`);
        continue;
      }
      detected++;
      ttd.push((hit.ts - onset) / 1000);
      if (o.markerTs !== null) ttdMarker.push((hit.ts - o.markerTs) / 1000);
    }
    total += eps.length;
    detectedAll += detected;
    anyAll += detectedAny;
    conditions.push({
      name,
      expectedKinds: [...first.expectedKinds],
      episodes: eps.length,
      detected,
      recall: ratio(detected, eps.length),
      detectedAnyMedical: detectedAny,
      recallAnyMedical: ratio(detectedAny, eps.length),
      ttdMedianS: pct(ttd, 50),
      ttdP95S: pct(ttd, 95),
      marker: first.marker?.label ?? null,
      markerReached,
      ttdFromMarkerMedianS: pct(ttdMarker, 50),
      ttdFromMarkerP95S: pct(ttdMarker, 95),
      kindsFired,
      missed,
    });
  }

  // Normal time, false alarms and technical alerts, by context.
  const ctx = new Map<string, ContextResult & { seen: Set<string>; hit: Set<string> }>();
  const ctxFor = (name: string) => {
    let c = ctx.get(name);
    if (!c) {
      c = { name, episodes: 0, hours: 0, falseMedical: 0, episodesWithFalseMedical: 0, technical: 0, medicalKinds: {}, technicalKinds: {}, seen: new Set(), hit: new Set() };
      ctx.set(name, c);
    }
    return c;
  };
  ctxFor(NORMAL_LIFE);
  let normalMs = 0;
  let falseMedical = 0;
  let technical = 0;
  const falseAlarms: FalseAlarm[] = [];
  for (const ep of episodes) {
    const { normalEnd, windows } = contextsOf(ep);
    const span = normalEnd - ep.startTs;
    normalMs += span;
    let inConfounders = 0;
    for (const w of windows) {
      const c = ctxFor(w.name);
      c.hours += (w.to - w.from) / 3_600_000;
      c.seen.add(ep.id);
      inConfounders += w.to - w.from;
    }
    const life = ctxFor(NORMAL_LIFE);
    life.hours += (span - inConfounders) / 3_600_000;
    if (span - inConfounders > 0) life.seen.add(ep.id);
    for (const a of outcomeOf(ep).alerts) {
      if (a.ts >= normalEnd) continue;
      const c = ctxFor(contextAt(windows, a.ts));
      if (a.category === 'medical') {
        falseMedical++;
        c.falseMedical++;
        c.hit.add(ep.id);
        c.medicalKinds[a.kind] = (c.medicalKinds[a.kind] ?? 0) + 1;
        if (falseAlarms.length < MAX_FALSE_ALARMS_LISTED) falseAlarms.push(falseAlarmRow(ep, a, c.name));
      } else {
        technical++;
        c.technical++;
        c.technicalKinds[a.kind] = (c.technicalKinds[a.kind] ?? 0) + 1;
      }
    }
  }
  const petDays = normalMs / 86_400_000;
  const contexts: ContextResult[] = [...ctx.values()].map(({ seen, hit, ...c }) => ({
    ...c,
    hours: round(c.hours),
    episodes: seen.size,
    episodesWithFalseMedical: hit.size,
  }));
  return {
    conditions,
    overall: {
      episodes: total,
      detected: detectedAll,
      recall: ratio(detectedAll, total),
      detectedAnyMedical: anyAll,
      recallAnyMedical: ratio(anyAll, total),
    },
    normal: {
      hours: round(normalMs / 3_600_000),
      petDays: round(petDays),
      falseMedical,
      falseMedicalPerPetDay: ratio(falseMedical, petDays),
      technical,
      technicalPerPetDay: ratio(technical, petDays),
      contexts,
      falseAlarms,
    },
  };
}

const petLabel = (ep: Episode) => `${ep.profile.species} ${ep.profile.breed} ${ep.profile.weightKg} kg ${ep.profile.ageYears} y`;

function falseAlarmRow(ep: Episode, a: OpenedAlert, context: string): FalseAlarm {
  const p = ep.profile;
  return {
    episodeId: ep.id,
    petId: p.id,
    pet: petLabel(ep),
    kind: a.kind,
    severity: a.severity,
    context,
    atS: (a.ts - ep.startTs) / 1000,
    heartRate: a.values.heartRate,
    respiratoryRate: a.values.respiratoryRate,
    temperatureC: a.values.temperatureC,
    activity: a.values.activity,
    signalQuality: a.values.signalQuality,
  };
}
