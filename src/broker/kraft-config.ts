/**
 * The files the bundled broker runs from and writes: its server.properties (one KRaft node,
 * broker + controller, with an optional SASL_SSL listener), its log4j2 configuration, the
 * cluster id its storage is formatted with, and the reason its log gives when it exits.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type SaslSslListener = {
  port: number;
  /** PKCS12 keystore holding the broker's key and certificate (SAN IP:127.0.0.1). */
  keystoreFile: string;
  keystorePassword: string;
  /** username → password accepted over SASL/PLAIN. */
  users: Record<string, string>;
};

export function serverProperties(port: number, dataDir: string, sasl?: SaslSslListener): string {
  const controllerPort = port + 1;
  const listeners = [`PLAINTEXT://127.0.0.1:${port}`, ...(sasl ? [`SASL_SSL://127.0.0.1:${sasl.port}`] : [])];
  const users = sasl ? Object.entries(sasl.users).map(([u, pw]) => ` user_${u}="${pw}"`).join('') : '';
  return [
    '# Written by PetTwin Care for the bundled single-node broker (KRaft, broker+controller).',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=${[...listeners, `CONTROLLER://127.0.0.1:${controllerPort}`].join(',')}`,
    `advertised.listeners=${listeners.join(',')}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${sasl ? ',SASL_SSL:SASL_SSL' : ''}`,
    ...(sasl
      ? [
          'sasl.enabled.mechanisms=PLAIN',
          `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required${users};`,
          'ssl.keystore.type=PKCS12',
          `ssl.keystore.location=${sasl.keystoreFile}`,
          `ssl.keystore.password=${sasl.keystorePassword}`,
          `ssl.key.password=${sasl.keystorePassword}`,
        ]
      : []),
    `log.dirs=${join(dataDir, 'kraft-logs')}`,
    // One node: every internal topic has one replica.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Fewer internal partitions and threads: a 2-core laptop, not a data centre.
    'offsets.topic.num.partitions=6',
    'num.network.threads=2',
    'num.io.threads=4',
    'num.partitions=1',
    // Consumers join at once instead of waiting 3 s for more members.
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'log.retention.check.interval.ms=60000',
    '',
  ].join('\n');
}

export function log4jProperties(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    'logger.kafka.name = kafka',
    'logger.kafka.level = warn',
    'logger.apache.name = org.apache.kafka',
    'logger.apache.level = warn',
    '',
  ].join('\n');
}

/** A KRaft cluster id: 16 random bytes in base64url, as Kafka's own Uuid.randomUuid makes them,
 * and like it never starting with "-", which kafka-storage would read as an option (1 in 64
 * formats failed with "argument --cluster-id/-t: expected one argument"). */
export function newClusterId(random: (n: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Why Kafka stopped, from its log: the first ERROR with the exception message under it (Kafka logs
 * the root failure first, then the shutdown it causes), else the last exception line (a JVM that
 * never got as far as logging).
 */
export function exitReason(logFile: string): string | null {
  let lines: string[];
  try {
    lines = readFileSync(logFile, 'utf8').split('\n');
  } catch {
    return null;
  }
  const cap = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  for (let i = 0; i < lines.length; i++) {
    const error = /^\[[^\]]*\] ERROR (.*?)(?: \([\w.$]+\))?$/.exec(lines[i]!.trim());
    if (!error) continue;
    const cause = /^[\w.$]+(?:Exception|Error): (.*)$/.exec(lines[i + 1]?.trim() ?? '');
    return cap(cause ? `${error[1]}: ${cause[1]}` : error[1]!);
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/(?:Exception|Error)\b/.test(lines[i]!) && !/^\s*at /.test(lines[i]!)) return cap(lines[i]!.trim());
  }
  return null;
}
