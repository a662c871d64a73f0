/**
 * The analyzer: a member of a Kafka consumer group on `pet-vitals` (several can share the
 * partitions). Every reading is scored the moment it arrives; alert changes go to `pet-alerts`
 * (key = petId) and the store; bad input goes to `pet-vitals-dlq` with the reason and the
 * original bytes. Offsets are committed only after every alert output of the committed readings
 * is written, and alert ids are deterministic, so a restart or replay never loses or duplicates one.
 */
import { Consumer, ProduceAcks, Producer, type Message, type MessagesStream } from '@platformatic/kafka';
import type { DetectionEngine } from '../analysis/engine-contract.ts';
import type { AppConfig } from '../config/config.ts';
import type { Alert, AlertTransition } from '../domain/alert.ts';
import { capReason, parseReading, type VitalsReading } from '../domain/reading.ts';
import type { EventBus } from '../app/event-bus.ts';
import { LatencyWindow } from '../app/latency-window.ts';
import { RateMeter } from '../app/rate-meter.ts';
import { createGroupCommit } from './group-commit.ts';
import { explainKafkaError, kafkaBaseOptions } from './kafka-options.ts';

/** Pets the analyzer keeps state for. Readings naming yet another unregistered pet are dead-lettered:
 * a stream of random pet ids must not grow memory without bound. */
export const MAX_TRACKED_PETS = 200_000;
/** A collar clock this far ahead of ours is wrong: its readings would corrupt every latency
 * figure, and the engine skips a collar's readings older than its latest, so one reading from
 * minutes ahead would silence that pet until real time caught up (tester report: 290 s ahead hid
 * a 4-minute tachycardia). Phones sync collars to NTP; 30 s is generous for any clock drift. */
export const MAX_FUTURE_SKEW_MS = 30_000;
/** Older readings are history imports, not live monitoring (Kafka keeps pet-vitals for hours, not weeks). */
export const MAX_READING_AGE_MS = 7 * 24 * 3_600_000;
/** Most bytes one fetch returns (per partition and in all); see consume() below. */
const FETCH_MAX_BYTES = 128 * 1024;
/** Dead letters keep at most this much of the original value: the broker's default record limit
 * is ~1 MB, and the reason and source headers must fit beside it. */
export const DLQ_MAX_VALUE_BYTES = 900_000;
/** Backoff between attempts to rejoin the group after the consumer stream failed. */
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 15_000;
/** How often processed offsets are committed (after their alert writes are durable). */
const COMMIT_INTERVAL_MS = 200;

export type AlertStore = {
  upsertAlerts(alerts: Alert[]): Promise<void>;
};
/** Where accepted readings go for storage; `raw` is the Kafka value they were parsed from. */
export type ReadingSink = { add(reading: VitalsReading, raw?: Buffer): void };

export type AnalyzerDeps = {
  config: AppConfig;
  bootstrap: string;
  engine: DetectionEngine;
  alertStore: AlertStore;
  readings: ReadingSink;
  bus: EventBus;
  now?: () => number;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
};

export type AnalyzerStats = {
  consumed: RateMeter;
  alertsOut: RateMeter;
  dlq: RateMeter;
  ingest: LatencyWindow;
  detect: LatencyWindow;
};

