/**
 * The simulated fleet: deterministic pets and readings, readings that pass the contract,
 * realistic resting rates, battery, and scenario injection errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PetProfile } from '../../src/domain/pet.ts';
import { VitalsReadingSchema, type VitalsReading } from '../../src/domain/reading.ts';
import { isPetTwinError } from '../../src/errors.ts';
import { createFleet, createPetSimulator, SCENARIOS, ScenarioNameSchema } from '../../src/simulator/fleet.ts';
import { median } from '../../src/simulator/stats.ts';

const T0 = Date.UTC(2025, 5, 1, 6, 0, 0);

function run(seed: number, count: number, seconds: number, stepMs = 1000): VitalsReading[] {
  const fleet = createFleet({ seed, count, startTs: T0 });
  const out: VitalsReading[] = [];
  for (let i = 1; i <= seconds * (1000 / stepMs); i++) out.push(...fleet.tick(T0 + i * stepMs));
  return out;
}

/** Resting and sleeping heart rates of one simulated pet over `hours`, 10 s apart. */
function restingHeartRates(profile: PetProfile, seed: number, hours: number): number[] {
  const sim = createPetSimulator(profile, seed);
  const hr: number[] = [];
  for (let ts = T0; ts < T0 + hours * 3_600_000; ts += 10_000) {
    const r = sim.next(ts);
    if (r.heartRate !== null && r.activity !== null && r.activity < 0.15 && (r.signalQuality ?? 0) >= 0.7) hr.push(r.heartRate);
  }
  return hr;
}

const dog = (id: string, weightKg: number, ageYears = 4): PetProfile => ({
  id,
  name: id,
  species: 'dog',
  breed: 'test',
  weightKg,
  ageYears,
});

test('the same seed gives identical pets and readings; another seed does not', () => {
  const a = run(7, 20, 600);
  const b = run(7, 20, 600);
  assert.deepEqual(a, b);
  assert.deepEqual(createFleet({ seed: 7, count: 20 }).pets(), createFleet({ seed: 7, count: 20 }).pets());
  assert.notDeepEqual(run(8, 20, 60), run(7, 20, 60));
});

test('a smaller fleet is the first pets of a larger one with the same seed', () => {
  const small = createFleet({ seed: 3, count: 10 }).pets();
  const large = createFleet({ seed: 3, count: 100 }).pets();
  assert.deepEqual(small, large.slice(0, 10));
});

test('fleet pets are about three-quarters dogs of many sizes, with plausible profiles', () => {
  const pets = createFleet({ seed: 42, count: 400 }).pets();
  assert.equal(pets[0]!.id, 'pet-001');
  assert.equal(pets[399]!.id, 'pet-400');
  assert.equal(new Set(pets.map((p) => p.id)).size, 400);
  const dogs = pets.filter((p) => p.species === 'dog');
  assert.ok(dogs.length / pets.length > 0.68 && dogs.length / pets.length < 0.82, `${dogs.length} dogs of 400`);
  assert.ok(dogs.some((p) => p.weightKg < 5) && dogs.some((p) => p.weightKg > 40), 'toy and giant dogs');
  assert.ok(pets.some((p) => p.ageYears < 1) && pets.some((p) => p.ageYears > 10), 'young and senior pets');
  assert.ok(new Set(pets.map((p) => p.breed)).size > 15);
});

test('every reading passes VitalsReadingSchema; ids, devices and sequence numbers are consistent', () => {
  const fleet = createFleet({ seed: 11, count: 30, startTs: T0 });
  const lastSeq = new Map<string, number>();
  const ids = new Set<string>();
  let nulls = 0;
  for (let i = 1; i <= 3600; i++) {
    const ts = T0 + i * 1000;
    const readings = fleet.tick(ts);
    assert.equal(readings.length, 30);
    for (const r of readings) {
      const parsed = VitalsReadingSchema.safeParse(r);
      assert.ok(parsed.success, `${JSON.stringify(r)}: ${parsed.success ? '' : parsed.error.message}`);
      assert.equal(r.ts, ts);
      assert.equal(r.eventId, `${r.deviceId}-${r.seq}`);
      assert.ok(!ids.has(r.eventId));
      ids.add(r.eventId);
      const prev = lastSeq.get(r.deviceId);
      if (prev !== undefined) assert.equal(r.seq, prev + 1);
      lastSeq.set(r.deviceId, r.seq);
      if (r.heartRate === null) nulls++;
    }
  }
  assert.deepEqual([...lastSeq.keys()].slice(0, 2), ['collar-001', 'collar-002']);
  assert.ok(nulls > 0, 'some heart rates are missing, as on a real collar');
});

