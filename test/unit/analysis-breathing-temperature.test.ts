// Breathing and temperature detectors: resting tachypnea, sustained sleeping-RR rise (absolute
// and against the pet's own baseline), fever, heat stroke and hypothermia bands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDetectionEngine } from '../../src/analysis/detection-engine.ts';
import { BELLA, Feeder, MILO, medical, summary } from './helpers/readings.ts';

function bella() {
  const engine = createDetectionEngine();
  engine.upsertPet(BELLA);
  return { engine, f: new Feeder(engine, 'bella') };
}

const line = (x: { at: number; t: { type: string; alert: { kind: string; severity: string } } }) =>
  `${x.at} ${x.t.type} ${x.t.alert.kind} ${x.t.alert.severity}`;

test('tachypnea: a settled dog breathing 45/min opens a warning after 30 min; 70/min after 20 min', () => {
  // Intended change (issue 3): panting after exertion or in the heat lasts tens of minutes, so
  // resting tachypnea must persist 30 min (mild) or 20 min (marked) once breathing has settled
  // (from reading 387 with no earlier history).
  const { f } = bella();
  f.run(400);
  assert.deepEqual(f.runIndexed(1801, { respiratoryRate: 45 }).map(line), ['1800 opened tachypnea warning']);

  const other = bella();
  other.f.run(400);
  assert.deepEqual(other.f.runIndexed(1201, { respiratoryRate: 70 }).map(line), ['1200 opened tachypnea warning']);
});

test('panting during play is not tachypnea', () => {
  const { f } = bella();
  f.run(120, { respiratoryRate: 150, heartRate: 170, activity: 0.8 });
  assert.deepEqual(f.all, []);
});

