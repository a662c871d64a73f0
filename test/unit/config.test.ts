/**
 * Configuration: defaults, the three ways to reach a broker, and one clear line for a bad setting.
 * Confluent Cloud cannot be reached from here; its client options are checked as built.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { kafkaBaseOptions } from '../../src/streaming/kafka-options.ts';

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
