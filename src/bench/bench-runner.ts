/**
 * `pettwin bench`: one run on one machine and broker. First Kafka's own baseline, then the
 * product's pipeline (a separate `pettwin start --no-simulator` process) under load from a
 * separate generator process, step by step, measured from the collar timestamp to the alert
 * decided and to the alert received by a WebSocket client, as the dashboard receives it.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, setPriority, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { ServerFrame, StreamStatus } from '../api/protocol.ts';
import { startLocalBroker, type LocalBroker } from '../broker/local-broker.ts';
import { freeLocalPorts } from '../broker/ports.ts';
import { loadConfig } from '../config/config.ts';
import { encodeReading } from '../streaming/simulator-runtime.ts';
import { createFleet } from '../simulator/fleet.ts';
import { ensureTopics } from '../streaming/topics.ts';
import type { BenchResult, StepResult } from './bench-types.ts';
import { runKafkaBaseline } from './kafka-baseline.ts';
import { BENCH_FLEET_SEED, benchPetId, type GeneratorCommand, type GeneratorReport } from './load-generator.ts';
import { percentiles } from './percentiles.ts';
import { cpuPercent, sampleProc } from './proc-stats.ts';
import { evaluateTargets } from './targets.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The pipeline runs with the same Node flags as `npm start` (package.json), so the bench measures
 * the product as it ships. */
const PIPELINE_NODE_FLAGS = ['--max-semi-space-size=64'];
/** The generator is the measuring instrument: a GC pause of its own between stamping a reading's
 * ts and sending it counts as pipeline latency. With V8's default young generation it paused
 * 12-18 ms several times per step at 10,000 readings/s (--trace-gc); with 64 MB, none above 12 ms. */
const GENERATOR_NODE_FLAGS = ['--max-semi-space-size=64'];
/** The generator's nice value (0 normal, 19 lowest). */
const GENERATOR_NICE = 10;
/** Unmeasured seconds at the first step's rate before the first step (not with --quick). */
const WARMUP_S = 8;
/** How long a step may take to drain its backlog before the rest counts as lost. */
const DRAIN_TIMEOUT_MS = 30_000;

export type BenchOptions = {
  rates: number[];
  durationS: number;
  triggersPerS: number;
  kafkaBaseline: boolean;
  quick: boolean;
  /** Write a V8 CPU profile of the pipeline process to this folder. */
  profileDir?: string;
  env: Record<string, string | undefined>;
  progress: (line: string, final?: boolean) => void;
};

