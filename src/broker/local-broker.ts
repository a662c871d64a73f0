/**
 * The bundled local Kafka broker: real Apache Kafka 4.x (KRaft, one combined broker+controller
 * node) resolved from Maven Central by broker/pom.xml, cached in broker/.cache/libs, started as a
 * child process bound to 127.0.0.1. No Docker, no stand-in: the same broker binary as production.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PetTwinError } from '../errors.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BROKER_DIR = join(REPO_ROOT, 'broker');
export const LIBS_DIR = join(BROKER_DIR, '.cache', 'libs');
/** A complete resolution has the broker, the tools and the logging binding; a partial one is redone. */
const REQUIRED_JARS = [/^kafka_2\.13-.*\.jar$/, /^kafka-tools-\d.*\.jar$/, /^log4j-slf4j-impl-.*\.jar$/];
/** How long a cold start (JVM + KRaft format + controller election) may take on a slow laptop. */
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

export type LocalBrokerOptions = {
  port: number;
  /** Where KRaft metadata, logs and the pid file live. */
  dataDir: string;
  heapMb: number;
  log?: (line: string) => void;
  /** A second listener that speaks SASL_SSL with PLAIN, as Confluent Cloud does: the tests use it
   * to exercise the product's cloud code path against a real broker. Off for the product. */
  saslSsl?: SaslSslListener;
};

export type SaslSslListener = {
  port: number;
  /** PKCS12 keystore holding the broker's key and certificate (SAN IP:127.0.0.1). */
  keystoreFile: string;
  keystorePassword: string;
  /** username → password accepted over SASL/PLAIN. */
  users: Record<string, string>;
};

export type LocalBroker = {
  bootstrap: string;
  port: number;
  pid: number | null;
  /** False when an already-running broker (from `pettwin broker start`) was reused. */
  owned: boolean;
  stop(): Promise<void>;
};

