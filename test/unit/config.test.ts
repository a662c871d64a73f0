/**
 * Configuration: defaults, the three ways to reach a broker, and one clear line for a bad setting.
 * Confluent Cloud cannot be reached from here; its client options are checked as built.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { explainKafkaError, kafkaBaseOptions } from '../../src/streaming/kafka-options.ts';

test('with no settings the product uses the bundled local broker on 9092, port 3000 and 24 simulated pets', () => {
  const c = loadConfig({});
  assert.equal(c.useLocalBroker, true);
  assert.equal(c.LOCAL_KAFKA_PORT, 9092);
  assert.equal(c.PORT, 3000);
  assert.equal(c.SIM_PETS, 24);
  assert.deepEqual(c.topics, { vitals: 'pet-vitals', alerts: 'pet-alerts', dlq: 'pet-vitals-dlq' });
  assert.equal(c.VITALS_PARTITIONS, 6);
});

test('Confluent Cloud settings give SASL/PLAIN over TLS with the API key and secret', () => {
  const c = loadConfig({
    KAFKA_BOOTSTRAP_SERVERS: 'pkc-abc.europe-west1.gcp.confluent.cloud:9092',
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_API_KEY: 'KEY',
    KAFKA_API_SECRET: 'SECRET',
  });
  assert.equal(c.useLocalBroker, false);
  const o = kafkaBaseOptions(c, c.KAFKA_BOOTSTRAP_SERVERS!, 'analyzer');
  assert.deepEqual(o.bootstrapBrokers, ['pkc-abc.europe-west1.gcp.confluent.cloud:9092']);
  assert.deepEqual(o.tls, {});
  assert.deepEqual(o.sasl, { mechanism: 'PLAIN', username: 'KEY', password: 'SECRET' });
  assert.equal(o.clientId, 'pettwin-analyzer');
});

test('KAFKA_SSL_CA_FILE makes the clients trust that CA, and is refused without TLS or when the file is missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-ca-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  try {
    const c = loadConfig({ KAFKA_BOOTSTRAP_SERVERS: 'kafka.internal:9093', KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: ca });
    assert.deepEqual(kafkaBaseOptions(c, 'kafka.internal:9093', 'x').tls, { ca: readFileSync(ca) });
    assert.throws(() => loadConfig({ KAFKA_BOOTSTRAP_SERVERS: 'k:9092', KAFKA_SSL_CA_FILE: ca }), /KAFKA_SSL_CA_FILE is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT uses no TLS/);
    assert.throws(
      () => loadConfig({ KAFKA_BOOTSTRAP_SERVERS: 'k:9093', KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: join(dir, 'nope.pem') }),
      /KAFKA_SSL_CA_FILE=".*nope\.pem" does not exist/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a refused SASL login and an untrusted certificate are explained by the setting to fix, not as "metadata failed"', () => {
  // The nesting @platformatic/kafka 1.22 reports (seen against the real SASL_SSL broker in test/integration/sasl-ssl.test.ts).
  const login = { message: 'metadata failed 6 times.', errors: [{ code: 'PLT_KFK_MULTIPLE', message: 'Cannot connect to any broker.', errors: [
    { code: 'PLT_KFK_NETWORK', message: 'Connection to 127.0.0.1:9093 failed.', cause: { code: 'PLT_KFK_AUTHENTICATION', message: 'SASL authentication failed.' } }] }] };
  assert.match(explainKafkaError(login), /^SASL authentication failed: check KAFKA_API_KEY, KAFKA_API_SECRET and KAFKA_SASL_MECHANISM/);
  const cert = { code: 'PLT_KFK_NETWORK', message: 'Connection to h:9093 failed.', cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' } };
  assert.equal(explainKafkaError(cert), "the broker's TLS certificate is not trusted (self-signed certificate): set KAFKA_SSL_CA_FILE to the CA that signed it");
  assert.equal(explainKafkaError(new Error('plain')), 'plain');
});

test('a local or docker broker over PLAINTEXT gets neither TLS nor SASL', () => {
  const c = loadConfig({ KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092, 127.0.0.1:9093' });
  const o = kafkaBaseOptions(c, c.KAFKA_BOOTSTRAP_SERVERS!, 'x');
  assert.deepEqual(o.bootstrapBrokers, ['127.0.0.1:9092', '127.0.0.1:9093']);
  assert.equal(o.tls, undefined);
  assert.equal(o.sasl, undefined);
});

test('a bad setting is named with how to fix it', () => {
  assert.throws(() => loadConfig({ KAFKA_BOOTSTRAP_SERVERS: 'no-port-here' }), /KAFKA_BOOTSTRAP_SERVERS has "no-port-here": set it to host:port/);
  assert.throws(() => loadConfig({ VITALS_PARTITIONS: '0' }), /^PetTwinError: VITALS_PARTITIONS="0" is invalid/);
  assert.throws(() => loadConfig({ TOPIC_PREFIX: 'a b' }), /TOPIC_PREFIX="a b" is invalid/);
});

test('LOCAL_KAFKA_PORT 65535 is refused up front: the local controller needs the port after it', () => {
  assert.throws(() => loadConfig({ LOCAL_KAFKA_PORT: '65535' }), /^PetTwinError: LOCAL_KAFKA_PORT="65535" is invalid .*: set a free port from 1024 to 65534/);
});
