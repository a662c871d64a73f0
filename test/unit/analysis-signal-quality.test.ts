// Signal-quality gating and technical alerts: a collar problem is reported as an advisory
// technical alert (severity info) and never as a medical one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDetectionEngine } from '../../src/analysis/detection-engine.ts';
import { BELLA, Feeder, medical, summary } from './helpers/readings.ts';

function bella() {
  const engine = createDetectionEngine();
  engine.upsertPet(BELLA);
  return { engine, f: new Feeder(engine, 'bella') };
}

const line = (x: { at: number; t: { type: string; alert: { kind: string; severity: string } } }) =>
  `${x.at} ${x.t.type} ${x.t.alert.kind} ${x.t.alert.severity}`;

test('collar removed raises collar_removed info and no medical alert', () => {
  const { engine, f } = bella();
  f.run(10);
  // Taken off: no pulse, contact quality 0, temperature sliding from body heat to the room.
  const got = f.runIndexed(120, (i) => ({
    heartRate: null,
    respiratoryRate: null,
    signalQuality: 0,
    activity: 0,
    temperatureC: Math.max(22, 37 - i * 0.3),
  }));
  assert.deepEqual(got.map(line), ['19 opened collar_removed info']);
  const a = got[0]!.t.alert;
  assert.equal(a.category, 'technical');
  assert.equal(a.normal, null);
  assert.match(a.explanation, /^Bella's collar does not seem to be on Bella: there is no pulse signal and it reads 31\.3 °C/);
  assert.equal(engine.twin('bella')?.state, 'technical');

  // Back on: resolves after 10 s of good contact.
  const back = f.runIndexed(15);
  assert.deepEqual(back.map(line), ['10 resolved collar_removed info']);
  assert.equal(back[0]!.t.alert.explanation, "Resolved: Bella's collar is reading normally again; health monitoring has resumed.");
  assert.equal(engine.twin('bella')?.state, 'ok');
});

test('a collar lying on the floor at room temperature (no pulse) is collar_removed, not hypothermia', () => {
  const { f } = bella();
  f.run(5);
  f.run(60, { heartRate: null, respiratoryRate: null, temperatureC: 24, signalQuality: 0.6, activity: 0 });
  assert.deepEqual(summary(f.all), ['opened collar_removed info']);
});

test('poor signal quality suppresses a medical alert', () => {
  const { engine, f } = bella();
  f.run(5);
  // HR 260 would be critical at once, but the collar says it cannot vouch for it.
  const got = f.runIndexed(60, { heartRate: 260, respiratoryRate: 80, signalQuality: 0.3 });
  assert.deepEqual(medical(got.map((x) => x.t)), []);
  assert.deepEqual(got.map(line), ['49 opened poor_signal info']);
  assert.match(got[0]!.t.alert.explanation, /^The collar has not been able to read Bella's pulse reliably for 50 s \(signal quality 30 %\)/);
  assert.equal(engine.twin('bella')?.state, 'technical');
});

test('low quality while running is expected and raises no poor_signal alert', () => {
  const { f } = bella();
  f.run(120, { signalQuality: 0.3, activity: 0.8, heartRate: 180 });
  assert.deepEqual(f.all, []);
});

test('a motion artefact (a 120-bpm jump while running) is not trusted', () => {
  const { f } = bella();
  f.run(30, { heartRate: 150, activity: 0.9 });
  // Alternating 150 / 290 during a sprint: each jump is the sensor slipping.
  f.run(60, (i) => ({ heartRate: i % 2 === 0 ? 290 : 150, activity: 0.9 }));
  assert.deepEqual(f.all, []);
});

test('low battery: below 15 % for 3 readings raises low_battery info; charging resolves it at once', () => {
  const { f } = bella();
  f.run(5, { batteryPct: 16 });
  const low = f.runIndexed(3, { batteryPct: 14 });
  assert.deepEqual(low.map(line), ['2 opened low_battery info']);
  assert.equal(low[0]!.t.alert.explanation, "Bella's collar battery is at 14 %. Charge it soon so monitoring does not stop.");
  assert.deepEqual(low[0]!.t.alert.normal, { low: 15, high: 100, baseline: null, unit: '%' });
  assert.deepEqual(f.runIndexed(5, { batteryPct: 18 }), []); // above 15 but below the 20 % clear line
  assert.deepEqual(f.runIndexed(1, { batteryPct: 60 }).map(line), ['0 resolved low_battery info']);
});

const EMPTY_FRAME = { heartRate: null, respiratoryRate: null, temperatureC: null, activity: null, hrvMs: null, batteryPct: null, signalQuality: null };

test('sensor dropout: a collar that goes silent (every field empty) for 30 readings raises sensor_dropout info', () => {
  const { f } = bella();
  f.run(5);
  const got = f.runIndexed(30, EMPTY_FRAME);
  assert.deepEqual(got.map(line), ['29 opened sensor_dropout info']);
  assert.match(got[0]!.t.alert.explanation, /has sent no heart rate, breathing or temperature for 30 s/);
});

test('sensor dropout: no vital sign while activity and battery still arrive raises sensor_dropout only after 5 min, once', () => {
  const { f } = bella();
  f.run(5);
  const got = f.runIndexed(400, { heartRate: null, respiratoryRate: null, temperatureC: null });
  assert.deepEqual(got.map(line), ['299 opened sensor_dropout info']);
  assert.match(got[0]!.t.alert.explanation, /for 5 min\./);
  // Readings come back for 20 s between gaps of a minute: the same alert stays open…
  const flapping = f.runIndexed(240, (i) => (i % 80 < 20 ? {} : { heartRate: null, respiratoryRate: null, temperatureC: null }));
  assert.deepEqual(flapping.map(line), []);
  // …and resolves after 60 s of readings.
  assert.deepEqual(f.runIndexed(61).map(line), ['60 resolved sensor_dropout info']);
});

test('a missing heart rate alone (common on real collars) raises nothing', () => {
  const { f } = bella();
  f.run(300, (i) => ({ heartRate: i % 2 === 0 ? null : 65 }));
  assert.deepEqual(f.all, []);
});
