// Heart-rate detectors: activity-aware tachycardia, bradycardia calibrated on real resting dogs,
// collapse and seizure-like episodes. Bella is a medium dog (resting range 40–140 bpm, warning
// above 168, marked above 204, critical above 240); Rex is a large dog (bradycardia below 32).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDetectionEngine } from '../../src/analysis/detection-engine.ts';
import { alertIdFor } from '../../src/domain/alert.ts';
import { BELLA, Feeder, REX, medical, summary } from './helpers/readings.ts';

function bella() {
  const engine = createDetectionEngine();
  engine.upsertPet(BELLA);
  return { engine, f: new Feeder(engine, 'bella') };
}

test('opens one tachycardia alert when resting heart rate stays above 180 for 10 s', () => {
  const { f } = bella();
  f.run(5);
  const got = f.runIndexed(10, { heartRate: 185 });
  assert.deepEqual(
    got.map((x) => `${x.at} ${x.t.type} ${x.t.alert.kind} ${x.t.alert.severity}`),
    ['9 opened tachycardia warning'],
  );
  const a = got[0]!.t.alert;
  assert.equal(a.alertId, alertIdFor('bella', 'tachycardia', 'bella-e14'));
  assert.equal(a.eventId, 'bella-e14');
  assert.equal(a.revision, 1);
  assert.equal(a.status, 'active');
  assert.equal(a.peakValue, 185);
  assert.deepEqual(a.normal, { low: 40, high: 140, baseline: null, unit: 'bpm' });
  assert.equal(
    a.explanation,
    "Bella's heart rate has been high for 10 s while lying still: 185 bpm now. A resting medium-sized dog is normally 40–140 bpm. " +
      'Let Bella rest quietly; if it stays high, call your vet today.',
  );
});

test('a mild breach for 3 s does not open an alert', () => {
  const { f } = bella();
  f.run(5);
  f.run(3, { heartRate: 185 });
  f.run(60);
  assert.deepEqual(f.all, []);
});

test('a marked breach (HR 210 at rest) opens after 5 s instead of 10 s', () => {
  const { f } = bella();
  f.run(5);
  const got = f.runIndexed(10, { heartRate: 210 });
  assert.deepEqual(
    got.map((x) => `${x.at} ${x.t.type} ${x.t.alert.severity}`),
    ['4 opened warning'],
  );
});

test('a severe breach (HR 260 at rest) opens a critical alert on the first reading', () => {
  const { f } = bella();
  f.run(5);
  const got = f.runIndexed(1, { heartRate: 260 });
  assert.deepEqual(summary(got.map((x) => x.t)), ['opened tachycardia critical']);
  assert.match(got[0]!.t.alert.explanation, /Keep Bella calm and call your vet now\.$/);
});

test('play: HR 190 with activity 0.9 raises nothing', () => {
  const { f } = bella();
  f.run(5);
  f.run(120, { heartRate: 190, activity: 0.9, respiratoryRate: 60 });
  assert.deepEqual(f.all, []);
});

test('after play, a heart rate still high 10 s later is recovery, not tachycardia', () => {
  const { f } = bella();
  f.run(60, { heartRate: 190, activity: 0.9 });
  f.run(15, { heartRate: 175, activity: 0.05 });
  assert.deepEqual(f.all, []);
});

test('a rate far out of proportion to light activity (230 bpm at activity 0.3) still opens tachycardia', () => {
  const { f } = bella();
  f.run(5, { activity: 0.3 });
  const got = f.runIndexed(10, { heartRate: 230, activity: 0.3 });
  assert.equal(got[0]?.at, 4);
  assert.equal(got[0]?.t.alert.kind, 'tachycardia');
  assert.match(got[0]!.t.alert.explanation, /while moving, faster than that activity explains/);
});

test('a healthy large dog resting at 45 bpm raises nothing', () => {
  const engine = createDetectionEngine();
  engine.upsertPet(REX);
  const f = new Feeder(engine, 'rex');
  f.run(900, (i) => ({ heartRate: 42 + (i % 7), respiratoryRate: 10 + (i % 4), activity: 0.02 }));
  assert.deepEqual(f.all, []);
  assert.equal(engine.twin('rex')?.state, 'ok');
});

test('bradycardia: a large dog at 31 bpm for 25 s opens a warning; at 29 bpm after 10 s', () => {
  const engine = createDetectionEngine();
  engine.upsertPet(REX);
  const mild = new Feeder(engine, 'rex');
  mild.run(5, { heartRate: 45 });
  assert.deepEqual(
    mild.runIndexed(25, { heartRate: 31 }).map((x) => `${x.at} ${x.t.type} ${x.t.alert.kind} ${x.t.alert.severity}`),
    ['24 opened bradycardia warning'],
  );

  const engine2 = createDetectionEngine();
  engine2.upsertPet(REX);
  const marked = new Feeder(engine2, 'rex');
  marked.run(5, { heartRate: 45 });
  const got = marked.runIndexed(10, { heartRate: 29 });
  assert.deepEqual(got.map((x) => `${x.at} ${x.t.type} ${x.t.alert.kind}`), ['9 opened bradycardia']);
  assert.match(got[0]!.t.alert.explanation, /Healthy large dogs rarely stay below 32 bpm/);
});

test('collapse: heart rate falling from 110 to 35 while motionless opens a critical collapse alert after 3 s', () => {
  const { f } = bella();
  f.run(20, { heartRate: 110, activity: 0.5 });
  const got = f.runIndexed(10, { heartRate: 35, activity: 0 });
  assert.deepEqual(got.map((x) => `${x.at} ${x.t.type} ${x.t.alert.kind} ${x.t.alert.severity}`), ['2 opened collapse critical']);
  assert.match(got[0]!.t.alert.explanation, /^Bella has been lying completely still with a very low heart rate for 3 s: 35 bpm/);
});

test('collapse: a very low heart rate (20 bpm) with no movement opens collapse, not bradycardia as well', () => {
  const { f } = bella();
  f.run(5);
  f.run(40, { heartRate: 20, activity: 0 });
  assert.deepEqual(summary(medical(f.all)).filter((s) => s.startsWith('opened')), ['opened collapse critical']);
});

test('seizure-like: repeated activity bursts with HR 230 for 15 s open one critical seizure alert', () => {
  const { f } = bella();
  f.run(5);
  const pattern = [0.1, 0.9, 0.9];
  const got = f.runIndexed(15, (i) => ({ heartRate: 230, activity: pattern[i % 3]!, respiratoryRate: 50 }));
  assert.deepEqual(got.map((x) => `${x.at} ${x.t.type} ${x.t.alert.kind} ${x.t.alert.severity}`), ['14 opened seizure critical']);
});

test('seizure-like bursts with a normal heart rate (a dog playing fetch) raise nothing', () => {
  const { f } = bella();
  f.run(5);
  const pattern = [0.1, 0.9, 0.9];
  f.run(60, (i) => ({ heartRate: 150, activity: pattern[i % 3]! }));
  assert.deepEqual(f.all, []);
});
