/**
 * Decouples the analyzer from storage: `add()` serialises a reading into a bounded in-memory
 * ring and returns at once; batches go to the store when `maxBatch` readings are waiting or
 * `flushMs` after the first one arrived, whichever comes first. The analyzer's alert path
 * therefore never waits for DuckDB. Storage is best-effort next to Kafka: when the database falls
 * behind, the oldest queued readings are dropped and counted, rather than memory growing without
 * bound.
 *
 * Why the line is made in add(): a reading from Kafka usually arrives as exactly the JSON line
 * storage wants (rawReadingIsStorable), so the ring keeps a copy of those bytes (a quote count and
 * a 230-byte copy, ~0.4 µs) and only other readings are serialised (~1.5 µs each, plus ~0.5 µs to encode the
 * joined text again at write time). Serialising at write time, in slices with a yield in
 * between, took one event-loop turn per slice, and a turn of a saturated analyzer lasts a whole
 * Kafka fetch: at 50,000 readings/s storage then fell to ~15,000/s. The ring holds one flat line
 * per reading (not the parsed object), which is also cheaper for the garbage collector to keep.
 */
import { rawReadingIsStorable, type VitalsReading } from '../domain/reading.ts';
import { PetTwinError } from '../errors.ts';
import type { SerializedReadings, Store } from './store.ts';

export const DEFAULT_MAX_BATCH = 5000;
export const DEFAULT_FLUSH_MS = 250;
/**
 * Readings waiting for storage. The bound protects the analyzer's process memory when DuckDB
 * stalls (disk full, long checkpoint): 200k readings is ~4 s of a 50k/s stream, or ~2 days of
 * one collar; full, it holds ~55 MB of heap (200k serialised readings of ~230 bytes).
 */
export const DEFAULT_MAX_QUEUED = 200_000;

export type ReadingWriterOptions = {
  maxBatch?: number;
  flushMs?: number;
  maxQueued?: number;
  /** Called with the eventId of every reading dropped because the queue was full (or the writer closed). */
  onDrop?: (droppedEventId: string, droppedTotal: number) => void;
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
  /** Readings the store refused on their own as unreadable input (the rest of their batch was stored). */
  rejected: number;
  /** Duration of the last batch write, ms; null before the first one. */
  lastFlushMs: number | null;
};

export interface ReadingWriter {
  /** O(1), never waits, never throws. `raw`: the bytes the reading was parsed from, kept as its line when they are one. */
  add(reading: VitalsReading, raw?: Buffer): void;
  /** Writes everything queued at the time of the call; resolves when it is stored. */
  flush(): Promise<void>;
  stats(): ReadingWriterStats;
  /** Stops the timer and flushes what is queued. Idempotent. */
  close(): Promise<void>;
}

export function createReadingWriter(
  store: Pick<Store, 'appendSerialized'>,
  opts: ReadingWriterOptions = {},
): ReadingWriter {
  const maxBatch = positiveInt(opts.maxBatch ?? DEFAULT_MAX_BATCH, 'maxBatch');
  const flushMs = positiveInt(opts.flushMs ?? DEFAULT_FLUSH_MS, 'flushMs');
  const capacity = positiveInt(opts.maxQueued ?? DEFAULT_MAX_QUEUED, 'maxQueued');

  // Ring buffer of `size` readings starting at `head`, allocated on first use: the reading's JSON
  // line (its Kafka bytes, or serialised) and its ts.
  let lines: (string | Buffer | undefined)[] | null = null;
  let tss: Float64Array | null = null;
  let head = 0;
  let size = 0;

  let written = 0;
  let dropped = 0;
  let failed = 0;
  let rejected = 0;
  let lastFlushMs: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let closing: Promise<void> | null = null;
  /** Every write runs after the previous one, so batches reach the store in arrival order. */
  let chain: Promise<void> = Promise.resolve();
  let drainScheduled = false;

  function drop(eventId: () => string): void {
    dropped++;
    // Only a caller that asked (tests, diagnostics) pays for naming the reading.
    opts.onDrop?.(eventId(), dropped);
  }

  function push(r: VitalsReading, raw: Buffer | undefined): void {
    if (lines === null) {
      lines = new Array<string | Buffer | undefined>(capacity).fill(undefined);
      tss = new Float64Array(capacity);
    }
    if (size === capacity) {
      const oldest = lines[head]!;
      lines[head] = undefined;
      head = (head + 1) % capacity;
      size--;
      drop(() => (JSON.parse(oldest.toString()) as VitalsReading).eventId);
    }
    const at = (head + size) % capacity;
    // A copy, not the view: the client's value is a slice of a whole fetch's socket buffer, and
    // while DuckDB stalls 200,000 queued views could each keep a different one alive.
    lines[at] = raw !== undefined && rawReadingIsStorable(raw) ? Buffer.from(raw) : JSON.stringify(r);
    tss![at] = r.ts;
    size++;
  }

  function take(n: number): SerializedReadings {
    const out = new Array<string | Buffer>(n);
    let minTs = Number.POSITIVE_INFINITY;
    let maxTs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      out[i] = lines![head]!;
      const ts = tss![head]!;
      if (ts < minTs) minTs = ts;
      if (ts > maxTs) maxTs = ts;
      lines![head] = undefined;
      head = (head + 1) % capacity;
    }
    size -= n;
    return { lines: out, minTs, maxTs };
  }

  async function writeBatch(batch: SerializedReadings): Promise<void> {
    const started = performance.now();
    try {
      await writeLines(batch);
    } finally {
      lastFlushMs = performance.now() - started;
    }
  }

  /**
   * One batch is one insert, so one line the database cannot read would lose every reading with
   * it (tester report: a byte that is not UTF-8 lost 124 readings of 25 pets). When the store
   * refuses a batch's input, the batch is halved until the refused lines stand alone: ~2 log2(n)
   * extra inserts per bad line, and only that line is not stored. Any other failure (disk full,
   * store closed) fails the batch as it is: halving would only repeat it.
   */
  async function writeLines(batch: SerializedReadings): Promise<void> {
    const n = batch.lines.length;
    try {
      await store.appendSerialized(batch);
      written += n;
    } catch (err) {
      const message = (err as Error).message;
      if (!isInputError(message)) {
        failed += n;
        opts.log?.(`storage: writing ${n} readings failed: ${message}`);
      } else if (n > 1) {
        const half = Math.ceil(n / 2);
        await writeLines({ ...batch, lines: batch.lines.slice(0, half) });
        await writeLines({ ...batch, lines: batch.lines.slice(half) });
      } else {
        rejected++;
        opts.log?.(`storage: a reading was refused and not stored (${message}): ${String(batch.lines[0]).slice(0, 300)}`);
      }
    }
  }

  /** Writes up to `limit` queued readings in batches of maxBatch, then re-arms as needed. */
  async function writeQueued(limit: number): Promise<void> {
    let remaining = limit;
    while (remaining > 0 && size > 0) {
      const batch = take(Math.min(maxBatch, size, remaining));
      remaining -= batch.lines.length;
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
    add(reading, raw) {
      if (closed) {
        drop(() => reading.eventId);
        return;
      }
      push(reading, raw);
      if (size >= maxBatch) scheduleDrain();
      else armTimer();
    },
    flush() {
      clearTimer();
      const target = size;
      return enqueue(() => target);
    },
    stats() {
      return { queued: size, written, dropped, failed, rejected, lastFlushMs };
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

/** DuckDB's error class for input it cannot read (malformed JSON, a value that does not fit its column). */
function isInputError(message: string): boolean {
  return message.includes('Invalid Input Error') || message.includes('Conversion Error');
}
