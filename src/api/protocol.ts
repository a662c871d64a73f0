/**
 * The wire contract between the server and the dashboard: REST response shapes and WebSocket
 * frames. Frames come in kinds, so each direction is a discriminated union on `type`.
 * The dashboard imports only types from here (and from src/domain) so the browser bundle stays small.
 */
import { z } from 'zod';
import type { Alert, AlertTransition } from '../domain/alert.ts';
import type { PetTwin } from '../analysis/engine-contract.ts';
import type { VitalsPoint } from '../storage/vitals-query.ts';

export type LatencySummary = { p50: number | null; p99: number | null; max: number | null; count: number };

export type PartitionLag = { partition: number; committedOffset: number; endOffset: number; lag: number };

/** Live pipeline figures; `GET /api/v1/stream/status` returns exactly this. */
export type StreamStatus = {
  at: number;
  broker: { mode: 'local' | 'external'; bootstrap: string };
  topics: { vitals: string; alerts: string; dlq: string };
  consumerGroup: string;
  /** Messages per second over the last few seconds. */
  rates: { produced: number; consumed: number; alertsOut: number; dlq: number };
  /** `skipped`: valid readings not scored because their collar had already sent one as new or newer (replays, duplicates, a clock that jumped back). */
  totals: { produced: number; consumed: number; alertsOut: number; dlq: number; skipped: number; storedReadings: number };
  lag: { total: number; partitions: PartitionLag[] };
  /** Whether the analyzer can reach Kafka right now (its last fetch or lag poll succeeded recently). */
  kafka: { connected: boolean; lastError: string | null };
  /** The analyzer process: how long its event loop was held up (p99 over the last ~10 s) and its memory. */
  process: { eventLoopDelayP99Ms: number | null; eventLoopDelayMaxMs: number | null; rssMb: number };
  /** The history writer: readings waiting for the database, and any it had to drop. */
  /** failed: readings in batches the store could not write; rejected: single readings it refused as unreadable. */
  storage: { written: number; queued: number; dropped: number; failed: number; rejected: number; lastFlushMs: number | null };
  latency: {
    /** Collar reading `ts` → analyzer decided (alert detected), ms. */
    detect: LatencySummary;
    /** Collar reading `ts` → dashboard drew the alert (reported by the browser), ms. */
    shown: LatencySummary;
    /** Collar reading `ts` → analyzer received it from Kafka, ms, every reading. */
    ingest: LatencySummary;
  };
};

/** One live reading as the dashboard needs it (compact: pushed for every pet): a history point plus who and how. */
export type LiveReading = VitalsPoint & { petId: string; state: PetTwin['state'] };

/** Server → browser. */
export type ServerFrame =
  | {
      type: 'hello';
      serverTime: number;
      pets: PetTwin[];
      alerts: Alert[];
      stream: StreamStatus;
      scenarios: ScenarioInfo[];
      /** Pets the simulator plays: only these accept scenarios. */
      simulatedPetIds: string[];
    }
  /** Coalesced: all readings since the last frame (sent every ~50 ms while there are any). */
  | { type: 'readings'; items: LiveReading[] }
  /** Sent the moment the analyzer decides, never batched behind a timer. */
  | { type: 'alert'; change: AlertTransition['type']; alert: Alert }
  | { type: 'pet'; twin: PetTwin }
  | { type: 'stream'; stream: StreamStatus };

export type ScenarioInfo = { name: string; description: string };

/** Browser → server. */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  /** The dashboard drew an alert: `shownAt` is the browser's Date.now() when it painted. */
  z.object({ type: z.literal('alert-shown'), alertId: z.string().min(1), revision: z.number().int(), sensorTs: z.number(), shownAt: z.number() }),
  z.object({ type: z.literal('ping'), t: z.number() }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** Body of POST /api/v1/scenarios. */
export const ScenarioRequestSchema = z
  .object({
    petId: z.string().min(1),
    scenario: z.string().min(1),
    durationS: z.number().positive().max(24 * 3600).optional(),
    speed: z.number().positive().max(1000).optional(),
  })
  .strict();
export type ScenarioRequest = z.infer<typeof ScenarioRequestSchema>;

/** Error body of every 4xx/5xx. */
export type ApiError = { error: { code: string; message: string } };