test('signal quality is mostly 0.8–1 while pets rest', () => {
  const readings = run(5, 20, 1800).filter((r) => r.activity !== null && r.activity < 0.15 && r.signalQuality !== null);
  const good = readings.filter((r) => r.signalQuality! >= 0.8).length;
  assert.ok(good / readings.length > 0.85, `${good} of ${readings.length}`);
});

test('large dogs rest within the Invoxia range (42–82 bpm) and small dogs rest higher', () => {
  const large = [30, 34, 38, 42].map((kg, i) => median(restingHeartRates(dog(`large-${i}`, kg), 100 + i, 12)));
  const small = [3, 4, 5, 6].map((kg, i) => median(restingHeartRates(dog(`small-${i}`, kg), 200 + i, 12)));
  for (const m of large) assert.ok(m >= 40 && m <= 85, `large dog median ${m}`);
  assert.ok(median(small) > median(large) + 15, `small ${small.join('/')} vs large ${large.join('/')}`);
});

test('cats rest between 120 and 200 bpm', () => {
  const cat: PetProfile = { id: 'cat', name: 'cat', species: 'cat', breed: 'Siamese', weightKg: 4, ageYears: 5 };
  const m = median(restingHeartRates(cat, 9, 12));
  assert.ok(m >= 120 && m <= 200, `cat median ${m}`);
});

test('heart rate rises with play and settles again', () => {
  const readings = run(21, 30, 4 * 3600, 5000);
  const hrAt = (lo: number, hi: number) =>
    median(readings.filter((r) => r.heartRate !== null && r.activity! >= lo && r.activity! < hi).map((r) => r.heartRate!));
  assert.ok(hrAt(0.7, 1.01) > hrAt(0, 0.1) * 1.5, `play ${hrAt(0.7, 1.01)} vs rest ${hrAt(0, 0.1)}`);
});

test('battery drains monotonically, a few % a day for most collars', () => {
  const fleet = createFleet({ seed: 13, count: 20, startTs: T0 });
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (let i = 1; i <= 24 * 60; i++) {
    for (const r of fleet.tick(T0 + i * 60_000)) {
      if (r.batteryPct === null) continue;
      const prev = last.get(r.petId);
      if (prev !== undefined) assert.ok(r.batteryPct <= prev, `${r.petId} battery rose ${prev} → ${r.batteryPct}`);
      if (!first.has(r.petId)) first.set(r.petId, r.batteryPct);
      last.set(r.petId, r.batteryPct);
    }
  }
  const drops = [...first.keys()].map((id) => first.get(id)! - last.get(id)!);
  assert.ok(drops.every((d) => d > 0.5 && d < 35), drops.join(', '));
  assert.ok(median(drops) < 6, `median daily drain ${median(drops)}`);
});

test('short dropouts send readings with every sensor null', () => {
  const readings = run(17, 50, 3 * 3600, 2000);
  const empty = readings.filter((r) => r.heartRate === null && r.temperatureC === null && r.activity === null);
  assert.ok(empty.length > 0);
  assert.ok(empty.length / readings.length < 0.02);
});

test('injecting an unknown scenario or pet throws a catalogued error listing the valid names', () => {
  const fleet = createFleet({ seed: 1, count: 3 });
  assert.throws(
    () => fleet.inject('pet-001', 'zombie'),
    (err: unknown) =>
      isPetTwinError(err) && err.code === 'PETTWIN_SCENARIO_UNKNOWN' && /tachycardia, bradycardia, fever/.test(err.message),
  );
  assert.throws(
    () => fleet.inject('pet-999', 'fever'),
    (err: unknown) => isPetTwinError(err) && err.code === 'PETTWIN_PET_NOT_FOUND' && /pet-001, pet-002, pet-003/.test(err.message),
  );
});

test('SCENARIOS lists every scenario name with a description', () => {
  assert.deepEqual(
    SCENARIOS.map((s) => s.name).sort(),
    [...ScenarioNameSchema.options].sort(),
  );
  for (const s of SCENARIOS) assert.ok(s.description.length > 10);
});

test('a fleet can simulate custom profiles', () => {
  const fleet = createFleet({ seed: 1, count: 0, profiles: [dog('rex', 30), dog('tiny', 3)] });
  assert.deepEqual(fleet.pets().map((p) => p.id), ['rex', 'tiny']);
  const [a, b] = fleet.tick(T0);
  assert.equal(a!.petId, 'rex');
  assert.equal(b!.deviceId, 'collar-002');
  assert.equal(fleet.tickPet('tiny', T0 + 1000).seq, 1);
});
