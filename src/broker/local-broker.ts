/**
 * The bundled local Kafka broker: real Apache Kafka 4.x (KRaft, one combined broker+controller
 * node) resolved from Maven Central by broker/pom.xml, cached in broker/.cache/libs, started as a
 * child process bound to 127.0.0.1. No Docker, no stand-in: the same broker binary as production.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PetTwinError } from '../errors.ts';
import { exitReason, log4jProperties, newClusterId, serverProperties, type SaslSslListener } from './kraft-config.ts';
import { alive, pidFile, readPid, readPidRecord, setUser, writePid } from './pid-record.ts';
import { assertControllerPortFree, portOpen } from './ports.ts';

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
