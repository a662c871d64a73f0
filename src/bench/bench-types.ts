/** The benchmark's result shape: what the table, the JSON file and the chart all read. */
import type { KafkaBaseline } from './kafka-baseline.ts';

export type Percentiles = { p50: number | null; p99: number | null; max: number | null; count: number };

export type StepResult = {
  targetRate: number;
  durationS: number;
  pets: number;
  produced: number;
  achievedRate: number;
  processed: number;
  processedRate: number;
  lost: number;
  lag: { max: number; end: number; drainedInS: number | null };
  alertsOpened: number;
  /** Readings the pipeline dead-lettered during the step (should be 0: the generator sends valid readings). */
  deadLetters: number;
  /** Readings the history writer could not keep up with and dropped (analysed, alerted on, not stored). */
  storageDropped: number;
  /** Longest the pipeline's event loop was held up during the step (ms): a reading can wait this long. */
  /** Worst event-loop delay the pipeline reported during the step (its 10-s windows); null when no window ended in it. */
  eventLoopMaxMs: number | null;
  injectedAnomalies: number;
  latencyMs: { detect: Percentiles; websocket: Percentiles };
  /** The slowest alerts over WebSocket, worst first: when in the step (s from its start), and their latencies. */
  slowest: Array<{ atS: number; detectMs: number; websocketMs: number }>;
  processes: Record<string, { cpuPct: number | null; rssMbStart: number | null; rssMbEnd: number | null }>;
  sustained: boolean;
};

export type BenchResult = {
  startedAt: string;
  machine: { cpus: number; memGb: number; node: string };
  broker: { mode: 'local' | 'external'; bootstrap: string };
  kafka: KafkaBaseline | null;
  steps: StepResult[];
  maxSustainedRate: number | null;
  targets: Array<{ name: string; value: string; pass: boolean | null }>;
  chart: { svg: string; png: string | null } | null;
};
