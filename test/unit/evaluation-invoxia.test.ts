/**
 * Real dogs as readings: the replay builder turns test/unit/fixtures/invoxia-mini.csv into 1 Hz
 * frames with exactly the values its rules promise (latest ended window while fresh, null HR in
 * bad ECG, sessions 300 s apart), and the live replay sends every frame once, in order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VitalsReading } from '../../src/domain/reading.ts';
import {
  BAD_ECG_QUALITY,
  SESSION_GAP_S,
  frameReading,
  invoxiaTimelines,
  type InvoxiaFrame,
} from '../../src/evaluation/invoxia-replay.ts';
import { replayLive } from '../../src/evaluation/live-replay.ts';
import { readInvoxiaFile } from '../../src/simulator/invoxia.ts';

const FIXTURE = 'test/unit/fixtures/invoxia-mini.csv';
const timelines = () => invoxiaTimelines(readInvoxiaFile(FIXTURE));

/** What the rules give for second t of session s1 (duration 300, bad ECG 2–32 s). */
function expectedS1(t: number): InvoxiaFrame {
  const bad = t >= 2 && t < 32;
  // HR windows 0–20 (60) and 10–30 (70): latest ended, for 20 s after its end.
  const hr = t >= 20 && t < 30 ? 60 : t >= 30 && t < 50 ? 70 : null;
  // BR windows 0–40 (12) and 10–50 (14): latest ended, for 40 s after its end.
  const br = t >= 40 && t < 50 ? 12 : t >= 50 && t < 90 ? 14 : null;
  return { tS: t, heartRate: bad ? null : hr, respiratoryRate: br, signalQuality: bad ? BAD_ECG_QUALITY : null };
}

test('dogs become pets with breed, weight and age, ids invoxia-<dog> and names like "Beagle 7"', () => {
  const [seven, x9] = timelines();
  assert.deepEqual(seven!.profile, { id: 'invoxia-7', name: 'Beagle 7', species: 'dog', breed: 'Beagle', weightKg: 10, ageYears: 4.5 });
  // Missing weight and age: the analyzer's default medium adult dog.
  assert.deepEqual(x9!.profile, { id: 'invoxia-x-9', name: 'Labrador, Mixed x-9', species: 'dog', breed: 'Labrador, Mixed', weightKg: 20, ageYears: 4 });
});

test('1 Hz frames carry the exact heart and breathing rates of the windows, sessions 300 s apart', () => {
  const [seven, x9] = timelines();
  assert.equal(seven!.sessions, 2);
  assert.equal(seven!.recordedS, 400);
  assert.equal(seven!.frames.length, 400);
  const expected: InvoxiaFrame[] = [];
  for (let t = 0; t < 300; t++) expected.push(expectedS1(t));
  // s2 (duration 100) starts after s1's 300 s and the gap; one HR window 0–20 (80).
  for (let t = 0; t < 100; t++) {
    expected.push({ tS: 300 + SESSION_GAP_S + t, heartRate: t >= 20 && t < 40 ? 80 : null, respiratoryRate: null, signalQuality: null });
  }
  assert.deepEqual(seven!.frames, expected);
  assert.equal(x9!.frames.length, 200);
  assert.ok(x9!.frames.every((f) => f.heartRate === null && f.respiratoryRate === null && f.signalQuality === null));
});

test('a frame becomes a reading with only heart rate, breathing rate and signal quality set', () => {
  const [seven] = timelines();
  const r = frameReading(seven!, seven!.frames[45]!, 1_700_000_000_000, 45);
  assert.deepEqual(r, {
    eventId: 'collar-invoxia-7-45', petId: 'invoxia-7', deviceId: 'collar-invoxia-7', ts: 1_700_000_000_000, seq: 45,
    heartRate: 70, respiratoryRate: 12, temperatureC: null, activity: null, hrvMs: null, batteryPct: null, signalQuality: null,
  });
});

test('the live replay registers each dog, then sends every frame once with now-based, increasing ts', async () => {
  const tls = timelines();
  let clock = 1_700_000_000_000;
  const registered: string[] = [];
  const sent: VitalsReading[] = [];
  const result = await replayLive(
    tls,
    {
      send: async (rs) => void sent.push(...rs),
      register: async (p) => void registered.push(p.id),
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      log: () => {},
    },
    { speed: 100 },
  );
  assert.deepEqual(registered, ['invoxia-7', 'invoxia-x-9']);
  assert.deepEqual(result, { dogs: 2, readings: 600, stopped: false });
  const seven = sent.filter((r) => r.petId === 'invoxia-7');
  assert.equal(seven.length, 400);
  assert.deepEqual(seven.map((r) => r.seq), [...Array(400).keys()]);
  // At 100× a recorded second is 10 ms of ts; the s2 frames start after the 300 s gap.
  assert.equal(seven[0]!.ts, 1_700_000_000_000);
  assert.equal(seven[399]!.ts, 1_700_000_000_000 + (300 + SESSION_GAP_S + 99) * 10);
  assert.ok(seven.every((r, i) => i === 0 || r.ts > seven[i - 1]!.ts));
});

test('the live replay stops when its signal aborts', async () => {
  const abort = new AbortController();
  let clock = 0;
  const result = await replayLive(
    timelines(),
    {
      send: async () => abort.abort(),
      register: async () => {},
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      log: () => {},
    },
    { speed: 1, signal: abort.signal },
  );
  assert.equal(result.stopped, true);
  assert.equal(result.readings, 2);
});
