/**
 * The whole path on the real local Kafka broker: a reading produced to pet-vitals by a plain
 * Kafka client becomes an alert on pet-alerts, in the API and over the WebSocket; bad input ends
 * in the dead-letter topic; a restarted or replaying analyzer neither loses nor duplicates alerts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import type { Alert } from '../../src/domain/alert.ts';
import type { ServerFrame, StreamStatus } from '../../src/api/protocol.ts';
import { REX, produce, produceReadings, readTopic, reading, startApp, uniqueEnv, waitFor } from './helpers/harness.ts';

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const r = await fetch(url, init);
  return { status: r.status, body: (await r.json()) as T };
}
const post = (url: string, body: unknown) =>
  json<Record<string, unknown>>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function openAlerts(url: string, petId: string, kind: string): Promise<Alert[]> {
  const { body } = await json<{ alerts: Alert[] }>(`${url}/api/v1/alerts?petId=${petId}&kind=${kind}`);
  return body.alerts;
}

test('a resting dog with a heart rate far above its range gets an active tachycardia alert on pet-alerts, in the API and over the WebSocket', async (t) => {
  const app = await startApp(t, uniqueEnv(t));
  assert.equal((await post(`${app.url}/api/v1/pets`, REX)).status, 201);

  const frames: ServerFrame[] = [];
  const ws = new WebSocket(`${app.url.replace('http', 'ws')}/api/v1/ws`);
  t.after(() => ws.close());
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as ServerFrame));
  await waitFor('websocket hello', async () => frames.some((f) => f.type === 'hello'));

  const now = Date.now();
  const calm = Array.from({ length: 10 }, (_, i) => reading('rex', i, now - 10_000 + i * 1000));
  await produceReadings(app.config.topics.vitals, calm);
  const sentAt = Date.now();
  await produceReadings(app.config.topics.vitals, [reading('rex', 10, sentAt, { heartRate: 250, activity: 0.02 })]);

  const [alert] = await waitFor('an active tachycardia alert in the API', async () => {
    const a = await openAlerts(app.url, 'rex', 'tachycardia');
    return a.length ? a : null;
  });
  const apiLatency = Date.now() - sentAt;
  assert.equal(alert!.status, 'active');
  assert.equal(alert!.petId, 'rex');
  assert.equal(alert!.category, 'medical');
  assert.equal(alert!.severity, 'critical');
  assert.equal(alert!.sensorTs, sentAt);
  assert.equal(alert!.values.heartRate, 250);
  assert.match(alert!.explanation, /Rex/);
  assert.ok(apiLatency < 5000, `alert reached the API ${apiLatency} ms after the reading was produced`);
  t.diagnostic(`reading produced → alert readable through the API: ${apiLatency} ms`);

  const wsAlert = await waitFor('the alert over the WebSocket', async () =>
    frames.find((f) => f.type === 'alert' && f.alert.alertId === alert!.alertId),
  );
  assert.equal(wsAlert.type === 'alert' && wsAlert.change, 'opened');

  const onTopic = await readTopic(app.config.topics.alerts, (all) => all.length >= 1);
  const published = onTopic.map((m) => JSON.parse(m.value.toString()) as Alert).filter((a) => a.kind === 'tachycardia');
  assert.equal(published[0]!.alertId, alert!.alertId);
  assert.equal(onTopic[0]!.key, 'rex');
  assert.equal(onTopic[0]!.headers.get('pettwin-change'), 'opened');

  const ack = await post(`${app.url}/api/v1/alerts/${alert!.alertId}/ack`, {});
  assert.equal(ack.status, 200);
  assert.equal((ack.body.alert as Alert).status, 'acknowledged');
  const afterAck = await readTopic(app.config.topics.alerts, (all) => all.some((m) => m.headers.get('pettwin-change') === 'acknowledged'));
  assert.ok(afterAck.some((m) => m.headers.get('pettwin-change') === 'acknowledged'), 'the acknowledgement is published to pet-alerts');
});

test('malformed JSON, schema violations, impossible values and impossible times go to the dead-letter topic with the reason and the original bytes, and processing continues', async (t) => {
  const app = await startApp(t, uniqueEnv(t));
  const now = Date.now();
  const bad = [
    '{"eventId": "x", not json',
    JSON.stringify(reading('rex', 1, now, { heartRate: -5 })),
    JSON.stringify(reading('rex', 2, now, { heartRate: 4000 })),
    JSON.stringify({ petId: 'rex', heartRate: 80 }),
    JSON.stringify(reading('rex', 4, 1000)),
    JSON.stringify(reading('rex', 5, now + 3_600_000)),
  ];
  await produce(app.config.topics.vitals, bad.map((value) => ({ key: 'rex', value })));
  await produceReadings(app.config.topics.vitals, [reading('rex', 3, now + 1000)]);

  const dead = await readTopic(app.config.topics.dlq, (all) => all.length >= 6);
  assert.equal(dead.length, 6);
  const byValue = new Map(dead.map((m) => [m.value.toString(), m.headers.get('pettwin-error-reason') ?? '']));
  assert.match(byValue.get(bad[0]!)!, /malformed JSON/);
  assert.match(byValue.get(bad[1]!)!, /heartRate: must be between 0 and 400 bpm/);
  assert.match(byValue.get(bad[2]!)!, /heartRate: must be between 0 and 400 bpm/);
  assert.match(byValue.get(bad[3]!)!, /eventId/);
  assert.match(byValue.get(bad[4]!)!, /more than 7 days old/);
  assert.match(byValue.get(bad[5]!)!, /in the future: check the collar's clock/);
  assert.equal(dead[0]!.headers.get('pettwin-source-topic'), app.config.topics.vitals);

  const twin = await waitFor('the valid reading after the bad ones', async () => {
    const { status, body } = await json<{ pet: { latest: { seq: number } | null } }>(`${app.url}/api/v1/pets/rex`);
    return status === 200 && body.pet.latest?.seq === 3 ? body.pet : null;
  });
  assert.equal(twin.latest!.seq, 3);
  const status = await waitFor('the dead letters counted in the stream status', async () => {
    const s = (await json<StreamStatus>(`${app.url}/api/v1/stream/status`)).body;
    return s.totals.dlq === 6 ? s : null;
  });
  assert.equal(status.totals.consumed, 7);
});

test('a near-1 MB garbage message, a reading keyed by another pet and one from 5 min ahead are dead-lettered without holding back commits (tester report)', async (t) => {
  const app = await startApp(t, uniqueEnv(t));
  const now = Date.now();
  const huge = Buffer.alloc(1_000_000, 'x');
  await produce(app.config.topics.vitals, [
    { key: 'rex', value: huge },
    { key: 'not-rex', value: JSON.stringify(reading('rex', 1, now)) },
    { key: 'rex', value: JSON.stringify(reading('rex', 2, now + 290_000)) },
  ]);
  await produceReadings(app.config.topics.vitals, [reading('rex', 3, now + 1000)]);

  const dead = await readTopic(app.config.topics.dlq, (all) => all.length >= 3, 20_000);
  assert.equal(dead.length, 3);
  const big = dead.find((m) => m.headers.has('pettwin-truncated-from-bytes'))!;
  assert.equal(big.headers.get('pettwin-truncated-from-bytes'), '1000000');
  assert.equal(big.value.length, 900_000);
  assert.ok(big.headers.get('pettwin-error-reason')!.length <= 500);
  assert.match(dead.find((m) => m.key === 'not-rex')!.headers.get('pettwin-error-reason')!, /^key "not-rex" is not the reading's petId "rex"/);
  assert.match(dead.find((m) => m.value.toString().includes('"seq":2'))!.headers.get('pettwin-error-reason')!, /is 290 s in the future/);

  // The reading after them is scored and everything is committed: health stays ok, lag drains.
  await waitFor('the valid reading after the bad ones', async () => (await json<{ pet: { latest: { seq: number } | null } }>(`${app.url}/api/v1/pets/rex`)).body.pet.latest?.seq === 3);
  await waitFor('every offset committed', async () => {
    const s = (await json<StreamStatus>(`${app.url}/api/v1/stream/status`)).body;
    return s.lag.partitions.length > 0 && s.lag.total === 0 ? s : null;
  });
  assert.equal((await fetch(`${app.url}/api/v1/health`)).status, 200);
});

test('a restarted analyzer neither loses nor duplicates alerts, and a full replay yields the same alert ids', async (t) => {
  const env = uniqueEnv(t);
  const first = await startApp(t, env);
  await post(`${first.url}/api/v1/pets`, REX);
  const t0 = Date.now() - 300_000;
  let seq = 0;
  const next = (over: Parameters<typeof reading>[3] = {}) => reading('rex', seq, t0 + seq++ * 1000, over);

  await produceReadings(first.config.topics.vitals, [...Array.from({ length: 10 }, () => next()), ...Array.from({ length: 5 }, () => next({ heartRate: 250, activity: 0.02 }))]);
  const [opened] = await waitFor('the tachycardia alert', async () => {
    const a = await openAlerts(first.url, 'rex', 'tachycardia');
    return a.length ? a : null;
  });
  await first.stop();

  // While the analyzer is down: the condition continues, then clears for good.
  await produceReadings(first.config.topics.vitals, [
    ...Array.from({ length: 10 }, () => next({ heartRate: 245, activity: 0.02 })),
    ...Array.from({ length: 240 }, () => next()),
  ]);
  const second = await startApp(t, env);
  const resolved = await waitFor(
    'the same alert resolved after the restart',
    async () => {
      const a = await openAlerts(second.url, 'rex', 'tachycardia');
      return a.length === 1 && a[0]!.status === 'resolved' ? a : null;
    },
    20_000,
  );
  assert.equal(resolved[0]!.alertId, opened!.alertId, 'the restarted analyzer continued the episode');
  assert.equal(resolved.length, 1, 'exactly one tachycardia alert');
  const stored = await waitFor('every reading stored', async () => {
    const s = await second.store.stats();
    return s.readings >= seq ? s : null;
  });
  assert.equal(stored.readings, seq, 'every reading stored exactly once');
  await second.stop();

  // A new consumer group on a fresh store replays the whole topic from the beginning.
  const replay = await startApp(t, { ...env, ANALYZER_GROUP_ID: `${env.ANALYZER_GROUP_ID}-replay`, DATA_DIR: uniqueEnv(t).DATA_DIR });
  await post(`${replay.url}/api/v1/pets`, REX);
  await waitFor(
    'the replay to resolve the alert',
    async () => {
      const a = await openAlerts(replay.url, 'rex', 'tachycardia');
      return a.length === 1 && a[0]!.status === 'resolved' ? a : null;
    },
    20_000,
  );
  const all = await readTopic(replay.config.topics.alerts, () => false, 2000);
  const ids = new Set(all.map((m) => JSON.parse(m.value.toString()) as Alert).filter((a) => a.kind === 'tachycardia').map((a) => a.alertId));
  assert.deepEqual([...ids], [opened!.alertId], 'every tachycardia change on pet-alerts, before and after replay, carries one alert id');
});

test('bad requests get a 4xx with a message that says what to fix', async (t) => {
  const app = await startApp(t, uniqueEnv(t));
  const horse = await post(`${app.url}/api/v1/pets`, { ...REX, species: 'horse' });
  assert.equal(horse.status, 400);
  assert.match(JSON.stringify(horse.body), /species/);
  const notJson = await fetch(`${app.url}/api/v1/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
  assert.equal(notJson.status, 400);
  assert.match(await notJson.text(), /not valid JSON/);
  assert.equal((await json(`${app.url}/api/v1/alerts?status=bogus`)).status, 400);
  const missing = await json<{ error: { code: string; message: string } }>(`${app.url}/api/v1/pets/nobody`);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'PETTWIN_PET_NOT_FOUND');
  assert.equal((await json(`${app.url}/api/v1/alerts/al_missing/ack`, { method: 'POST' })).status, 404);
  const vitals = await json(`${app.url}/api/v1/pets/rex/vitals?from=10&to=5`);
  assert.equal(vitals.status, 404, 'unknown pet before range check');
  await post(`${app.url}/api/v1/pets`, REX);
  const badFrom = await json<{ error: { message: string } }>(`${app.url}/api/v1/pets/rex/vitals?from=abc`);
  assert.equal(badFrom.status, 400);
  assert.match(badFrom.body.error.message, /from: use milliseconds since the epoch .* or an ISO date\/time/);
  const isoDay = await json<{ from: number }>(`${app.url}/api/v1/pets/rex/vitals?from=2026-12-03&to=2026-12-03T01:00:00Z`);
  assert.equal(isoDay.status, 200);
  assert.equal(isoDay.body.from, Date.parse('2026-12-03'));
  const badLimit = await json<{ error: { message: string } }>(`${app.url}/api/v1/alerts?limit=abc`);
  assert.equal(badLimit.status, 400);
  assert.match(badLimit.body.error.message, /limit: must be one whole number from 1 to 1000/);
  // A URL the router cannot decode gets the product's error shape too (tester report).
  const badUrl = await json<{ error: { code: string; message: string } }>(`${app.url}/api/v1/pets/%ZZ`);
  assert.equal(badUrl.status, 400);
  assert.equal(badUrl.body.error.code, 'PETTWIN_BAD_REQUEST');
  const metrics = await fetch(`${app.url}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(await metrics.text(), /pettwin_readings_consumed_total/);
});
