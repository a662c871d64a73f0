// Clinical ranges and thresholds by species, size and age (sources cited in clinical-ranges.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clinicalThresholdsFor } from '../../src/analysis/clinical-ranges.ts';

const dog = (weightKg: number, ageYears = 4) => clinicalThresholdsFor({ species: 'dog', weightKg, ageYears });
const cat = (ageYears = 4) => clinicalThresholdsFor({ species: 'cat', weightKg: 4, ageYears });

test('resting heart-rate ranges follow size, with adult-dog lower bounds from real resting dogs', () => {
  assert.deepEqual(dog(35).heartRate, { low: 40, high: 100 });
  assert.deepEqual(dog(20).heartRate, { low: 40, high: 140 });
  assert.deepEqual(dog(8).heartRate, { low: 45, high: 160 });
  assert.deepEqual(dog(8, 0.5).heartRate, { low: 120, high: 200 });
  assert.deepEqual(cat().heartRate, { low: 120, high: 220 });
});

test('tachycardia lines: warning 20 % above the resting upper bound, critical at the severe line', () => {
  assert.deepEqual(dog(35).tachycardia, { mild: 120, marked: 160, severe: 200, clear: 110 });
  assert.deepEqual(dog(20).tachycardia, { mild: 168, marked: 204, severe: 240, clear: 154 });
  assert.deepEqual(cat().tachycardia, { mild: 264, marked: 282, severe: 300, clear: 242 });
});

test('bradycardia starts well below healthy resting rates: large dog < 32, critical < 28', () => {
  assert.deepEqual(dog(35).bradycardia, { mild: 32, marked: 30, severe: 28, clear: 37 });
  assert.deepEqual(dog(20).bradycardia, { mild: 34, marked: 31, severe: 28, clear: 39 });
  // Small dogs share the medium line (issue 3, library seed 4 ep-0261: see clinical-ranges.ts).
  assert.deepEqual(dog(8).bradycardia, { mild: 34, marked: 31, severe: 28, clear: 39 });
});

test('temperature lines: hyperthermia > 39.5, fever ≥ 40, heat stroke ≥ 41; hypothermia dog < 37.5, cat < 38', () => {
  const d = dog(20).temperature;
  assert.deepEqual([d.hyperthermia, d.fever, d.heatStroke, d.hypothermia, d.hypoModerate, d.hypoSevere], [39.5, 40, 41, 37.5, 35, 32]);
  assert.equal(cat().temperature.hypothermia, 38);
  assert.deepEqual(cat().temperatureC, { low: 38, high: 39.5 });
});

test('sleeping breathing rate: dogs sustained > 30/min, cats ≥ 32/min', () => {
  assert.deepEqual(dog(20).sleepingRr, { threshold: 30, inclusive: false, clear: 27 });
  assert.deepEqual(cat().sleepingRr, { threshold: 32, inclusive: true, clear: 29 });
});
