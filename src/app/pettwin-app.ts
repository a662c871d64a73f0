/**
 * Starts the whole product in one process, in dependency order: the local Kafka broker (unless
 * KAFKA_BOOTSTRAP_SERVERS is set), the topics, the store, the analyzer (consumer group), the
 * collar simulator, and the API + dashboard. `stop()` shuts down in reverse, flushing and
 * committing before it exits.
 */
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDetectionEngine } from '../analysis/detection-engine.ts';
import type { DetectionEngine, EngineSnapshot } from '../analysis/engine-contract.ts';
import { buildServer } from '../api/server.ts';
import { startLocalBroker, type LocalBroker } from '../broker/local-broker.ts';
import { loadConfig, type AppConfig } from '../config/config.ts';
import { PetTwinError } from '../errors.ts';
import { createFleet, SCENARIOS } from '../simulator/fleet.ts';
import { openStore, type Store } from '../storage/store.ts';
import { createReadingWriter } from '../storage/reading-writer.ts';
import { createAnalyzerRuntime, type AnalyzerRuntime } from '../streaming/analyzer-runtime.ts';
import { startSimulatorRuntime, type SimulatorRuntime } from '../streaming/simulator-runtime.ts';
import { ensureTopics } from '../streaming/topics.ts';
import { createEventBus } from './event-bus.ts';
import { createLogger, type Log } from './logger.ts';
import { createStreamMonitor } from './stream-monitor.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_ROOT = join(REPO_ROOT, 'web', 'dist');
/** How often the engine's learned state is saved (and always at shutdown). */
const SNAPSHOT_EVERY_MS = 5 * 60_000;
/** Pets per snapshot part: each part is serialised and written on its own, so saving 10,000
 * pets never holds the analyzer's event loop for more than a few milliseconds at a time
 * (200 pets per part measured 25-35 ms under load: longer than the alert latency target). */
export const SNAPSHOT_PART_PETS = 50;
const ROLLUP_EVERY_MS = 30_000;
const PRUNE_EVERY_MS = 3_600_000;
const ENGINE_SNAPSHOT = 'detection-engine';

export type PetTwinApp = {
  url: string;
  port: number;
  config: AppConfig;
  bootstrap: string;
  /** True when this process started the local broker (and stops it on exit). */
  ownsBroker: boolean;
  store: Store;
  analyzer: AnalyzerRuntime;
  simulator: SimulatorRuntime | null;
  stop(): Promise<void>;
};