test('sleeping RR: a sleeping dog breathing 34/min opens sleeping_rr_rise 10 min after the 1-min mean passes 30', () => {
  const { f } = bella();
  f.run(70); // still for 60 s: asleep from here, with 10 sleeping readings at 16/min already in the window
  // The 60-reading sleeping window is first full at the 50th fast reading (10 × 16 + 50 × 34:
  // mean 31 > 30); it must stay over the line 10 min ("sustained", issue 3: was 3 min, which
  // alarmed on healthy dogs), so the alert opens at index 49 + 600.
  const got = f.runIndexed(660, { respiratoryRate: 34 });
  assert.deepEqual(got.map(line), ['649 opened sleeping_rr_rise warning']);
  const a = got[0]!.t.alert;
  assert.deepEqual(a.normal, { low: 8, high: 30, baseline: null, unit: 'breaths/min' });
  assert.match(a.explanation, /^Bella's breathing while asleep has averaged 34 breaths\/min over the last minute and has stayed up for 10 min;/);
});

test('sleeping RR: a cat is judged against ≥ 32/min (inclusive), "consistently": 15 min', () => {
  const engine = createDetectionEngine();
  engine.upsertPet(MILO);
  const f = new Feeder(engine, 'milo', { heartRate: 150, respiratoryRate: 22 });
  f.run(70);
  // The 1-min mean reaches 32 once all 60 sleeping readings are 32 (index 59); 32–38 is level 1
  // for a cat (some healthy cats reach 38), so it must last 15 min: it opens at 59 + 900.
  const got = f.runIndexed(1300, { respiratoryRate: 32 });
  assert.deepEqual(got.map(line).filter((s) => s.includes('opened')), ['959 opened sleeping_rr_rise warning']);
  // 31/min is under the line but not under the 29/min clear line: the alert stays open.
  f.run(300, { respiratoryRate: 31 });
  assert.deepEqual(summary(f.all).filter((s) => !s.startsWith('updated')), ['opened sleeping_rr_rise warning']);
});

test('sleeping RR: 26/min, under 30 but well above her own learned sleeping 16/min, opens after 15 min', () => {
  const { engine, f } = bella();
  f.run(700); // asleep; breathing learned once settled (from reading 387): warm sleeping baseline of 16/min
  assert.equal(engine.twin('bella')?.baseline.respiratoryRate?.mean, 16);
  const got = f.runIndexed(1400, { respiratoryRate: 26 });
  assert.deepEqual(summary(got.map((x) => x.t)).filter((s) => s.startsWith('opened')), ['opened sleeping_rr_rise warning']);
  // The 1-min mean passes 35 % above 16 (21.6/min, and ≥ 3 above) at index 33; it must last 15
  // min (issue 3: 10 min alarmed on healthy dogs' slow swings, 20 min missed real rises): 33 + 900.
  assert.equal(got[0]!.at, 33 + 900);
  assert.match(got[0]!.t.alert.explanation, /and Bella's own usual while asleep is 16 breaths\/min/);
});

test('fever: 39.8 °C at rest opens after 30 s, 40.3 °C after 15 s, both warnings', () => {
  const { f } = bella();
  f.run(5);
  assert.deepEqual(f.runIndexed(30, { temperatureC: 39.8 }).map(line), ['29 opened fever warning']);
  const other = bella();
  other.f.run(5);
  const got = other.f.runIndexed(15, { temperatureC: 40.3 });
  assert.deepEqual(got.map(line), ['14 opened fever warning']);
  assert.match(got[0]!.t.alert.explanation, /That is a fever\./);
});

test('fever resolves only after a minute at or below 39.2 °C (hysteresis)', () => {
  const { f } = bella();
  f.run(30, { temperatureC: 40.3 });
  f.run(120, { temperatureC: 39.4 }); // back under 39.5 but above the 39.2 clear line: stays open
  assert.deepEqual(summary(f.all).filter((s) => !s.startsWith('updated')), ['opened fever warning']);
  const got = f.runIndexed(61, { temperatureC: 38.9 });
  assert.deepEqual(got.map(line), ['60 resolved fever warning']);
});

test('heat stroke: 41.2 °C opens a critical heat_stroke alert after 3 s and no fever alert', () => {
  const { f } = bella();
  f.run(5);
  const got = f.runIndexed(40, { temperatureC: 41.2, heartRate: 150, respiratoryRate: 90 });
  assert.deepEqual(got.map(line).filter((s) => !s.includes('updated')), ['2 opened heat_stroke critical']);
  assert.match(got[0]!.t.alert.explanation, /heat stroke range \(41 °C and above; normal is 37\.5–39 °C\)/);
  assert.match(got[0]!.t.alert.explanation, /drive to a vet immediately\.$/);
});

test('heat stroke: 40.4 °C with panting and a racing heart together opens one heat_stroke warning, not fever/tachycardia/tachypnea', () => {
  const { f } = bella();
  f.run(5);
  const got = f.runIndexed(30, { temperatureC: 40.4, heartRate: 190, respiratoryRate: 90, activity: 0.1 });
  assert.deepEqual(got.map(line).filter((s) => !s.includes('updated')), ['9 opened heat_stroke warning']);
});

test('40.4 °C without panting or a racing heart is a fever, not heat stroke', () => {
  const { f } = bella();
  f.run(5);
  assert.deepEqual(f.runIndexed(15, { temperatureC: 40.4 }).map(line), ['14 opened fever warning']);
});

test('hypothermia bands: 36.5 °C warning after 30 s, 34 °C critical after 15 s, 31 °C critical after 3 s', () => {
  const cases: Array<[number, number, string]> = [
    [36.5, 30, '29 opened hypothermia warning'],
    [34, 15, '14 opened hypothermia critical'],
    [31, 3, '2 opened hypothermia critical'],
  ];
  for (const [temp, n, expected] of cases) {
    const { f } = bella();
    f.run(5);
    assert.deepEqual(f.runIndexed(n, { temperatureC: temp }).map(line), [expected], `temp ${temp}`);
  }
});

test('a cat at 37.8 °C is hypothermic (cats: below 38.0 °C), a dog at 37.8 °C is not', () => {
  const engine = createDetectionEngine();
  engine.upsertPet(MILO);
  engine.upsertPet(BELLA);
  const cat = new Feeder(engine, 'milo', { heartRate: 150, respiratoryRate: 22 });
  const dog = new Feeder(engine, 'bella');
  cat.run(40, { temperatureC: 37.8 });
  dog.run(40, { temperatureC: 37.8 });
  assert.deepEqual(summary(medical(cat.all)), ['opened hypothermia warning']);
  assert.deepEqual(dog.all, []);
});
