/**
 * The Confluent Cloud code path (SASL_SSL + PLAIN with an API key and secret) against a real
 * Apache Kafka broker: the bundled broker is started with a second listener that speaks TLS and
 * SASL/PLAIN, its certificate signed by a throw-away key made with the JDK's keytool. The product
 * is configured exactly as for a cloud cluster, plus KAFKA_SSL_CA_FILE to trust that certificate.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ProduceAcks, Producer } from '@platformatic/kafka';
import type { Alert } from '../../src/domain/alert.ts';
import { loadConfig } from '../../src/config/config.ts';
import { startLocalBroker, type LocalBroker } from '../../src/broker/local-broker.ts';
import { freeLocalPorts } from '../../src/broker/ports.ts';
import { kafkaBaseOptions } from '../../src/streaming/kafka-options.ts';
import { REX, reading, startApp, uniqueEnv, waitFor } from './helpers/harness.ts';

const API_KEY = 'PETTWINKEY';
const API_SECRET = 'pettwin-test-secret';
const STORE_PASSWORD = 'pettwin-test';

let dir = '';
let broker: LocalBroker | null = null;
let saslBootstrap = '';
let caFile = '';

function keytool(args: string[]): void {
  const r = spawnSync('keytool', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`keytool ${args[0]} failed: ${r.stderr || r.stdout}`);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pettwin-sasl-'));
  const keystoreFile = join(dir, 'broker.p12');
  caFile = join(dir, 'broker-ca.pem');
  keytool(['-genkeypair', '-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '2', '-dname', 'CN=127.0.0.1',
    '-ext', 'SAN=IP:127.0.0.1', '-storetype', 'PKCS12', '-keystore', keystoreFile, '-storepass', STORE_PASSWORD, '-keypass', STORE_PASSWORD]);
  keytool(['-exportcert', '-rfc', '-alias', 'broker', '-keystore', keystoreFile, '-storepass', STORE_PASSWORD, '-file', caFile]);
  const port = await freeLocalPorts(3);
  broker = await startLocalBroker({
    port,
    dataDir: join(dir, 'kafka'),
    heapMb: 256,
    saslSsl: { port: port + 2, keystoreFile, keystorePassword: STORE_PASSWORD, users: { [API_KEY]: API_SECRET } },
  });
  saslBootstrap = `127.0.0.1:${port + 2}`;
});

after(async () => {
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function cloudEnv(t: Parameters<typeof uniqueEnv>[0], secret = API_SECRET): Record<string, string | undefined> {
  return uniqueEnv(t, {
    KAFKA_BOOTSTRAP_SERVERS: saslBootstrap,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'PLAIN',
    KAFKA_API_KEY: API_KEY,
    KAFKA_API_SECRET: secret,
    KAFKA_SSL_CA_FILE: caFile,
  });
}

test('over SASL_SSL with PLAIN, as on Confluent Cloud, the product creates its topics, consumes a reading and opens the alert', async (t) => {
  const env = cloudEnv(t);
  const app = await startApp(t, env);
  const r = await fetch(`${app.url}/api/v1/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(REX) });
  assert.equal(r.status, 201);

  const config = loadConfig(env);
  const producer = new Producer({ ...kafkaBaseOptions(config, saslBootstrap, 'it-sasl-producer'), acks: ProduceAcks.ALL });
  t.after(() => producer.close());
  const now = Date.now();
  const readings = [...Array.from({ length: 10 }, (_, i) => reading('rex', i, now - 10_000 + i * 1000)), reading('rex', 10, now, { heartRate: 250, activity: 0.02 })];
  await producer.send({ messages: readings.map((x) => ({ topic: config.topics.vitals, key: Buffer.from(x.petId), value: Buffer.from(JSON.stringify(x)) })) });

  const [alert] = await waitFor('a tachycardia alert over the SASL_SSL cluster', async () => {
    const body = (await (await fetch(`${app.url}/api/v1/alerts?petId=rex&kind=tachycardia`)).json()) as { alerts: Alert[] };
    return body.alerts.length ? body.alerts : null;
  });
  assert.equal(alert!.status, 'active');
  assert.equal(alert!.sensorTs, now);
  const health = (await (await fetch(`${app.url}/api/v1/health`)).json()) as { kafka: string };
  assert.equal(health.kafka, 'up');
});

test('a wrong API secret stops start-up with one line that names the settings to check', async (t) => {
  await assert.rejects(startApp(t, cloudEnv(t, 'not-the-secret')), (err: Error) => {
    assert.match(err.message, /^could not create topics on 127\.0\.0\.1:\d+: SASL authentication failed: check KAFKA_API_KEY, KAFKA_API_SECRET and KAFKA_SASL_MECHANISM/);
    return true;
  });
});

test('a cluster whose certificate the system does not trust stops start-up naming KAFKA_SSL_CA_FILE', async (t) => {
  await assert.rejects(startApp(t, { ...cloudEnv(t), KAFKA_SSL_CA_FILE: undefined }), (err: Error) => {
    assert.match(err.message, /TLS certificate is not trusted \(self-signed certificate\): set KAFKA_SSL_CA_FILE/);
    return true;
  });
});
