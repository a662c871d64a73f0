/** The seeded random source: deterministic per (seed, stream), independent streams, sane distributions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/simulator/rng.ts';
import { mean, sd } from '../../src/simulator/stats.ts';

test('the same seed and stream give the same sequence', () => {
  const a = createRng(42, 3);
  const b = createRng(42, 3);
  for (let i = 0; i < 1000; i++) assert.equal(a.next(), b.next());
});

test('different seeds or streams give different sequences', () => {
  const first = (seed: number, stream: number) => Array.from({ length: 5 }, ((r) => () => r.next())(createRng(seed, stream)));
  assert.notDeepEqual(first(42, 0), first(43, 0));
  assert.notDeepEqual(first(42, 0), first(42, 1));
  assert.notDeepEqual(first(0, 0), first(0, 1));
});

test('uniform draws stay in [0, 1) and normal draws have the asked mean and sd', () => {
  const r = createRng(7);
  const u = Array.from({ length: 20000 }, () => r.next());
  assert.ok(u.every((x) => x >= 0 && x < 1));
  assert.ok(Math.abs(mean(u) - 0.5) < 0.01);
  const n = Array.from({ length: 20000 }, () => r.normal(10, 2));
  assert.ok(Math.abs(mean(n) - 10) < 0.05, `mean ${mean(n)}`);
  assert.ok(Math.abs(sd(n) - 2) < 0.05, `sd ${sd(n)}`);
});

test('int, pick and chance respect their bounds', () => {
  const r = createRng(9);
  const ints = Array.from({ length: 5000 }, () => r.int(1, 6));
  assert.deepEqual([...new Set(ints)].sort(), [1, 2, 3, 4, 5, 6]);
  assert.throws(() => r.pick([]), RangeError);
  assert.equal(r.chance(0), false);
  assert.equal(r.chance(1), true);
});
