/**
 * The evaluator's arithmetic on a tiny hand-made case: a stub engine opens alerts at chosen
 * seconds, and recall, time to detect, false medical and technical alerts per pet-day come out
 * exactly as computed by hand. (The stub is only for the arithmetic; the real runs use the
 * analyzer's engine.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryOf, type AlertKind, type AlertTransition } from '../../src/domain/alert.ts';
import type { PetProfile } from '../../src/domain/pet.ts';
import type { EvaluatedEngine } from '../../src/evaluation/episode-runner.ts';
import { checkTargets, evaluate } from '../../src/evaluation/evaluate.ts';
import { scoreLibrary } from '../../src/evaluation/library-scoring.ts';
import type { Episode } from '../../src/evaluation/scenario-library.ts';

const T0 = Date.UTC(2025, 0, 6, 10);
const dog = (id: string): PetProfile => ({ id, name: 'Rex', species: 'dog', breed: 'Labrador Retriever', weightKg: 30, ageYears: 5 });

const tachy = (id: string, n: number): Episode => ({
  id,
  profile: dog(id),
  seed: n,
  startTs: T0 + n * 86_400_000,
  durationS: 100 + 60 + 30,
  injections: [{ name: 'tachycardia_at_rest', role: 'condition', scenario: 'tachycardia', expectedKinds: ['tachycardia'], onsetS: 100, durationS: 60, marker: null }],
});
const EPISODES: Episode[] = [
  tachy('a', 0),
  tachy('b', 1),
  tachy('c', 2),
  {
    id: 'd',
    profile: dog('d'),
    seed: 3,
    startTs: T0 + 3 * 86_400_000,
    durationS: 100 + 100 + 1200,
    injections: [{ name: 'play', role: 'confounder', scenario: 'play', expectedKinds: [], onsetS: 100, durationS: 100, marker: null }],
  },
];
/** Alerts the stub opens: pet → second from the episode start → kind. */
const PLAN: Record<string, Record<number, AlertKind>> = {
  a: { 50: 'fever', 103: 'tachypnea', 107: 'tachycardia' },
  b: { 120: 'tachycardia' },
  c: {},
  d: { 10: 'collar_removed', 150: 'tachypnea', 1350: 'tachycardia' },
};

function stubEngine(): EvaluatedEngine {
  const starts = new Map(EPISODES.map((e) => [e.profile.id, e.startTs]));
  return {
    upsertPet() {},
    process(r, detectedAt): AlertTransition[] {
      const kind = PLAN[r.petId]?.[(r.ts - starts.get(r.petId)!) / 1000];
      if (!kind) return [];
      const values = { heartRate: r.heartRate, respiratoryRate: r.respiratoryRate, temperatureC: r.temperatureC, activity: r.activity, signalQuality: r.signalQuality, batteryPct: r.batteryPct };
      return [
        {
          type: 'opened',
          alert: {
            alertId: `al-${r.eventId}`, petId: r.petId, kind, category: categoryOf(kind), severity: 'warning', status: 'active', revision: 1,
            openedAt: detectedAt, updatedAt: detectedAt, resolvedAt: null, acknowledgedAt: null, sensorTs: r.ts, eventId: r.eventId,
            detectedAt, values, peakValue: null, normal: null, explanation: 'stub',
          },
        },
      ];
    },
  };
}

test('recall, time to detect and false alarms per pet-day are exact on a hand-made case', async () => {
  const r = await evaluate({ seed: 0, episodes: EPISODES, createEngine: stubEngine, now: () => 0 });
  const c = r.conditions.find((x) => x.name === 'tachycardia_at_rest')!;
  assert.equal(c.episodes, 3);
  assert.equal(c.detected, 2);
  assert.equal(c.recall, 2 / 3);
  assert.equal(c.detectedAnyMedical, 2);
  assert.equal(c.ttdMedianS, 13.5); // TTDs 7 and 20 s
  assert.equal(c.ttdP95S, 7 + 0.95 * 13);
  assert.deepEqual(c.kindsFired, { tachypnea: 1, tachycardia: 2 });
  assert.deepEqual(r.overall, { episodes: 3, detected: 2, recall: 2 / 3, detectedAnyMedical: 2, recallAnyMedical: 2 / 3 });

  // Normal time: 100 s before each onset + the whole 1400 s confounder episode = 1700 s.
  const petDays = 1700 / 86_400;
  assert.equal(r.normal.falseMedical, 3);
  assert.equal(r.normal.falseMedicalPerPetDay, 3 / petDays);
  assert.equal(r.normal.technical, 1);
  assert.equal(r.normal.technicalPerPetDay, 1 / petDays);
  const play = r.normal.contexts.find((x) => x.name === 'play')!;
  assert.deepEqual(
    { episodes: play.episodes, hours: play.hours, falseMedical: play.falseMedical, medicalKinds: play.medicalKinds },
    { episodes: 1, hours: Math.round((1300 / 3600) * 1000) / 1000, falseMedical: 2, medicalKinds: { tachypnea: 1, tachycardia: 1 } },
  );
  const life = r.normal.contexts.find((x) => x.name === 'normal_life')!;
  assert.deepEqual({ falseMedical: life.falseMedical, medicalKinds: life.medicalKinds, technicalKinds: life.technicalKinds }, { falseMedical: 1, medicalKinds: { fever: 1 }, technicalKinds: { collar_removed: 1 } });
  assert.deepEqual(r.normal.falseAlarms.map((a) => [a.episodeId, a.kind, a.context, a.atS]), [
    ['a', 'fever', 'normal_life', 50],
    ['d', 'tachypnea', 'play', 150],
    ['d', 'tachycardia', 'play', 1350],
  ]);
  assert.equal(r.pass, false);
  assert.equal(r.targets.find((t) => t.target.startsWith('tachycardia_at_rest'))?.value, 13.5);
});

test('time to detect from a marker may be negative (detected before the fever crossed 39.5 °C)', () => {
  const fever: Episode = {
    id: 'f', profile: dog('f'), seed: 1, startTs: T0, durationS: 2000,
    injections: [{ name: 'fever', role: 'condition', scenario: 'fever', expectedKinds: ['fever'], onsetS: 1000, durationS: 900, marker: { label: '39.5 °C', signal: 'temperatureC', op: '>=', value: 39.5 } }],
  };
  const values = { heartRate: null, respiratoryRate: null, temperatureC: null, activity: null, signalQuality: null, batteryPct: null };
  const score = scoreLibrary([fever], [{ episodeId: 'f', markerTs: T0 + 1600_000, alerts: [{ kind: 'fever', category: 'medical', severity: 'warning', ts: T0 + 1540_000, values }] }]);
  const c = score.conditions[0]!;
  assert.deepEqual([c.ttdMedianS, c.ttdFromMarkerMedianS, c.markerReached], [540, -60, 1]);
  const checks = checkTargets(score, null);
  assert.equal(checks.find((t) => t.target.startsWith('fever'))?.pass, true);
  assert.equal(checks.find((t) => t.target.startsWith('recall'))?.pass, true);
});
