/**
 * The generic online detector on small hand-made series: a spike scores near 1 once, a flat
 * series scores 0, a level shift is flagged and then becomes the new normal, missing values pass
 * through, and every series is learnt from scratch with the same parameters.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_PARAMS, OnlineDetector, scoreSeries } from '../../src/evaluation/online-detector.ts';
import { Rng } from '../../src/simulator/rng.ts';

const noisy = (n: number, seed: number, mean = 10, sd = 1) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.normal(mean, sd));
};

test('a spike of 10 spreads scores above 0.99, once; the ordinary points around it score below 0.2', () => {
  const xs = noisy(300, 1);
  xs[200] = 20;
  const s = scoreSeries(xs);
  assert.ok(s[200]! > 0.99, `spike ${s[200]}`);
  assert.ok(s[201]! < 0.2 && s[202]! < 0.2, `after ${s[201]} ${s[202]}`);
  assert.ok(s.every((v, i) => i === 200 || v < 0.2));
});

test('a flat series scores 0 everywhere, without dividing by zero', () => {
  assert.deepEqual(scoreSeries(Array(200).fill(42)), Array(200).fill(0));
  assert.deepEqual(scoreSeries(Array(50).fill(0)), Array(50).fill(0));
});

test('a constant series that changes level scores 1 at the change', () => {
  const xs = [...Array(100).fill(5), ...Array(20).fill(6)];
  const s = scoreSeries(xs);
  assert.equal(s[100], 1);
  assert.ok(s.slice(0, 100).every((v) => v === 0));
});

test('a level shift of 3 spreads is flagged within 8 points, then becomes the new normal', () => {
  const xs = noisy(400, 2).map((v, i) => (i >= 200 ? v + 3 : v));
  const s = scoreSeries(xs);
  assert.ok(s.slice(0, 200).every((v) => v < 0.2), 'quiet before');
  assert.ok(s.slice(200, 208).some((v) => v > 0.3), s.slice(200, 210).join(' '));
  assert.ok(s.slice(300).every((v) => v < 0.2), 'quiet once learnt');
});

test('a slow 1.5-spread shift is caught by the CUSUM within 20 points', () => {
  const xs = noisy(400, 3).map((v, i) => (i >= 200 ? v + 1.5 : v));
  const s = scoreSeries(xs);
  assert.ok(Math.max(...s.slice(200, 220)) > 0.3);
  assert.ok(Math.max(...s.slice(0, 200)) < 0.2);
});

test('the first warm-up points score 0; output has one score per input, all in [0, 1]', () => {
  const xs = noisy(100, 4);
  xs[3] = 1000;
  const s = scoreSeries(xs);
  assert.equal(s.length, xs.length);
  assert.deepEqual(s.slice(0, DEFAULT_DETECTOR_PARAMS.warmup), Array(DEFAULT_DETECTOR_PARAMS.warmup).fill(0));
  assert.ok(s.every((v) => v >= 0 && v <= 1));
});

test('NaN and infinite values score 0 and are skipped: the next spike is still seen', () => {
  const xs = noisy(120, 5);
  xs[60] = Number.NaN;
  xs[61] = Number.POSITIVE_INFINITY;
  xs[62] = 30;
  const d = new OnlineDetector();
  const s = xs.map((v) => d.score(v));
  assert.equal(s[60], 0);
  assert.equal(s[61], 0);
  assert.ok(s[62]! > 0.99);
  assert.equal(d.learnt, 118);
});

/** Runs of consecutive scores above `t`: one excursion flagged over several points is one event. */
const events = (s: number[], t: number) => s.filter((v, i) => v > t && !(s[i - 1]! > t)).length;

test('a random walk and a strongly autocorrelated series raise at most 2 events above 0.5 in 3000 points', () => {
  const rng = new Rng(6);
  let x = 0;
  let y = 0;
  const walk: number[] = [];
  const ar: number[] = [];
  for (let i = 0; i < 3000; i++) {
    x += rng.normal(0, 1);
    y = 0.95 * y + rng.normal(0, 1);
    walk.push(x);
    ar.push(y);
  }
  assert.ok(events(scoreSeries(walk), 0.5) <= 2);
  assert.ok(events(scoreSeries(ar), 0.5) <= 2);
});

test('each series is learnt from scratch: scoring A then B equals scoring B alone', () => {
  const a = noisy(200, 7, 1000, 50);
  const b = noisy(200, 8);
  scoreSeries(a);
  assert.deepEqual(scoreSeries(b), scoreSeries(b));
});