/** Runs one command on the generator process; resolves with its report when it is done. */
function runOnGenerator(generator: ChildProcess, cmd: GeneratorCommand, onProgress: (produced: number) => void): Promise<Extract<GeneratorReport, { type: 'done' }>> {
  return new Promise((res, rej) => {
    const onMsg = (m: GeneratorReport) => {
      if (m.type === 'progress') return onProgress(m.produced);
      generator.off('message', onMsg);
      if (m.type === 'done') res(m);
      else rej(new Error(m.message));
    };
    generator.on('message', onMsg);
    generator.send(cmd);
  });
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  return (await r.json()) as T;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the pipeline process exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the pipeline did not become healthy within ${timeoutMs / 1000} s`);
}

/** Registers the generator's fleet (same seed and ids as load-generator.ts) through the API. */
async function registerBenchPets(url: string, count: number): Promise<void> {
  const profiles = createFleet({ seed: BENCH_FLEET_SEED, count }).pets();
  let next = 0;
  const worker = async () => {
    while (next < profiles.length) {
      const i = next++;
      const r = await fetch(`${url}/api/v1/pets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...profiles[i]!, id: benchPetId(i) }),
      });
      if (!r.ok) throw new Error(`registering ${benchPetId(i)} failed: HTTP ${r.status} ${await r.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const runId = `bench-${Date.now()}`;
  const config = loadConfig({ ...opts.env, TOPIC_PREFIX: `${runId}-`, ANALYZER_GROUP_ID: `${runId}-analyzer` });
  const work = mkdtempSync(join(tmpdir(), 'pettwin-bench-'));
  const children: ChildProcess[] = [];
  let broker: LocalBroker | null = null;
  try {
    let bootstrap = config.KAFKA_BOOTSTRAP_SERVERS ?? '';
    if (config.useLocalBroker) {
      opts.progress('starting the local Kafka broker…');
      broker = await startLocalBroker({ port: config.LOCAL_KAFKA_PORT, dataDir: join(config.DATA_DIR, 'kafka'), heapMb: config.LOCAL_KAFKA_HEAP_MB });
      bootstrap = broker.bootstrap;
    }
    await ensureTopics(config, bootstrap);
    const sample = createFleet({ seed: 1, count: 1 }).tick(Date.now())[0]!;
    const recordSize = encodeReading(sample).value.length;

    let kafka: BenchResult['kafka'] = null;
    if (opts.kafkaBaseline) {
      opts.progress('Kafka baseline: EndToEndLatency and ConsumerPerformance…');
      const baselineCfg = loadConfig({ ...opts.env, TOPIC_PREFIX: `${runId}-kafka-`, VITALS_PARTITIONS: '1' });
      await ensureTopics(baselineCfg, bootstrap);
      const perfCfg = loadConfig({ ...opts.env, TOPIC_PREFIX: `${runId}-perf-` });
      await ensureTopics(perfCfg, bootstrap);
      kafka = await runKafkaBaseline({
        bootstrap,
        e2eTopic: baselineCfg.topics.vitals,
        perfTopic: perfCfg.topics.vitals,
        recordSize,
        e2eMessages: opts.quick ? 500 : 5000,
        perfMessages: opts.quick ? 20_000 : 1_000_000,
      });
    }

    // The pipeline under test: the product itself, in its own process.
    const port = await freeLocalPorts(1);
    const url = `http://127.0.0.1:${port}`;
    const pipelineEnv = {
      ...opts.env,
      PORT: String(port),
      DATA_DIR: join(work, 'data'),
      KAFKA_BOOTSTRAP_SERVERS: bootstrap,
      TOPIC_PREFIX: `${runId}-`,
      ANALYZER_GROUP_ID: `${runId}-analyzer`,
      SIM_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    };
    const profile = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [];
    const extra = (opts.env.PETTWIN_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const pipeline = spawn(process.execPath, [...PIPELINE_NODE_FLAGS, ...profile, ...extra, join(REPO_ROOT, 'bin', 'pettwin.js'), 'start', '--no-simulator'], {
      env: pipelineEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(pipeline);
    opts.progress('starting the pipeline process…');
    await waitHealthy(url, pipeline, 120_000);

    const generator = fork(join(REPO_ROOT, 'src', 'bench', 'load-generator.ts'), ['--bench-generator'], {
      execArgv: ['--import', 'tsx', ...GENERATOR_NODE_FLAGS],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(generator);
    // The collars' simulation stands in for devices that run elsewhere: at a lower priority it
    // cannot preempt the pipeline or the broker it is measuring (with all three busy on 2 cores,
    // the pipeline lost 10-20 ms at a time to it in the middle of a Kafka fetch). It still has to
    // reach each step's rate, which the table reports as produced/s.
    try {
      if (generator.pid) setPriority(generator.pid, GENERATOR_NICE);
    } catch {
      opts.progress('could not lower the generator\'s priority; it competes with the pipeline for CPU', true);
    }

    // The dashboard's view: alert frames as the browser would receive them.
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/ws`);
    await new Promise<void>((r, j) => {
      ws.once('open', () => r());
      ws.once('error', j);
    });
    let detect: number[] = [];
    let viaWs: number[] = [];
    let sensorTss: number[] = [];
    ws.on('message', (data) => {
      const receivedAt = Date.now();
      const f = JSON.parse(String(data)) as ServerFrame;
      if (f.type === 'alert' && f.change === 'opened') {
        viaWs.push(receivedAt - f.alert.sensorTs);
        detect.push(f.alert.detectedAt - f.alert.sensorTs);
        sensorTss.push(f.alert.sensorTs);
      }
    });

    const pids: Record<string, number | null> = {
      pipeline: pipeline.pid ?? null,
      generator: generator.pid ?? null,
      broker: broker?.pid ?? null,
      bench: process.pid,
    };
    const steps: StepResult[] = [];
    let triggerBase = 0;
    // One fleet for the whole run, sized for the highest rate at ~5 readings/s per pet, registered
    // with its real profiles first, as a deployment would be (unregistered pets are scored as
    // medium dogs, which turns every cat into a false alarm and the alert load into noise).
    const pets = Math.max(200, Math.min(20_000, Math.round(Math.max(...opts.rates) / 5)));
    opts.progress(`registering ${pets} pets…`);
    await registerBenchPets(url, pets);
    if (!opts.quick) {
      // Warm-up, not measured: the first seconds after start-up compile the hot path, create every
      // pet's state and grow the heap; in the first measured step they showed as a backlog of
      // ~6,000 readings and alert latencies of 0.6 s that steady running never has.
      const rate = opts.rates[0]!;
      opts.progress(`warming up: ${WARMUP_S} s at ${rate}/s, not measured…`);
      const before = await getJson<StreamStatus>(`${url}/api/v1/stream/status`);
      const warm = await runOnGenerator(
        generator,
        { type: 'run', step: -1, rate, durationS: WARMUP_S, pets, triggersPerS: 0, triggerBase: 0, topic: config.topics.vitals, bootstrap, seed: BENCH_FLEET_SEED },
        () => {},
      );
      const drainBy = Date.now() + DRAIN_TIMEOUT_MS;
      while ((await getJson<StreamStatus>(`${url}/api/v1/stream/status`)).totals.consumed - before.totals.consumed < warm.produced && Date.now() < drainBy) await sleep(250);
      await sleep(1000);
    }
    for (const [i, rate] of opts.rates.entries()) {
      const before = await getJson<StreamStatus>(`${url}/api/v1/stream/status`);
      const procStart = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? sampleProc(pid) : null]));
      detect = [];
      viaWs = [];
      sensorTss = [];
      let maxLag = 0;
      let loopMax: number | null = null;
      let produced = 0;
      const cmd: GeneratorCommand = {
        type: 'run',
        step: i,
        rate,
        durationS: opts.durationS,
        pets,
        triggersPerS: opts.triggersPerS,
        triggerBase,
        topic: config.topics.vitals,
        bootstrap,
        seed: BENCH_FLEET_SEED,
      };
      const done = runOnGenerator(generator, cmd, (n) => (produced = n));
      const started = Date.now();
      let finished: Extract<GeneratorReport, { type: 'done' }> | null = null;
      void done.then((d) => (finished = d));
      while (!finished) {
        await sleep(1000);
        const s = await getJson<StreamStatus>(`${url}/api/v1/stream/status`);
        maxLag = Math.max(maxLag, s.lag.total);
        if (s.process.eventLoopDelayMaxMs !== null) loopMax = Math.max(loopMax ?? 0, s.process.eventLoopDelayMaxMs);
        const el = Math.min(opts.durationS, (Date.now() - started) / 1000);
        opts.progress(
          `step ${i + 1}/${opts.rates.length}  target ${rate}/s  ${el.toFixed(0)}/${opts.durationS}s  produced ${produced}  processed ${s.totals.consumed - before.totals.consumed}  lag ${s.lag.total}  ws p99 ${percentiles(viaWs).p99 ?? '–'} ms`,
        );
      }
      const gen = await done;
      if (gen.failed > 0) opts.progress(`step ${i + 1}: the generator failed to produce ${gen.failed} readings (first error: ${gen.firstError}); they count as not produced`, true);
      triggerBase = gen.nextTriggerBase;
      const atEnd = await getJson<StreamStatus>(`${url}/api/v1/stream/status`);
      const procEnd = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? sampleProc(pid) : null]));
      const processedInStep = atEnd.totals.consumed - before.totals.consumed;
      const stepS = (gen.endedAt - gen.startedAt) / 1000;
      // Drain: everything produced must be processed; what is not, after the timeout, is lost.
      const drainStart = Date.now();
      let after = atEnd;
      while (after.totals.consumed - before.totals.consumed < gen.produced && Date.now() - drainStart < DRAIN_TIMEOUT_MS) {
        await sleep(250);
        after = await getJson<StreamStatus>(`${url}/api/v1/stream/status`);
        maxLag = Math.max(maxLag, after.lag.total);
      }
      const processed = after.totals.consumed - before.totals.consumed;
      const drained = processed >= gen.produced;
      await sleep(300);
      const step: StepResult = {
        targetRate: rate,
        durationS: opts.durationS,
        pets,
        produced: gen.produced,
        achievedRate: Math.round(gen.produced / stepS),
        processed,
        processedRate: Math.round(processedInStep / stepS),
        lost: Math.max(0, gen.produced - processed),
        lag: { max: maxLag, end: atEnd.lag.total, drainedInS: drained ? Math.round((Date.now() - drainStart) / 100) / 10 : null },
        alertsOpened: viaWs.length,
        deadLetters: after.totals.dlq - before.totals.dlq,
        storageDropped: after.storage.dropped - before.storage.dropped,
        eventLoopMaxMs: loopMax,
        injectedAnomalies: gen.triggers,
        latencyMs: { detect: percentiles(detect), websocket: percentiles(viaWs) },
        slowest: viaWs
          .map((ms, k) => ({ atS: Math.round((sensorTss[k]! - gen.startedAt) / 100) / 10, detectMs: detect[k]!, websocketMs: ms }))
          .sort((a, b) => b.websocketMs - a.websocketMs)
          .slice(0, 5),
        processes: Object.fromEntries(
          Object.keys(pids).map((k) => [k, { cpuPct: cpuPercent(procStart[k] ?? null, procEnd[k] ?? null), rssMbStart: procStart[k]?.rssMb ?? null, rssMbEnd: procEnd[k]?.rssMb ?? null }]),
        ),
        sustained: false,
      };
      // Sustained: nothing lost, within 95 % of the target, and the backlog at the end is under 2 s of input.
      step.sustained =
        step.lost === 0 && step.storageDropped === 0 && step.achievedRate >= rate * 0.95 && step.lag.end <= rate * 2 && step.lag.drainedInS !== null;
      steps.push(step);
      opts.progress(
        `step ${i + 1}/${opts.rates.length}  ${rate}/s: achieved ${step.achievedRate}/s, processed ${step.processedRate}/s, lost ${step.lost}, lag max ${step.lag.max}, ws p99 ${step.latencyMs.websocket.p99 ?? '–'} ms`,
        true,
      );
    }
    ws.close();
    const sustainedRates = steps.filter((s) => s.sustained).map((s) => s.targetRate);
    const result: BenchResult = {
      startedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, memGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      broker: { mode: config.useLocalBroker ? 'local' : 'external', bootstrap },
      kafka,
      steps,
      maxSustainedRate: sustainedRates.length ? Math.max(...sustainedRates) : null,
      targets: [],
      chart: null,
    };
    result.targets = evaluateTargets(result);
    return result;
  } finally {
    for (const c of children.reverse()) {
      if (c.exitCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await Promise.race([exited, sleep(20_000)]);
        if (c.exitCode === null) c.kill('SIGKILL');
      }
    }
    if (broker) await broker.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
