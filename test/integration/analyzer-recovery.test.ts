/**
 * The analyzer outlives trouble on the broker side (tester report, 2026-12-04): a broker restart
 * and an operator's offset reset with Kafka's own kafka-consumer-groups tool used to end the
 * consumer for good while health still said "ok". These tests run their own broker so they can
 * stop it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ProduceAcks, Producer } from '@platformatic/kafka';
import type { Alert } from '../../src/domain/alert.ts';
import type { VitalsReading } from '../../src/domain/reading.ts';
import { LIBS_DIR, startLocalBroker, type LocalBroker } from '../../src/broker/local-broker.ts';
import { freeLocalPorts } from '../../src/broker/ports.ts';
import { REX, reading, sleep, startApp, uniqueEnv, waitFor } from './helpers/harness.ts';

let dir = '';
let port = 0;
let broker: LocalBroker | null = null;

const startBroker = () => startLocalBroker({ port, dataDir: join(dir, 'kafka'), heapMb: 256 });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pettwin-recovery-'));
  port = await freeLocalPorts(2);
  broker = await startBroker();
});

after(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function send(topic: string, readings: VitalsReading[]): Promise<void> {
  const producer = new Producer({ clientId: 'it-recovery', bootstrapBrokers: [`127.0.0.1:${port}`], acks: ProduceAcks.ALL, retries: 20, retryDelay: 500 });
  try {
    await producer.send({ messages: readings.map((r) => ({ topic, key: Buffer.from(r.petId), value: Buffer.from(JSON.stringify(r)) })) });
  } finally {
    await producer.close();
  }
}

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const r = await fetch(url);
  return { status: r.status, body: (await r.json()) as T };
}

async function tachycardiaFor(url: string, petId: string): Promise<Alert | null> {
  const { body } = await get<{ alerts: Alert[] }>(`${url}/api/v1/alerts?petId=${petId}&kind=tachycardia`);
  return body.alerts[0] ?? null;
}

/** Ten calm readings, then one far above the range: opens tachycardia at once. */
function episode(petId: string, from: number): VitalsReading[] {
  const now = Date.now();
  return [
    ...Array.from({ length: 10 }, (_, i) => reading(petId, from + i, now - 10_000 + i * 1000)),
    reading(petId, from + 10, now, { heartRate: 250, activity: 0.02 }),
  ];
}

test('after the broker is down for a few seconds, health says so, and the analyzer rejoins and alerts again', async (t) => {
  const env = uniqueEnv(t, { KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${port}` });
  const app = await startApp(t, env);
  const topic = app.config.topics.vitals;
  await fetch(`${app.url}/api/v1/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(REX) });
  await send(topic, episode('rex', 0));
  await waitFor('the first alert', () => tachycardiaFor(app.url, 'rex'));

  await broker!.stop();
  const degraded = await waitFor('health to report Kafka down', async () => {
    const h = await get<{ status: string; kafka: string }>(`${app.url}/api/v1/health`);
    return h.status === 503 ? h.body : null;
  }, 30_000);
  assert.equal(degraded.kafka, 'down');
  await sleep(3000);
  broker = await startBroker();

  await waitFor('health back to ok', async () => (await get(`${app.url}/api/v1/health`)).status === 200, 60_000);
  await fetch(`${app.url}/api/v1/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...REX, id: 'max', name: 'Max' }) });
  await send(topic, episode('max', 100));
  const alert = await waitFor('an alert for a reading produced after the outage', () => tachycardiaFor(app.url, 'max'), 30_000);
  assert.equal(alert.status, 'active');
  assert.equal(alert.values.heartRate, 250);
});

test("an operator's reset of the group to the latest offsets with kafka-consumer-groups is honoured, not fatal", async (t) => {
  const env = uniqueEnv(t, { KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${port}` });
  let app = await startApp(t, env);
  const topic = app.config.topics.vitals;
  await send(topic, episode('rex', 0));
  await waitFor('the first alert', () => tachycardiaFor(app.url, 'rex'));
  await app.stop();

  // Readings that arrive while the product is stopped, then skipped by the operator's reset.
  await send(topic, episode('skipped', 200));
  const reset = spawnSync('java', ['-cp', `${LIBS_DIR}/*`, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    '--bootstrap-server', `127.0.0.1:${port}`, '--group', env.ANALYZER_GROUP_ID!, '--topic', topic, '--reset-offsets', '--to-latest', '--execute'], { encoding: 'utf8' });
  assert.equal(reset.status, 0, reset.stderr);

  app = await startApp(t, env);
  await send(topic, episode('after', 300));
  const alert = await waitFor('an alert for a reading produced after the reset', () => tachycardiaFor(app.url, 'after'), 20_000);
  assert.equal(alert.status, 'active');
  assert.equal(await tachycardiaFor(app.url, 'skipped'), null);
  assert.equal((await get(`${app.url}/api/v1/health`)).status, 200);
});
