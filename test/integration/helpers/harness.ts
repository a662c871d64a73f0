/**
 * Test harness for integration tests against the real local Kafka broker (started once by
 * scripts/run-tests.mjs) and a real DuckDB file. Each test gets fresh topics (unique prefix), a
 * fresh consumer group and a fresh data folder, and registers its cleanup with t.after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Consumer, Producer, ProduceAcks } from '@platformatic/kafka';
import { startPetTwin, type PetTwinApp } from '../../../src/app/pettwin-app.ts';
import type { VitalsReading } from '../../../src/domain/reading.ts';

let counter = 0;

export function bootstrap(): string {
  const b = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (!b) throw new Error('KAFKA_BOOTSTRAP_SERVERS is not set: run integration tests with `node scripts/run-tests.mjs integration`');
  return b;
}

export function uniqueEnv(t: TestContext, overrides: Record<string, string> = {}): Record<string, string | undefined> {
  const id = `${process.pid}-${Date.now()}-${counter++}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'pettwin-it-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  return {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    TOPIC_PREFIX: `it-${id}-`,
    ANALYZER_GROUP_ID: `it-analyzer-${id}`,
    SIM_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

export async function startApp(t: TestContext, env: Record<string, string | undefined>): Promise<PetTwinApp> {
  const app = await startPetTwin(env);
  let stopped = false;
  t.after(async () => {
    if (!stopped) await app.stop();
  });
  const stop = app.stop;
  app.stop = async () => {
    stopped = true;
    await stop();
  };
  return app;
}

export async function produce(topic: string, messages: Array<{ key?: string; value: string | Buffer }>): Promise<void> {
  const producer = new Producer({ clientId: 'it-producer', bootstrapBrokers: [bootstrap()], acks: ProduceAcks.ALL });
  try {
    await producer.send({
      messages: messages.map((m) => ({ topic, key: m.key ? Buffer.from(m.key) : undefined, value: Buffer.from(m.value) })),
    });
  } finally {
    await producer.close();
  }
}

export async function produceReadings(topic: string, readings: VitalsReading[]): Promise<void> {
  await produce(topic, readings.map((r) => ({ key: r.petId, value: JSON.stringify(r) })));
}

export type Consumed = { key: string | null; value: Buffer; headers: Map<string, string>; partition: number; offset: bigint };

/** Reads a topic from the beginning until `until` is satisfied or the timeout passes. */
export async function readTopic(topic: string, until: (all: Consumed[]) => boolean, timeoutMs = 10_000): Promise<Consumed[]> {
  const consumer = new Consumer({ clientId: 'it-reader', groupId: `it-reader-${Date.now()}-${counter++}`, bootstrapBrokers: [bootstrap()] });
  const all: Consumed[] = [];
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 100 });
  try {
    const deadline = Date.now() + timeoutMs;
    stream.on('data', (m) => {
      const headers = new Map<string, string>();
      for (const [k, v] of m.headers) headers.set(k.toString(), v.toString());
      all.push({ key: m.key ? m.key.toString() : null, value: m.value, headers, partition: m.partition, offset: m.offset });
    });
    while (!until(all) && Date.now() < deadline) await sleep(50);
    return all;
  } finally {
    await stream.close().catch(() => {});
    await consumer.close().catch(() => {});
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v) return v;
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A calm, healthy reading of a large adult dog; override what the test is about. */
export function reading(petId: string, seq: number, ts: number, over: Partial<VitalsReading> = {}): VitalsReading {
  return {
    eventId: `${petId}-collar-${seq}`,
    petId,
    deviceId: `${petId}-collar`,
    ts,
    seq,
    heartRate: 72,
    respiratoryRate: 16,
    temperatureC: 38.6,
    activity: 0.05,
    hrvMs: 120,
    batteryPct: 80,
    signalQuality: 0.95,
    ...over,
  };
}

export const REX = { id: 'rex', name: 'Rex', species: 'dog', breed: 'labrador', weightKg: 30, ageYears: 5 } as const;