export type AnalyzerRuntime = {
  start(): Promise<void>;
  /** Publishes an alert change that did not come from a reading (acknowledgement). */
  publishTransition(t: AlertTransition): Promise<void>;
  stats: AnalyzerStats;
  consumer(): Consumer | null;
  /** False once an output write failed for good (the process should be restarted), or while the consumer is down. */
  healthy(): boolean;
  /** False while the consumer stream is down and a new one is being joined. */
  consuming(): boolean;
  /** Why the consumer is down, in the words of the setting to fix; null while consuming. */
  consumerError(): string | null;
  /** Resolves when everything processed so far is committed. */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

const enc = (s: string) => Buffer.from(s, 'utf8');

/** key === petId without decoding the key (ASCII ids are the rule; anything else compares as UTF-8). */
function keyIs(key: Buffer, petId: string): boolean {
  if (key.length !== petId.length) return key.toString('utf8') === petId;
  for (let i = 0; i < key.length; i++) if (key[i] !== petId.charCodeAt(i)) return key.toString('utf8') === petId;
  return true;
}

export function createAnalyzerRuntime(deps: AnalyzerDeps): AnalyzerRuntime {
  const { config, engine, bus, log } = deps;
  const now = deps.now ?? Date.now;
  const stats: AnalyzerStats = {
    consumed: new RateMeter(now),
    alertsOut: new RateMeter(now),
    dlq: new RateMeter(now),
    ingest: new LatencyWindow(),
    detect: new LatencyWindow(),
  };
  // Alert changes reach the store in group commits: one transaction per burst, not per change.
  const storeAlerts = createGroupCommit<Alert>((alerts) => deps.alertStore.upsertAlerts(alerts));
  const producer = new Producer({ ...kafkaBaseOptions(config, deps.bootstrap, 'analyzer-out'), acks: ProduceAcks.ALL });
  let consumer: Consumer | null = null;
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
  /** Highest processed offset per partition since the last commit (a bare bigint: no object per reading). */
  const processed = new Map<number, bigint>();
  /** Alert writes (Kafka + store) not yet confirmed; a commit waits for those it covers. */
  const pendingWrites = new Set<Promise<void>>();
  let commitTimer: NodeJS.Timeout | null = null;
  let committing: Promise<void> = Promise.resolve();
  let stopped = false;
  /** Set when an alert write failed for good: from then on nothing is committed, so a restart replays. */
  let commitBlocked = false;
  /** Why the consumer is not consuming (null while it is): set on a stream error until a new one has joined. */
  let consumerError: string | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let reconnectAttempt = 0;

  function writeAlerts(transitions: AlertTransition[]): Promise<void> {
    const messages = transitions.map((t) => ({
      topic: config.topics.alerts,
      key: enc(t.alert.petId),
      value: enc(JSON.stringify(t.alert)),
      headers: new Map([[enc('pettwin-change'), enc(t.type)]]),
    }));
    const p = Promise.all([
      producer.send({ messages }),
      storeAlerts.add(transitions.map((t) => t.alert)),
    ]).then(() => {
      stats.alertsOut.add(transitions.length);
    });
    const tracked = p.catch((err) => {
      // Not committing is what keeps the alert: the readings are replayed after a restart.
      commitBlocked = true;
      log('error', `writing ${transitions.length} alert change(s) failed, offsets will not be committed until restart: ${(err as Error).message}`);
      throw err;
    });
    pendingWrites.add(tracked);
    tracked.then(
      () => pendingWrites.delete(tracked),
      () => pendingWrites.delete(tracked),
    );
    return tracked;
  }

  /** Dead letters of the current event-loop turn, sent together: a burst of garbage costs one request, not thousands. */
  let dlqBatch: Array<{ topic: string; key: Buffer | undefined; value: Buffer; headers: Map<Buffer, Buffer> }> | null = null;

  function sendToDlq(msg: Message<Buffer, Buffer, Buffer, Buffer>, reason: string): void {
    stats.dlq.add();
    const headers = new Map<Buffer, Buffer>([
      [enc('pettwin-error-reason'), enc(capReason(reason))],
      [enc('pettwin-source-topic'), enc(msg.topic)],
      [enc('pettwin-source-partition'), enc(String(msg.partition))],
      [enc('pettwin-source-offset'), enc(String(msg.offset))],
      [enc('pettwin-failed-at'), enc(new Date(now()).toISOString())],
    ]);
    let value = msg.value ?? Buffer.alloc(0);
    if (value.length > DLQ_MAX_VALUE_BYTES) {
      // The original fitted pet-vitals; with our headers it may not fit the dead-letter topic,
      // and a dead letter that cannot be written would hold back every commit after it.
      headers.set(enc('pettwin-truncated-from-bytes'), enc(String(value.length)));
      value = value.subarray(0, DLQ_MAX_VALUE_BYTES);
    }
    const message = { topic: config.topics.dlq, key: msg.key ?? undefined, value, headers };
    if (dlqBatch) {
      dlqBatch.push(message);
      return;
    }
    const batch = [message];
    dlqBatch = batch;
    const write = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        dlqBatch = null;
        producer.send({ messages: batch }).then(() => resolve(), reject);
      });
    });
    // Tracked like an alert write, from the moment the first dead letter joins the batch:
    // a reading's offset is never committed before its DLQ copy exists.
    pendingWrites.add(write);
    write.then(
      () => pendingWrites.delete(write),
      (err) => {
        pendingWrites.delete(write);
        commitBlocked = true;
        log('error', `dead-letter write failed, offsets will not be committed until restart: ${(err as Error).message}`);
      },
    );
  }

  function onMessage(msg: Message<Buffer, Buffer, Buffer, Buffer>): void {
    const receivedAt = now();
    stats.consumed.add();
    processed.set(msg.partition, msg.offset);
    const parsed = parseReading(msg.value);
    if (!parsed.ok) {
      sendToDlq(msg, parsed.reason);
      return;
    }
    const reading = parsed.reading;
    if (msg.key && msg.key.length > 0 && !keyIs(msg.key, reading.petId)) {
      sendToDlq(msg, `key "${capReason(msg.key.toString('utf8'))}" is not the reading's petId "${reading.petId}": key pet-vitals messages by petId, so each pet's readings stay in order on one partition`);
      return;
    }
    if (reading.ts > receivedAt + MAX_FUTURE_SKEW_MS) {
      sendToDlq(msg, `ts ${new Date(reading.ts).toISOString()} is ${Math.round((reading.ts - receivedAt) / 1000)} s in the future: check the collar's clock (ms since epoch)`);
      return;
    }
    if (reading.ts < receivedAt - MAX_READING_AGE_MS) {
      sendToDlq(msg, `ts ${new Date(reading.ts).toISOString()} is more than 7 days old: live monitoring takes recent readings only (ts is ms since epoch, not seconds)`);
      return;
    }
    stats.ingest.add(receivedAt - reading.ts);
    if (engine.petCount() >= MAX_TRACKED_PETS && !engine.hasPet(reading.petId)) {
      sendToDlq(msg, `unregistered pet "${reading.petId}" and the analyzer already tracks ${MAX_TRACKED_PETS} pets: register it (POST /api/v1/pets) or raise MAX_TRACKED_PETS`);
      return;
    }
    let transitions: AlertTransition[];
    try {
      transitions = engine.process(reading, receivedAt);
    } catch (err) {
      // A detector bug must never stop the pipeline: the reading is kept for inspection.
      sendToDlq(msg, `analyzer error: ${(err as Error).message}`);
      return;
    }
    deps.readings.add(reading, msg.value);
    if (transitions.length > 0) {
      for (const t of transitions) {
        if (t.type === 'opened') stats.detect.add(t.alert.detectedAt - t.alert.sensorTs);
        bus.emit({ type: 'alert', transition: t });
      }
      void writeAlerts(transitions).catch(() => {});
    }
    bus.emit({ type: 'reading', reading, state: engine.stateOf(reading.petId) });
  }

  async function commitProcessed(): Promise<void> {
    if (!consumer || processed.size === 0 || commitBlocked) return;
    const snapshot = [...processed.entries()];
    processed.clear();
    await Promise.allSettled([...pendingWrites]);
    if (commitBlocked) return;
    const metadata = await consumer.metadata({ topics: [config.topics.vitals] });
    const partitions = metadata.topics.get(config.topics.vitals)?.partitions ?? [];
    await consumer.commit({
      offsets: snapshot.map(([partition, offset]) => ({
        topic: config.topics.vitals,
        partition,
        offset,
        leaderEpoch: partitions[partition]?.leaderEpoch ?? 0,
      })),
    });
  }

  function scheduleCommit(): void {
    commitTimer = setTimeout(() => {
      committing = committing
        .then(commitProcessed)
        .catch((err) => log('warn', `offset commit failed (will retry): ${(err as Error).message}`))
        .finally(() => {
          if (!stopped) scheduleCommit();
        });
    }, COMMIT_INTERVAL_MS);
  }

  /**
   * Where to resume each partition: null when every committed offset is inside the partition's
   * retained range (the usual case: resume from the commits). An offset outside it (an operator's
   * `kafka-consumer-groups --reset-offsets --to-latest`, which sets the *next* offset where this
   * client expects the last processed one; or readings expired by retention) would make every
   * fetch fail, so those partitions resume at the nearest end of the range instead.
   */
  async function resumeOffsets(c: Consumer): Promise<Array<{ topic: string; partition: number; offset: bigint }> | null> {
    const topic = config.topics.vitals;
    const ends = (await c.listOffsets({ topics: [topic] })).get(topic) ?? [];
    const starts = (await c.listOffsets({ topics: [topic], timestamp: -2n })).get(topic) ?? [];
    const committed = (await c.listCommittedOffsets({ topics: [{ topic, partitions: ends.map((_, i) => i) }] })).get(topic) ?? [];
    let outside = false;
    const offsets = ends.map((end, partition) => {
      const first = starts[partition] ?? 0n;
      const last = committed[partition] ?? -1n;
      // @platformatic/kafka commits the last processed offset and resumes after it.
      const next = last >= 0n ? last + 1n : first;
      const offset = next > end ? end : next < first ? first : next;
      if (last >= 0n && offset !== next) {
        outside = true;
        log('warn', `${topic} partition ${partition}: the next offset after the committed one, ${next}, is outside the retained range ${first}–${end} (an offset reset or expired readings): resuming at ${offset}`);
      }
      return { topic, partition, offset };
    });
    return outside ? offsets : null;
  }

  async function openConsumer(): Promise<void> {
    const c = new Consumer({
      ...kafkaBaseOptions(config, deps.bootstrap, 'analyzer'),
      groupId: config.ANALYZER_GROUP_ID,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 20_000,
    });
    try {
      const manual = await resumeOffsets(c);
      const s = await c.consume({
        topics: [config.topics.vitals],
        ...(manual ? { mode: 'manual' as const, offsets: manual } : { mode: 'committed' as const, fallbackMode: 'earliest' as const }),
        autocommit: false,
        // Return a fetch as soon as any reading is there; wait at most 100 ms when idle.
        minBytes: 1,
        maxWaitTime: 100,
        // The client pushes a whole fetch response through onMessage in one synchronous run. With
        // the default 10 MB (per partition and per fetch) a backlog came back as ~250k readings
        // at once and held the event loop for 1-2 s: no commit, WebSocket flush or storage batch
        // in between. 128 KB is ~500 readings, ~10 ms of scoring: a reading that arrives behind
        // a backlog waits that long, not a whole fetch's worth (512 KB, ~40 ms, gave a 10,000/s
        // WebSocket p99 of 21–50 ms over three runs; 128 KB gave 14 and 22 ms). A local round
        // trip is ~1 ms, so 50,000 readings/s still need only ~100 fetches a second.
        maxBytes: FETCH_MAX_BYTES,
        highWaterMark: 4096,
      });
      s.on('data', onMessage);
      s.on('error', onStreamError);
      consumer = c;
      stream = s;
    } catch (err) {
      await c.close().catch(() => {});
      throw err;
    }
  }

  /**
   * The client ends a stream for good on a failed fetch (a broker restart, an offset out of
   * range). Monitoring must not end with it: health turns degraded at once, and a new consumer
   * rejoins the group with backoff, resuming from the committed offsets (readings processed but
   * not yet committed are replayed; the engine drops what it has already seen).
   */
  function onStreamError(err: Error): void {
    if (stopped) return;
    const first = consumerError === null;
    consumerError = explainKafkaError(err);
    if (first) log('error', `consumer stream error: ${consumerError}; reconnecting`);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (reconnectTimer !== null || stopped) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** reconnectAttempt);
    reconnectAttempt++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void reconnect();
    }, delay);
  }

  async function reconnect(): Promise<void> {
    const old = { stream, consumer };
    stream = null;
    consumer = null;
    if (old.stream) old.stream.removeListener('data', onMessage);
    await old.stream?.close().catch(() => {});
    // Forced: the old connections may be dead, and leaving the group politely would wait on them.
    if (old.consumer) await new Promise<void>((resolve) => old.consumer!.close(true, () => resolve()));
    if (stopped) return;
    try {
      await openConsumer();
      log('info', `analyzer rejoined group ${config.ANALYZER_GROUP_ID} after ${reconnectAttempt} attempt(s)`);
      consumerError = null;
      reconnectAttempt = 0;
    } catch (err) {
      consumerError = explainKafkaError(err);
      if (reconnectAttempt % 10 === 1) log('warn', `analyzer cannot rejoin the group yet (attempt ${reconnectAttempt}): ${consumerError}`);
      scheduleReconnect();
    }
  }

  return {
    stats,
    consumer: () => consumer,
    healthy: () => !commitBlocked && consumerError === null,
    consuming: () => consumerError === null,
    consumerError: () => consumerError,
    async start() {
      await openConsumer();
      scheduleCommit();
      log('info', `analyzer joined group ${config.ANALYZER_GROUP_ID} on ${config.topics.vitals}`);
    },
    async publishTransition(t) {
      bus.emit({ type: 'alert', transition: t });
      await writeAlerts([t]);
    },
    async flush() {
      await (committing = committing.then(commitProcessed));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (commitTimer) clearTimeout(commitTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      // Stop taking readings, let the outputs of those taken land, commit while still a group
      // member, and only then leave the group.
      if (stream) {
        stream.removeListener('data', onMessage);
        stream.pause();
      }
      await committing.catch(() => {});
      await Promise.allSettled([...pendingWrites]);
      await storeAlerts.idle();
      await commitProcessed().catch((err) => log('warn', `final commit failed; the last readings will be replayed on restart: ${(err as Error).message}`));
      if (stream) await stream.close().catch(() => {});
      await consumer?.close().catch(() => {});
      await producer.close().catch(() => {});
    },
  };
}