/** Fails fast, before the broker and everything else start, when the HTTP port is taken. */
function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new PetTwinError(
          'CONFIG_INVALID',
          err.code === 'EADDRINUSE'
            ? `PORT ${port} is already in use on ${host}: set PORT to a free port, or stop the other program`
            : `cannot listen on ${host}:${port} (${err.code ?? err.message}): set HOST and PORT`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export async function saveEngineSnapshot(engine: DetectionEngine, store: Store): Promise<void> {
  const ids = engine.petIds();
  let parts = 0;
  for (let i = 0; i < ids.length; i += SNAPSHOT_PART_PETS) {
    await store.saveSnapshot(`${ENGINE_SNAPSHOT}/${parts++}`, engine.snapshotPets(ids.slice(i, i + SNAPSHOT_PART_PETS)));
    await new Promise((r) => setImmediate(r));
  }
  await store.saveSnapshot(ENGINE_SNAPSHOT, { version: 1, parts });
}

export async function restoreEngineSnapshot(engine: DetectionEngine, store: Store, log: Log): Promise<void> {
  const index = (await store.loadSnapshot(ENGINE_SNAPSHOT)) as { version?: number; parts?: number } | null;
  if (!index || index.version !== 1 || typeof index.parts !== 'number') return;
  for (let k = 0; k < index.parts; k++) {
    const part = await store.loadSnapshot(`${ENGINE_SNAPSHOT}/${k}`);
    try {
      if (part) engine.restore(part as EngineSnapshot);
    } catch (err) {
      log('warn', `ignoring engine snapshot part ${k}: ${(err as Error).message}`);
    }
  }
}

export async function startPetTwin(env: Record<string, string | undefined> = process.env, opts: { log?: Log } = {}): Promise<PetTwinApp> {
  const config = loadConfig(env);
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        log('warn', `shutdown step failed: ${(err as Error).message}`);
      }
    }
    cleanups.length = 0;
  };

  await assertPortFree(config.HOST, config.PORT);
  try {
    let broker: LocalBroker | null = null;
    let bootstrap = config.KAFKA_BOOTSTRAP_SERVERS ?? '';
    if (config.useLocalBroker) {
      broker = await startLocalBroker({
        port: config.LOCAL_KAFKA_PORT,
        dataDir: join(config.DATA_DIR, 'kafka'),
        heapMb: config.LOCAL_KAFKA_HEAP_MB,
        log: (l) => log('info', l),
      });
      cleanups.push(() => broker!.stop());
      bootstrap = broker.bootstrap;
    }
    const { created } = await ensureTopics(config, bootstrap);
    if (created.length) log('info', `created topics ${created.join(', ')}`);

    const store = await openStore({ dataDir: config.DATA_DIR, rawRetentionDays: config.RAW_RETENTION_DAYS, log: (m) => log('info', m) });
    cleanups.push(() => store.close());
    const writer = createReadingWriter(store, { log: (m: string) => log('warn', m) });
    cleanups.push(() => writer.close());
    // Runs after the analyzer stopped (cleanups run in reverse): everything processed is stored.
    cleanups.push(async () => {
      await writer.flush();
      await store.rollup(Date.now());
    });

    const engine = createDetectionEngine();
    await restoreEngineSnapshot(engine, store, log);
    for (const p of await store.listPets()) engine.upsertPet(p);
    const open = await store.openAlerts();
    engine.restoreAlerts(open);
    if (open.length) log('info', `restored ${open.length} open alert(s)`);

    const fleet = config.SIM_ENABLED && config.SIM_PETS > 0 ? createFleet({ seed: config.SIM_SEED, count: config.SIM_PETS }) : null;
    if (fleet) {
      for (const p of fleet.pets()) {
        engine.upsertPet(p);
        await store.upsertPet(p);
      }
    }

    const bus = createEventBus((err) => log('warn', `live listener failed: ${(err as Error).message}`));
    const analyzer = createAnalyzerRuntime({ config, bootstrap, engine, alertStore: store, readings: writer, bus, log });
    let snapshotting: Promise<unknown> | null = null;
    cleanups.push(async () => {
      await snapshotting;
      await saveEngineSnapshot(engine, store);
    });
    await analyzer.start();
    cleanups.push(() => analyzer.stop());

    const simulator = fleet ? startSimulatorRuntime({ config, bootstrap, fleet, log }) : null;
    if (simulator) cleanups.push(() => simulator.stop());

    const monitor = createStreamMonitor({
      config,
      bootstrap,
      analyzer: analyzer.stats,
      consumer: analyzer.consumer,
      consumerError: analyzer.consumerError,
      skipped: () => engine.stats().ignoredDuplicateOrLate,
      produced: () => simulator?.produced ?? null,
      storage: () => {
        const w = writer.stats();
        return { written: w.written, queued: w.queued, dropped: w.dropped, failed: w.failed, rejected: w.rejected, lastFlushMs: w.lastFlushMs };
      },
      log,
    });
    cleanups.push(() => monitor.stop());

    const startedAt = Date.now();
    // Storage is "down" while its writes fail: a failure in the last minute, not one long ago.
    let seenFailures = 0;
    let lastFailureAt = 0;
    const storageUp = () => {
      const failed = writer.stats().failed;
      if (failed > seenFailures) {
        seenFailures = failed;
        lastFailureAt = Date.now();
      }
      return Date.now() - lastFailureAt > 60_000;
    };
    const { app } = await buildServer({
      config,
      engine,
      store,
      bus,
      monitor,
      publishTransition: (t) => analyzer.publishTransition(t),
      scenarios: fleet
        ? {
            list: () => SCENARIOS.map((s) => ({ name: s.name, description: s.description })),
            petIds: () => fleet.pets().map((p) => p.id),
            inject: (petId, scenario, o) => fleet.inject(petId, scenario, o),
          }
        : null,
      health: () => ({
        kafka: analyzer.healthy() && monitor.status().kafka.connected ? 'up' : 'down',
        storage: storageUp() ? 'up' : 'down',
      }),
      startedAt,
      webRoot: WEB_ROOT,
    });
    cleanups.push(() => app.close());
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://${config.HOST}:${port}`;

    const timers = [
      setInterval(() => {
        if (snapshotting) return;
        snapshotting = saveEngineSnapshot(engine, store)
          .catch((e) => log('warn', `snapshot failed: ${e.message}`))
          .finally(() => (snapshotting = null));
      }, SNAPSHOT_EVERY_MS),
      setInterval(() => void writer.flush().then(() => store.rollup(Date.now())).catch((e) => log('warn', `rollup failed: ${e.message}`)), ROLLUP_EVERY_MS),
      setInterval(() => void store.pruneRaw(Date.now()).catch((e) => log('warn', `prune failed: ${e.message}`)), PRUNE_EVERY_MS),
    ];
    for (const t of timers) t.unref();
    cleanups.push(() => timers.forEach(clearInterval));

    log('info', `PetTwin Care is running: dashboard ${url}  (broker ${bootstrap}, ${fleet ? fleet.pets().length : 0} simulated pets)`);
    return { url, port, config, bootstrap, ownsBroker: broker?.owned ?? false, store, analyzer, simulator, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
