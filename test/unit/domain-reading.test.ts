/**
 * The reading contract: the hot-path check must accept exactly what the zod schema accepts, and
 * a rejected reading must come with a reason that names the field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REASON_CHARS, PLAUSIBLE, VitalsReadingSchema, isValidReadingFast, parseReading, rawReadingIsStorable } from '../../src/domain/reading.ts';
import { createRng } from '../../src/simulator/rng.ts';

const base = () => ({
  eventId: 'collar-1-7',
  petId: 'rex',
  deviceId: 'collar-1',
  ts: 1_796_000_000_000,
  seq: 7,
  heartRate: 72,
  respiratoryRate: 16,
  temperatureC: 38.6,
  activity: 0.1,
  hrvMs: 120,
  batteryPct: 80,
  signalQuality: 0.95,
});

const ODD_VALUES: unknown[] = [null, undefined, 0, -0, -1, 0.5, 1, 1.0000001, 99.9999, 100, 100.1, 400, 400.01, 4000, -5, 1e308, '72', '', 'x'.repeat(201), true, [], {}, 2 ** 53, 1.5, Number.MAX_SAFE_INTEGER + 2, 'rex\ud800', '\udc00', 'ok\u{1f436}'];

test('the fast check agrees with the zod schema on 20,000 generated readings, valid and broken', () => {
  const rng = createRng(11);
  const keys = Object.keys(base());
  let accepted = 0;
  for (let i = 0; i < 20_000; i++) {
    const r: Record<string, unknown> = base();
    const edits = rng.int(0, 3);
    for (let e = 0; e < edits; e++) {
      const k = rng.pick(keys);
      const op = rng.int(0, 9);
      if (op === 0) delete r[k];
      else if (op === 1) r[`extra${rng.int(0, 2)}`] = 1;
      else if (op <= 5) r[k] = ODD_VALUES[rng.int(0, ODD_VALUES.length - 1)];
      else r[k] = typeof r[k] === 'number' ? (r[k] as number) * rng.uniform(-2, 12) : r[k];
    }
    // What JSON can carry: a round trip drops undefined and turns -0 into 0.
    const json = JSON.parse(JSON.stringify(r)) as unknown;
    const fast = isValidReadingFast(json);
    const zod = VitalsReadingSchema.safeParse(json).success;
    assert.equal(fast, zod, `disagreement on ${JSON.stringify(json)}`);
    if (fast) accepted++;
  }
  assert.ok(accepted > 2000 && accepted < 18_000, `both valid and invalid inputs were exercised (${accepted} accepted)`);
});

test('a heart rate of -5 or 4000 is rejected with a reason naming heartRate and its bounds', () => {
  for (const hr of [-5, 4000]) {
    const r = parseReading(JSON.stringify({ ...base(), heartRate: hr }));
    assert.deepEqual(r, { ok: false, reason: `schema violation: heartRate: must be between ${PLAUSIBLE.heartRate.min} and ${PLAUSIBLE.heartRate.max} bpm` });
  }
});

test('malformed JSON and empty messages are rejected, never thrown', () => {
  const bad = parseReading('{"petId": ');
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.reason : '', /^malformed JSON: /);
  assert.deepEqual(parseReading(Buffer.alloc(0)), { ok: false, reason: 'empty message' });
  assert.deepEqual(parseReading(null), { ok: false, reason: 'empty message' });
});

test('a valid reading with nulls where a sensor gave nothing is accepted as is', () => {
  const r = { ...base(), heartRate: null, respiratoryRate: null, hrvMs: null };
  assert.deepEqual(parseReading(Buffer.from(JSON.stringify(r))), { ok: true, reading: r });
});

test('a reading with 60,000 unknown keys is rejected with a reason of at most 500 characters (it travels in a Kafka header)', () => {
  const extra = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${String(i).padStart(6, '0')}`, 1]));
  const r = parseReading(JSON.stringify({ ...base(), ...extra }));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.reason.length, MAX_REASON_CHARS);
  assert.match(r.reason, /^schema violation: \(root\): Unrecognized keys: "k000000", "k000001"/);
  assert.ok(r.reason.endsWith('…'));
});

test('a reading\'s Kafka bytes are storable as its JSON line only when no other reading could be read from them', () => {
  const text = JSON.stringify(base());
  const ok = (s: string) => rawReadingIsStorable(Buffer.from(s));
  assert.equal(ok(text), true);
  assert.equal(ok(JSON.stringify({ ...base(), heartRate: null, hrvMs: null })), true, 'nulls');
  assert.equal(ok(JSON.stringify(base(), null, 1).replaceAll('\n', ' ')), true, 'spaces between tokens');
  assert.equal(ok(JSON.stringify(base(), null, 1)), false, 'a line break would split the line');
  assert.equal(ok(text.replace('}', ' }\r')), false, 'a carriage return');
  assert.equal(ok(text.replace('"heartRate":72', '"heartRate":300,"heartRate":72')), false, 'a duplicate key (DuckDB rejects it, JSON.parse keeps the last)');
  assert.equal(ok(text.replace('"heartRate":72', '"heartRate":300,"heart\\u0052ate":72')), false, 'a duplicate key spelt with an escape');
  assert.equal(ok(JSON.stringify({ ...base(), petId: 'r"ex' })), false, 'an escaped quote');
});

test('bytes that are not UTF-8, and ids holding a lone surrogate, are rejected with a reason (tester report: either one made the database refuse a whole batch of other pets\' readings)', () => {
  const bytes = Buffer.from(JSON.stringify(base()));
  bytes[bytes.indexOf('collar') + 1] = 0xff;
  assert.deepEqual(parseReading(bytes), { ok: false, reason: "not valid UTF-8: a reading is JSON text, which must be UTF-8 (check the producer's encoding)" });
  const lone = parseReading(JSON.stringify(base()).replace('"collar-1"', '"collar-1\\ud800"'));
  assert.equal(lone.ok, false);
  assert.match((lone as { reason: string }).reason, /^schema violation: deviceId: must be valid Unicode text \(it holds a lone surrogate such as \\ud800\)/);
  const emoji = parseReading(Buffer.from(JSON.stringify({ ...base(), petId: 'rex-\u{1f436}' })));
  assert.equal(emoji.ok, true, 'a surrogate pair (an emoji) is well-formed');
});
