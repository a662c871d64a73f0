/**
 * Scenarios added for the evaluation library: the conditions no fixed threshold catches and the
 * confounders that must not raise medical alerts each do what their description promises.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PetProfile } from '../../src/domain/pet.ts';
import type { VitalsReading } from '../../src/domain/reading.ts';
import { createPetSimulator, type PetSimulator } from '../../src/simulator/fleet.ts';
import { median } from '../../src/simulator/stats.ts';

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);
const LAB: PetProfile = { id: 'lab', name: 'Bella', species: 'dog', breed: 'Labrador Retriever', weightKg: 30, ageYears: 5 };

function seconds(sim: PetSimulator, fromS: number, toS: number): VitalsReading[] {
  const out: VitalsReading[] = [];
  for (let s = fromS; s <= toS; s++) out.push(sim.next(T0 + s * 1000));
  return out;
}
const values = (rs: VitalsReading[], k: 'heartRate' | 'respiratoryRate' | 'temperatureC' | 'signalQuality' | 'batteryPct') =>
  rs.flatMap((r) => (r[k] === null ? [] : [r[k]]));

test('sleeping_rr_rise lifts the sleeping breathing rate to at least 1.4× the pet\'s own within 25 min', () => {
  const sim = createPetSimulator(LAB, 21);
  sim.inject('sleeping_rr_rise');
  const after = median(values(seconds(sim, 0, 1500).slice(-300), 'respiratoryRate'));
  const ownSleeping = sim.traits.restRr * 0.93; // SLEEP_FACTOR.rr
  assert.ok(after >= 1.4 * ownSleeping, `own ${ownSleeping.toFixed(1)} after ${after}`);
});

test('baseline_shift lifts a large dog\'s resting heart rate ~1.5× and keeps it under 100 bpm', () => {
  const sim = createPetSimulator(LAB, 22);
  sim.inject('baseline_shift', { durationS: 1800 });
  const hr = values(seconds(sim, 0, 1800).slice(300), 'heartRate');
  const base = sim.traits.restHr * 1.04;
  assert.ok(median(hr) > 1.3 * base && median(hr) < 100, `median ${median(hr)} vs own ${base.toFixed(1)}`);
});

test('sensor_dropout sends frames with every field empty', () => {
  const sim = createPetSimulator(LAB, 23);
  seconds(sim, 0, 60);
  sim.inject('sensor_dropout', { durationS: 120 });
  const rs = seconds(sim, 61, 179); // it ends at 60 + 120 s
  assert.ok(rs.every((r) => r.heartRate === null && r.temperatureC === null && r.batteryPct === null && r.signalQuality === null));
});

test('low_battery drains to the 3 % reserve and no lower', () => {
  const sim = createPetSimulator(LAB, 24);
  sim.inject('low_battery', { durationS: 3600 });
  const battery = values(seconds(sim, 0, 3600), 'batteryPct');
  assert.ok(battery.at(-1)! <= 3.1 && battery.at(-1)! >= 2.5, `last ${battery.at(-1)}`);
});

test('loose_collar makes signal quality swing below 0.5 and back above 0.8', () => {
  const sim = createPetSimulator(LAB, 25);
  sim.inject('loose_collar', { durationS: 600 });
  const q = values(seconds(sim, 0, 600), 'signalQuality');
  assert.ok(q.some((x) => x < 0.5) && q.some((x) => x > 0.8));
});

test('excitement raises heart rate above 1.4× rest with activity 0.2–0.5', () => {
  const sim = createPetSimulator(LAB, 26);
  sim.inject('excitement', { durationS: 300 });
  const rs = seconds(sim, 0, 300).slice(60);
  assert.ok(median(values(rs, 'heartRate')) > 1.4 * sim.traits.restHr);
  assert.ok(median(rs.flatMap((r) => (r.activity === null ? [] : [r.activity]))) < 0.5);
});