function hasCommand(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

const OTHER_OPTIONS =
  'or use another broker: `docker compose up -d` (see docker-compose.yml) or Confluent Cloud, then set KAFKA_BOOTSTRAP_SERVERS';

/** Resolves the broker jars with Maven once; later calls return at once. */
export function ensureKafkaJars(log: (line: string) => void = () => {}): string {
  const present = existsSync(LIBS_DIR) ? readdirSync(LIBS_DIR) : [];
  if (REQUIRED_JARS.every((re) => present.some((f) => re.test(f)))) return LIBS_DIR;
  if (!hasCommand('java', ['-version'])) {
    throw new PetTwinError('JAVA_MISSING', `Java (JDK 17+) is not on PATH, so the local Kafka broker cannot run: install a JDK, ${OTHER_OPTIONS}`);
  }
  if (!hasCommand('mvn', ['-v'])) {
    throw new PetTwinError('MAVEN_MISSING', `Maven (mvn) is not on PATH, so the local Kafka broker cannot be downloaded: install Maven, ${OTHER_OPTIONS}`);
  }
  log('resolving Apache Kafka from Maven Central (first run only, ~60 MB)…');
  rmSync(LIBS_DIR, { recursive: true, force: true });
  const r = spawnSync(
    'mvn',
    ['-q', '-B', '-f', join(BROKER_DIR, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${LIBS_DIR}`, '-DincludeScope=runtime'],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new PetTwinError('BROKER_START_FAILED', `Maven could not resolve Kafka (exit ${r.status}): ${tail}`);
  }
  return LIBS_DIR;
}

function javaCommand(): string {
  if (!hasCommand('java', ['-version'])) {
    throw new PetTwinError('JAVA_MISSING', `Java (JDK 17+) is not on PATH, so the local Kafka broker cannot run: install a JDK, ${OTHER_OPTIONS}`);
  }
  return 'java';
}

function serverProperties(port: number, dataDir: string, sasl?: SaslSslListener): string {
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

function log4jProperties(logFile: string): string {
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

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      s.destroy();
      done(ok);
    };
    s.setTimeout(timeoutMs, () => finish(false));
    s.once('connect', () => finish(true));
    s.once('error', () => finish(false));
  });
}

/** True when this process can bind 127.0.0.1:port right now (nothing listens on it and no
 * connection holds it as its local port). */
function canBind(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen({ host: '127.0.0.1', port, exclusive: true }, () => srv.close(() => done(true)));
  });
}

/** The lowest port the kernel hands to outgoing connections (Linux; 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32768;
  } catch {
    return 32768;
  }
}

/**
 * `count` consecutive free ports on 127.0.0.1, for a throw-away broker (port, controller = port + 1,
 * and any extra listener) or server in tests and benchmarks. Picked below the kernel's ephemeral range, so
 * a busy machine's outgoing connections cannot take one between the check and Kafka's bind (a CI
 * run lost its SASL broker to "exited with code 1" that way).
 */
export async function freeLocalPorts(count = 2): Promise<number> {
  const lo = 20000;
  const hi = ephemeralLow() - count > lo + 1000 ? ephemeralLow() - count : 60000;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const p = lo + Math.floor(Math.random() * (hi - lo));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await canBind(p + i);
    if (free) return p;
  }
  throw new PetTwinError('BROKER_START_FAILED', `found no ${count} free consecutive ports between ${lo} and ${hi} on 127.0.0.1`);
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

/** The KRaft controller listens on port + 1: taken, Kafka would exit with a bind error. */
async function assertControllerPortFree(port: number): Promise<void> {
  if (await portOpen(port + 1)) {
    throw new PetTwinError(
      'BROKER_START_FAILED',
      `port ${port + 1} (the local broker's controller, LOCAL_KAFKA_PORT + 1) is already in use by another program: set LOCAL_KAFKA_PORT to a port whose next port is free too`,
    );
  }
}

/** Waits until the broker answers a real Kafka metadata request, not just a TCP accept. */
async function waitForKafka(bootstrap: string, deadline: number, child: ChildProcess | null, logFile: string): Promise<void> {
  const { Admin } = await import('@platformatic/kafka');
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      const reason = exitReason(logFile);
      throw new PetTwinError('BROKER_START_FAILED', `Kafka exited with code ${child.exitCode} during start-up${reason ? ` (${reason})` : ''}; see ${logFile}`);
    }
    const admin = new Admin({ clientId: 'pettwin-broker-probe', bootstrapBrokers: [bootstrap], timeout: 2000, retries: 0 });
    try {
      await admin.listTopics();
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await admin.close().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new PetTwinError('BROKER_START_FAILED', `Kafka did not answer on ${bootstrap} within ${START_TIMEOUT_MS / 1000} s (${(lastError as Error)?.message}); see ${logFile}`);
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

function pidFile(dataDir: string): string {
  return join(dataDir, 'broker.pid');
}

/** Who started the broker: `pettwin broker start` (detached) or a running product (its child). */
type PidRecord = {
  pid: number;
  owner: 'detached' | 'product';
  ownerPid: number | null;
  /** Products (pids) running on a detached broker they reused: `broker stop` leaves it alone while one lives. */
  users?: number[];
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPidRecord(dataDir: string): PidRecord | null {
  let rec: PidRecord;
  try {
    const text = readFileSync(pidFile(dataDir), 'utf8').trim();
    rec = text.startsWith('{') ? (JSON.parse(text) as PidRecord) : { pid: Number(text), owner: 'detached', ownerPid: null };
  } catch {
    return null;
  }
  if (!Number.isInteger(rec.pid) || rec.pid <= 0 || !alive(rec.pid)) return null;
  return rec;
}

function readPid(dataDir: string): number | null {
  return readPidRecord(dataDir)?.pid ?? null;
}

function writePid(dataDir: string, rec: PidRecord): void {
  writeFileSync(pidFile(dataDir), JSON.stringify(rec));
}

function prepare(opts: LocalBrokerOptions): { java: string; args: string[]; logFile: string } {
  const log = opts.log ?? (() => {});
  const libs = ensureKafkaJars(log);
  const java = javaCommand();
  mkdirSync(opts.dataDir, { recursive: true });
  const propsFile = join(opts.dataDir, 'server.properties');
  const logFile = join(opts.dataDir, 'broker.log');
  const log4jFile = join(opts.dataDir, 'log4j2.properties');
  writeFileSync(propsFile, serverProperties(opts.port, opts.dataDir, opts.saslSsl));
  writeFileSync(log4jFile, log4jProperties(logFile));
  const classpath = `${libs}/*`;
  const jvm = [
    `-Xms${Math.min(256, opts.heapMb)}m`,
    `-Xmx${opts.heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4jFile}`,
    `-Dkafka.logs.dir=${opts.dataDir}`,
    '-cp',
    classpath,
  ];
  if (!existsSync(join(opts.dataDir, 'kraft-logs', 'meta.properties'))) {
    log('formatting KRaft storage for a single broker+controller node…');
    const clusterId = newClusterId();
    const r = spawnSync(java, [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new PetTwinError('BROKER_START_FAILED', `formatting Kafka storage failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    }
  }
  return { java, args: [...jvm, 'kafka.Kafka', propsFile], logFile };
}

/**
 * Starts the local broker as a child of this process (it stops with the product), or reuses a
 * broker that `pettwin broker start` left running on the same port and data dir.
 */
export async function startLocalBroker(opts: LocalBrokerOptions): Promise<LocalBroker> {
  const log = opts.log ?? (() => {});
  const bootstrap = `127.0.0.1:${opts.port}`;
  const running = readPid(opts.dataDir);
  if (running && (await portOpen(opts.port))) {
    await waitForKafka(bootstrap, Date.now() + START_TIMEOUT_MS, null, join(opts.dataDir, 'broker.log'));
    log(`reusing the local Kafka broker already running on ${bootstrap} (pid ${running})`);
    setUser(opts.dataDir, process.pid, true);
    return { bootstrap, port: opts.port, pid: running, owned: false, stop: async () => setUser(opts.dataDir, process.pid, false) };
  }
  if (await portOpen(opts.port)) {
    throw new PetTwinError(
      'BROKER_START_FAILED',
      `port ${opts.port} is already in use by another program: set LOCAL_KAFKA_PORT to a free port, or set KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${opts.port} if that is a Kafka broker`,
    );
  }
  await assertControllerPortFree(opts.port);
  const { java, args, logFile } = prepare(opts);
  log(`starting Apache Kafka (KRaft) on ${bootstrap}…`);
  const out = openSync(logFile, 'a');
  const child = spawn(java, args, { stdio: ['ignore', out, out] });
  closeSync(out);
  writePid(opts.dataDir, { pid: child.pid!, owner: 'product', ownerPid: process.pid });
  const started = Date.now();
  try {
    await waitForKafka(bootstrap, started + START_TIMEOUT_MS, child, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  log(`Kafka is up on ${bootstrap} after ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= stopChild(child, opts.dataDir);
    return stopping;
  };
  return { bootstrap, port: opts.port, pid: child.pid ?? null, owned: true, stop };
}

async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  rmSync(pidFile(dataDir), { force: true });
}

/** `pettwin broker start`: runs the broker detached, so it outlives the command. */
export async function startDetachedBroker(opts: LocalBrokerOptions): Promise<{ bootstrap: string; pid: number; alreadyRunning: boolean }> {
  const bootstrap = `127.0.0.1:${opts.port}`;
  const running = readPid(opts.dataDir);
  if (running && (await portOpen(opts.port))) return { bootstrap, pid: running, alreadyRunning: true };
  if (await portOpen(opts.port)) {
    throw new PetTwinError('BROKER_START_FAILED', `port ${opts.port} is already in use by another program: set LOCAL_KAFKA_PORT to a free port`);
  }
  await assertControllerPortFree(opts.port);
  const { java, args, logFile } = prepare(opts);
  const out = openSync(logFile, 'a');
  const child = spawn(java, args, { stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  child.unref();
  writePid(opts.dataDir, { pid: child.pid!, owner: 'detached', ownerPid: null });
  await waitForKafka(bootstrap, Date.now() + START_TIMEOUT_MS, child, logFile);
  return { bootstrap, pid: child.pid!, alreadyRunning: false };
}

/** `pettwin broker stop`. Returns false when no broker was running. */
/** Adds or removes a product that runs on this (detached) broker; dead users are dropped. */
function setUser(dataDir: string, pid: number, on: boolean): void {
  const rec = readPidRecord(dataDir);
  if (!rec) return;
  const users = (rec.users ?? []).filter((u) => u !== pid && alive(u));
  writePid(dataDir, { ...rec, users: on ? [...users, pid] : users });
}

export async function stopDetachedBroker(dataDir: string, opts: { force?: boolean } = {}): Promise<boolean> {
  const rec = readPidRecord(dataDir);
  if (!rec) return false;
  const users = (rec.users ?? []).filter((u) => u !== process.pid && alive(u));
  if (users.length > 0 && !opts.force) {
    throw new PetTwinError(
      'BROKER_OWNED',
      `this broker (pid ${rec.pid}) is in use by a running \`pettwin start\` (pid ${users.join(', ')}), whose monitoring would stop: stop that first (Ctrl-C), or add --force`,
    );
  }
  if (rec.owner === 'product' && rec.ownerPid !== null && alive(rec.ownerPid)) {
    throw new PetTwinError(
      'BROKER_OWNED',
      `this broker (pid ${rec.pid}) belongs to a running \`pettwin start\` (pid ${rec.ownerPid}), which stops it on exit: stop that process (Ctrl-C) instead`,
    );
  }
  const pid = rec.pid;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(pidFile(dataDir), { force: true });
      return true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill(pid, 'SIGKILL');
  rmSync(pidFile(dataDir), { force: true });
  return true;
}

export async function brokerStatus(opts: { port: number; dataDir: string }): Promise<{ running: boolean; pid: number | null; answering: boolean; ownerPid: number | null }> {
  const rec = readPidRecord(opts.dataDir);
  const answering = await portOpen(opts.port);
  return { running: rec !== null, pid: rec?.pid ?? null, answering, ownerPid: rec?.owner === 'product' ? rec.ownerPid : null };
}
