/**
 * Decouples the analyzer from storage: `add()` puts a reading in a bounded in-memory ring and
 * returns at once; batches go to the store when `maxBatch` readings are waiting or `flushMs`
 * after the first one arrived, whichever comes first. The analyzer's alert path therefore never
 * waits for DuckDB. Storage is best-effort next to Kafka: when the database falls behind, the
 * oldest queued readings are dropped and counted, rather than memory growing without bound.
 */
import type { VitalsReading } from '../domain/reading.ts';
import { PetTwinError } from '../errors.ts';
import type { Store } from './store.ts';

export const DEFAULT_MAX_BATCH = 5000;
export const DEFAULT_FLUSH_MS = 250;
/**
 * Readings waiting for storage. The bound protects the analyzer's process memory when DuckDB
 * stalls (disk full, long checkpoint): 200k readings is ~4 s of a 50k/s stream, or ~2 days of
 * one collar; full, it holds ~55 MB of heap (measured for 200k readings parsed from JSON).
 */
export const DEFAULT_MAX_QUEUED = 200_000;

export type ReadingWriterOptions = {
  maxBatch?: number;
  flushMs?: number;
  maxQueued?: number;
  /** Called for every reading dropped because the queue was full (or the writer closed). */
  onDrop?: (dropped: VitalsReading, droppedTotal: number) => void;
  log?: (msg: string) => void;
};

export type ReadingWriterStats = {
  /** Readings waiting in the queue (not counting a batch being written). */
  queued: number;
  /** Readings the store accepted (including replayed duplicates it skipped). */
  written: number;
  /** Readings dropped because the queue was full or the writer was closed. */
  dropped: number;
  /** Readings in batches the store failed to write. */
  failed: number;
  /** Duration of the last batch write, ms; null before the first one. */
  lastFlushMs: number | null;
};

export interface ReadingWriter {
  /** O(1), never waits, never throws. */
  add(reading: VitalsReading): void;
  /** Writes everything queued at the time of the call; resolves when it is stored. */
  flush(): Promise<void>;
  stats(): ReadingWriterStats;
  /** Stops the timer and flushes what is queued. Idempotent. */
  close(): Promise<void>;
}

export function createReadingWriter(
  store: Pick<Store, 'appendReadings'>,
  opts: ReadingWriterOptions = {},
): ReadingWriter {
  const maxBatch = positiveInt(opts.maxBatch ?? DEFAULT_MAX_BATCH, 'maxBatch');
  const flushMs = positiveInt(opts.flushMs ?? DEFAULT_FLUSH_MS, 'flushMs');
  const capacity = positiveInt(opts.maxQueued ?? DEFAULT_MAX_QUEUED, 'maxQueued');

  // Ring buffer of `size` readings starting at `head`, allocated on first use.
  let ring: (VitalsReading | undefined)[] | null = null;
  let head = 0;
  let size = 0;

  let written = 0;
  let dropped = 0;
  let failed = 0;
  let lastFlushMs: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let closing: Promise<void> | null = null;
  /** Every write runs after the previous one, so batches reach the store in arrival order. */
  let chain: Promise<void> = Promise.resolve();
  let drainScheduled = false;

  function drop(r: VitalsReading): void {
    dropped++;
    opts.onDrop?.(r, dropped);
  }

  function push(r: VitalsReading): void {
    ring ??= new Array<VitalsReading | undefined>(capacity).fill(undefined);
    if (size === capacity) {
      const oldest = ring[head]!;
      ring[head] = undefined;
      head = (head + 1) % capacity;
      size--;
      drop(oldest);
    }
    ring[(head + size) % capacity] = r;
    size++;
  }

  function take(n: number): VitalsReading[] {
    const out = new Array<VitalsReading>(n);
    for (let i = 0; i < n; i++) {
      out[i] = ring![head]!;
      ring![head] = undefined;
      head = (head + 1) % capacity;
    }
    size -= n;
    return out;
  }

  async function writeBatch(batch: VitalsReading[]): Promise<void> {
    const started = performance.now();
    try {
      await store.appendReadings(batch);
      written += batch.length;
    } catch (err) {
      failed += batch.length;
      opts.log?.(`storage: writing ${batch.length} readings failed: ${(err as Error).message}`);
    } finally {
      lastFlushMs = performance.now() - started;
    }
  }

  /** Writes up to `limit` queued readings in batches of maxBatch, then re-arms as needed. */
  async function writeQueued(limit: number): Promise<void> {
    let remaining = limit;
    while (remaining > 0 && size > 0) {
      const batch = take(Math.min(maxBatch, size, remaining));
      remaining -= batch.length;
      await writeBatch(batch);
    }
    afterWrite();
  }

  function afterWrite(): void {
    if (size >= maxBatch) scheduleDrain();
    else if (size > 0) armTimer();
  }

  function enqueue(limit: () => number): Promise<void> {
    const step = chain.then(() => writeQueued(limit()));
    chain = step.catch(() => undefined);
    return step;
  }

  function scheduleDrain(): void {
    if (drainScheduled) return;
    drainScheduled = true;
    clearTimer();
    void enqueue(() => {
      drainScheduled = false;
      return size;
    });
  }

  function armTimer(): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      scheduleDrain();
    }, flushMs);
    // The writer alone must not keep the process alive; close() flushes on shutdown.
    timer.unref?.();
  }

  function clearTimer(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return {
    add(reading) {
      if (closed) {
        drop(reading);
        return;
      }
      push(reading);
      if (size >= maxBatch) scheduleDrain();
      else armTimer();
    },
    flush() {
      clearTimer();
      const target = size;
      return enqueue(() => target);
    },
    stats() {
      return { queued: size, written, dropped, failed, lastFlushMs };
    },
    close() {
      closing ??= (async () => {
        closed = true;
        clearTimer();
        await enqueue(() => size);
        clearTimer();
      })();
      return closing;
    },
  };
}

function positiveInt(v: number, name: string): number {
  if (!Number.isInteger(v) || v <= 0) {
    throw new PetTwinError('CONFIG_INVALID', `createReadingWriter: ${name} must be a positive integer, got ${v}`);
  }
  return v;
}
