/**
 * Builds the live stream figures (GET /api/v1/stream/status, the dashboard's stream panel and
 * /metrics) from the analyzer's counters and a once-a-second poll of the consumer group's lag.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Consumer } from '@platformatic/kafka';
import type { PartitionLag, StreamStatus } from '../api/protocol.ts';
import type { AppConfig } from '../config/config.ts';
import type { AnalyzerStats } from '../streaming/analyzer-runtime.ts';
import { LatencyWindow } from './latency-window.ts';
import { RateMeter } from './rate-meter.ts';

const LAG_POLL_MS = 1000;
const EVENT_LOOP_WINDOW_MS = 10_000;
/** Kafka counts as unreachable when no lag poll has succeeded for this long. */
const KAFKA_DOWN_AFTER_MS = 5000;

export type StreamMonitor = {
  status(): StreamStatus;
  /** The browser drew an alert: collar reading → shown latency. */
  recordShown(sensorTs: number, shownAt: number): void;
  shown: LatencyWindow;
  stop(): void;
};

export function createStreamMonitor(deps: {
  config: AppConfig;
  bootstrap: string;
  analyzer: AnalyzerStats;
  consumer: () => Consumer | null;
  /** Why the analyzer's consumer is down (null while it consumes): Kafka is not "connected" meanwhile. */
  consumerError?: () => string | null;
  /** Readings the engine skipped as duplicates or older than the collar's latest. */
  skipped?: () => number;
  produced: () => RateMeter | null;
  storage: () => StreamStatus['storage'];
  now?: () => number;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
}): StreamMonitor {
  const now = deps.now ?? Date.now;
  const shown = new LatencyWindow();
  let lag: PartitionLag[] = [];
  let polling = false;
  let lastPollError = 0;
  let lastPollOk = now();
  let lastError: string | null = null;

  async function pollLag(): Promise<void> {
    const consumer = deps.consumer();
    if (!consumer || polling) return;
    polling = true;
    try {
      const topic = deps.config.topics.vitals;
      const ends = (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? [];
      const partitions = ends.map((_, i) => i);
      const committed = (await consumer.listCommittedOffsets({ topics: [{ topic, partitions }] })).get(topic) ?? [];
      lag = ends.map((end, partition) => {
        // @platformatic/kafka commits the last processed offset (not the next one): +1 is the next to read.
        const c = committed[partition] ?? -1n;
        const next = c >= 0n ? c + 1n : 0n;
        const l = end > next ? end - next : 0n;
        return { partition, committedOffset: Number(c), endOffset: Number(end), lag: Number(l) };
      });
      lastPollOk = now();
      lastError = null;
    } catch (err) {
      lastError = (err as Error).message;
      if (now() - lastPollError > 30_000) deps.log('warn', `cannot reach Kafka (lag poll failed): ${lastError}`);
      lastPollError = now();
    } finally {
      polling = false;
    }
  }
  const timer = setInterval(() => void pollLag(), LAG_POLL_MS);
  timer.unref();
  // Event-loop delay over a rolling window: what a reading waiting to be scored feels.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let loopView = { p99: null as number | null, max: null as number | null };
  const loopTimer = setInterval(() => {
    loopView = { p99: Math.round(loop.percentile(99) / 1e5) / 10, max: Math.round(loop.max / 1e5) / 10 };
    loop.reset();
  }, EVENT_LOOP_WINDOW_MS);
  loopTimer.unref();

  return {
    shown,
    recordShown(sensorTs, shownAt) {
      shown.add(shownAt - sensorTs);
    },
    status() {
      const a = deps.analyzer;
      const produced = deps.produced();
      const consumerDown = deps.consumerError?.() ?? null;
      return {
        at: now(),
        broker: { mode: deps.config.useLocalBroker ? 'local' : 'external', bootstrap: deps.bootstrap },
        topics: deps.config.topics,
        consumerGroup: deps.config.ANALYZER_GROUP_ID,
        rates: {
          produced: produced?.rate() ?? 0,
          consumed: a.consumed.rate(),
          alertsOut: a.alertsOut.rate(),
          dlq: a.dlq.rate(),
        },
        totals: {
          produced: produced?.total ?? 0,
          consumed: a.consumed.total,
          alertsOut: a.alertsOut.total,
          dlq: a.dlq.total,
          skipped: deps.skipped?.() ?? 0,
          storedReadings: deps.storage().written,
        },
        lag: { total: lag.reduce((s, p) => s + p.lag, 0), partitions: lag },
        kafka: { connected: consumerDown === null && now() - lastPollOk < KAFKA_DOWN_AFTER_MS, lastError: consumerDown ?? lastError },
        process: { eventLoopDelayP99Ms: loopView.p99, eventLoopDelayMaxMs: loopView.max, rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) },
        storage: deps.storage(),
        latency: { detect: a.detect.summary(), shown: shown.summary(), ingest: a.ingest.summary() },
      };
    },
    stop() {
      clearInterval(timer);
      clearInterval(loopTimer);
      loop.disable();
    },
  };
}
