/**
 * The scenario library is a measuring instrument: the same seed must give the same episodes,
 * labels and readings, and every episode must give baselines time to learn before any onset.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VitalsReading } from '../../src/domain/reading.ts';
import { CONDITIONS, CONFOUNDERS } from '../../src/evaluation/library-catalogue.ts';
import { createPetSimulator } from '../../src/simulator/pet-model.ts';
import {
  HISTORY_S,
  LIBRARY_SIZES,
  buildLibrary,
  conditionOf,
  playEpisode,
  type Episode,
} from '../../src/evaluation/scenario-library.ts';

const played = (ep: Episode): VitalsReading[] => {
  const out: VitalsReading[] = [];
  playEpisode(ep, (r) => out.push(r));
  return out;
};

test('the same seed gives the same episodes, labels and readings', () => {
  const a = buildLibrary(7, LIBRARY_SIZES.quick);
  const b = buildLibrary(7, LIBRARY_SIZES.quick);
  assert.deepEqual(a, b);
  for (const i of [0, 40, a.length - 60]) {
    const ep = a[i]!;
    const short = { ...ep, durationS: Math.min(ep.durationS, 2800) };
    assert.deepEqual(played(short), played({ ...b[i]!, durationS: short.durationS }));
  }
});

test('another seed gives other episodes', () => {
  const a = buildLibrary(7, LIBRARY_SIZES.quick);
  const c = buildLibrary(8, LIBRARY_SIZES.quick);
  assert.notDeepEqual(a.map((e) => [e.seed, e.startTs]), c.map((e) => [e.seed, e.startTs]));
});

test('the quick library has every condition and confounder, dogs and cats, and 30+ min of history before any onset', () => {
  const lib = buildLibrary(1, LIBRARY_SIZES.quick);
  const s = LIBRARY_SIZES.quick;
  assert.equal(lib.length, CONDITIONS.length * s.perCondition + CONFOUNDERS.length * s.perConfounder + s.normalDays);
  for (const c of CONDITIONS) assert.equal(lib.filter((e) => conditionOf(e)?.name === c.name).length, s.perCondition, c.name);
  for (const c of CONFOUNDERS) assert.ok(lib.some((e) => e.injections.some((i) => i.name === c.name && i.role === 'confounder')), c.name);
  assert.ok(lib.some((e) => e.profile.species === 'cat') && lib.some((e) => e.profile.species === 'dog'));
  assert.ok(lib.some((e) => e.profile.ageYears < 1) && lib.some((e) => e.profile.ageYears >= 10));
  for (const ep of lib) {
    assert.match(ep.profile.id, /^ep-\d{4}-/);
    const condition = conditionOf(ep);
    if (condition) {
      assert.ok(condition.onsetS >= HISTORY_S[0], `${ep.id} onset at ${condition.onsetS} s`);
      assert.ok(condition.expectedKinds.length > 0);
    }
    for (const inj of ep.injections) if (inj.role === 'confounder') assert.deepEqual(inj.expectedKinds, []);
  }
});

test('a condition episode plays its scenario from the labelled onset: tachycardia above 180 bpm within 15 s', () => {
  const ep = buildLibrary(1, LIBRARY_SIZES.quick).find((e) => conditionOf(e)?.name === 'tachycardia_at_rest' && e.profile.species === 'dog')!;
  const c = conditionOf(ep)!;
  const rs = played(ep);
  assert.equal(rs.length, ep.durationS);
  assert.equal(rs[0]!.ts, ep.startTs);
  const before = rs.slice(c.onsetS - 120, c.onsetS + 1).filter((r) => r.heartRate !== null);
  assert.ok(before.every((r) => r.heartRate! < 180), 'normal until onset');
  assert.ok(rs.slice(c.onsetS + 1, c.onsetS + 16).some((r) => r.heartRate !== null && r.heartRate > 180));
});

test('conditions judged against the pet\'s own normal have 10 min of its reference state before onset', () => {
  // Library ep-0144/ep-0157 (seed 1) had never slept before their sleeping breathing began to
  // rise, ep-0213 had played through its whole history: nothing to depart from, so no test.
  const lib = buildLibrary(1, LIBRARY_SIZES.full);
  const specs = CONDITIONS.filter((c) => c.ownNormal);
  assert.deepEqual(specs.map((c) => c.name).sort(), ['baseline_shift', 'sleeping_rr_rise']);
  for (const spec of specs) {
    for (const ep of lib.filter((e) => conditionOf(e)?.name === spec.name)) {
      const onset = conditionOf(ep)!.onsetS;
      const sim = createPetSimulator(ep.profile, ep.seed, { deviceId: `collar-${ep.profile.id}` });
      let inState = 0;
      for (let s = 0; s < onset; s++) {
        sim.next(ep.startTs + s * 1000);
        const injected = ep.injections.some((i) => s >= i.onsetS && s < i.onsetS + i.durationS);
        if (!injected && spec.ownNormal!.behaviours.includes(sim.currentBehaviour)) inState++;
        for (const i of ep.injections) if (i.onsetS === s) sim.inject(i.scenario, { durationS: i.durationS });
      }
      assert.ok(inState >= spec.ownNormal!.minS, `${ep.id}: ${inState} s in ${spec.ownNormal!.behaviours.join('/')}`);
    }
  }
});
