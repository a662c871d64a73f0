/**
 * Long-term storage in an embedded DuckDB file: pets, raw readings (kept RAW_RETENTION_DAYS),
 * a per-minute rollup (kept for ever), alerts with their history, and the analyzer's snapshots.
 *
 * Boundaries: this module does no Kafka and no HTTP. Readings arrive already validated; the
 * runtime decides when to call rollup() and pruneRaw(). Bulk writes (readings, rollup, prune)
 * and engine snapshots go through one connection with a serial queue (temp tables are per
 * connection); alerts and pets through a second one, so an alert is stored (and its reading's
 * offset committed) without waiting behind a reading batch or a snapshot part; reads use their
 * own connections, so a dashboard query never waits behind a bulk insert and vice versa. The
 * tables the two writers touch are disjoint, so DuckDB's optimistic concurrency never makes one
 * abort the other.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { Alert } from '../domain/alert.ts';
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { PetTwinError } from '../errors.ts';
import {
  ListAlertsQuerySchema,
  selectAlert,
  selectAlertHistory,
  selectAlerts,
  selectOpenAlerts,
  upsertAlertRows,
  type AlertEvent,
  type ListAlertsQuery,
} from './alert-rows.ts';
import { ConnectionLane, storageError, withTransaction } from './connection-lane.ts';
import { appendReadingBatch, serializeReadings, type SerializedReadings } from './reading-append.ts';
import { rollupInTransaction, type RollupState } from './rollup.ts';
import { META, SCHEMA_VERSION, createSchema, readMeta } from './schema.ts';
import {
  MinuteQuerySchema,
  VitalsQuerySchema,
  selectMinutes,
  selectVitals,
  type MinuteQuery,
  type MinuteRollup,
  type VitalsQuery,
  type VitalsSeries,
} from './vitals-query.ts';

export type { AlertEvent, ListAlertsQuery } from './alert-rows.ts';
export type { SerializedReadings } from './reading-append.ts';
export type { MinuteQuery, MinuteRollup, VitalsPoint, VitalsQuery, VitalsSeries } from './vitals-query.ts';
export { AUTO_RAW_MAX_RANGE_MS, MAX_VITALS_LIMIT, MinuteQuerySchema, VitalsQuerySchema } from './vitals-query.ts';
export { ListAlertsQuerySchema, MAX_ALERT_LIST } from './alert-rows.ts';

export const DEFAULT_DB_FILE = 'pettwin.duckdb';
/** The file reading batches are staged in for DuckDB's read_json (see reading-append.ts), rewritten per batch. */
const STAGE_FILE = 'readings-stage.ndjson';
export const DEFAULT_RAW_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;
/** Read connections: two lets a slow chart query and a quick alert list run side by side. */
const READ_LANES = 2;

export type StoreOptions = {
  /** Folder for the database file, created if missing; ':memory:' for a throw-away database. */
  dataDir: string;
  fileName?: string;
  rawRetentionDays?: number;
  log?: (msg: string) => void;
  /** Wall clock, injectable for tests (only snapshot timestamps use it). */
  now?: () => number;
};

export type StoreStats = { readings: number; alerts: number; pets: number };

export interface Store {
  /** Absolute path of the database file, or ':memory:'. */
  readonly path: string;
  upsertPet(p: PetProfile): Promise<void>;
  listPets(): Promise<PetProfile[]>;
  getPet(id: string): Promise<PetProfile | null>;
  /** Bulk insert; readings whose eventId is already stored are skipped. Resolves to how many were new. */
  appendReadings(readings: readonly VitalsReading[]): Promise<number>;
  /** appendReadings for readings already serialised (what the reading writer queues). */
  appendSerialized(readings: SerializedReadings): Promise<number>;
  /** Rolls complete minutes before `uptoTs` into the per-minute table; idempotent. Resolves to minute rows changed. */
  rollup(uptoTs: number): Promise<number>;
  /** Chart points, ascending; over `limit`, the latest ones. 'auto' = raw up to 2 h, minutes beyond. */
  queryVitals(petId: string, q: VitalsQuery): Promise<VitalsSeries>;
  /** Per-minute count and avg/min/max, ascending, including minutes not yet rolled up. */
  queryMinutes(petId: string, q: MinuteQuery): Promise<MinuteRollup[]>;
  upsertAlert(a: Alert): Promise<void>;
  upsertAlerts(alerts: readonly Alert[]): Promise<void>;
  getAlert(alertId: string): Promise<Alert | null>;
  listAlerts(q?: ListAlertsQuery): Promise<Alert[]>;
  alertHistory(alertId: string): Promise<AlertEvent[]>;
  openAlerts(): Promise<Alert[]>;
  saveSnapshot(name: string, json: unknown): Promise<void>;
  loadSnapshot(name: string): Promise<unknown | null>;
  /** Rolls up, then deletes raw readings older than rawRetentionDays before `nowTs`. Resolves to rows deleted. */
  pruneRaw(nowTs: number): Promise<number>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

/**
 * Files open in this process. DuckDB's file lock only keeps other processes out: a second
 * instance on the same file in this process opens without error, and the two would then write
 * the file without coordinating.
 */
const openFiles = new Set<string>();

/** DuckDB worker threads: storage is batched and off the alert path, so one is enough. */
const DUCKDB_THREADS = 1;
/** DuckDB's buffer pool cap; history queries spill beyond it rather than grow the process. */
const DUCKDB_MEMORY_MB = 256;

export async function openStore(opts: StoreOptions): Promise<Store> {
  const inMemory = opts.dataDir === ':memory:';
  let path = ':memory:';
  if (!inMemory) {
    try {
      mkdirSync(opts.dataDir, { recursive: true });
    } catch (err) {
      throw storageError(`creating data folder ${opts.dataDir}`, err);
    }
    path = resolve(join(opts.dataDir, opts.fileName ?? DEFAULT_DB_FILE));
    if (openFiles.has(path)) {
      throw new PetTwinError('STORAGE_FAILED', `${path} is already open in this process: close the other store first`);
    }
    openFiles.add(path);
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      // The analyzer shares a small machine with the broker: one DuckDB worker thread and a
      // bounded buffer pool (DuckDB's default is 80 % of RAM) keep storage from starving the
      // alert path or growing the process without limit.
      threads: String(DUCKDB_THREADS),
      memory_limit: `${DUCKDB_MEMORY_MB}MB`,
    });
  } catch (err) {
    openFiles.delete(path);
    throw storageError(`opening ${path} (is another pettwin process using it?)`, err);
  }
  const lanes: ConnectionLane[] = [];
  try {
    const writer = await ConnectionLane.open(instance);
    lanes.push(writer);
    const state = await writer.run('creating schema', async (conn) => {
      await createSchema(conn);
      const version = (await readMeta(conn, META.schemaVersion)) ?? SCHEMA_VERSION;
      if (version > SCHEMA_VERSION) {
        throw new PetTwinError(
          'STORAGE_FAILED',
          `${path} has schema version ${version}, newer than this build (${SCHEMA_VERSION}): upgrade pettwin or use another DATA_DIR`,
        );
      }
      const rollup: RollupState = {
        end: (await readMeta(conn, META.rollupEnd)) ?? 0,
        batch: (await readMeta(conn, META.rollupBatch)) ?? 0,
      };
      const maxBatch = await conn.runAndReadAll('SELECT coalesce(max(batch), 0) FROM readings');
      const lastBatch = Math.max(Number(maxBatch.getRows()[0]?.[0] ?? 0), rollup.batch);
      return { rollup, lastBatch };
    });
    const control = await ConnectionLane.open(instance);
    lanes.push(control);
    const readers: ConnectionLane[] = [];
    for (let i = 0; i < READ_LANES; i++) readers.push(await ConnectionLane.open(instance));
    lanes.push(...readers);
    // Batches are staged in a temp folder of this store's own (often RAM-backed), removed on
    // close: nothing in DATA_DIR but the database, and a staging write never touches it.
    const stageDir = mkdtempSync(join(tmpdir(), 'pettwin-stage-'));
    const stagePath = join(stageDir, STAGE_FILE);
    opts.log?.(`storage: opened ${path}`);
    return new DuckDBStore(path, instance, writer, control, readers, state.rollup, state.lastBatch, { stagePath, stageDir }, opts);
  } catch (err) {
    for (const lane of lanes) await lane.close().catch(() => undefined);
    instance.closeSync();
    openFiles.delete(path);
    throw storageError(`opening ${path}`, err);
  }
}

class DuckDBStore implements Store {
  private closing: Promise<void> | null = null;
  private readonly retentionMs: number;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: ConnectionLane,
    /** Small, latency-sensitive writes: alerts and pets. (Engine snapshots are bulk: ~8 KB per
     * pet, 80 MB for 10,000 pets every 5 minutes, so they queue with the readings instead.) */
    private readonly control: ConnectionLane,
    private readonly readers: ConnectionLane[],
    private rollupState: RollupState,
    /** Highest append batch number used; the next append uses lastBatch + 1. */
    private lastBatch: number,
    private readonly stage: { stagePath: string; stageDir: string },
    private readonly opts: StoreOptions,
  ) {
    this.retentionMs = (opts.rawRetentionDays ?? DEFAULT_RAW_RETENTION_DAYS) * DAY_MS;
    this.now = opts.now ?? Date.now;
  }

  private write<T>(op: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.assertOpen(op);
    return this.writer.run(op, fn);
  }

  private writeControl<T>(op: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.assertOpen(op);
    return this.control.run(op, fn);
  }

  private read<T>(op: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.assertOpen(op);
    let lane = this.readers[0]!;
    for (const r of this.readers) if (r.pending < lane.pending) lane = r;
    return lane.run(op, fn);
  }

  private assertOpen(op: string): void {
    if (this.closing) throw new PetTwinError('STORAGE_FAILED', `${op} failed: the store is closed`);
  }

  async upsertPet(p: PetProfile): Promise<void> {
    await this.writeControl('upsertPet', (conn) =>
      conn.run(
        `INSERT INTO pets VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, species = excluded.species,
           breed = excluded.breed, weight_kg = excluded.weight_kg, age_years = excluded.age_years`,
        [p.id, p.name, p.species, p.breed, p.weightKg, p.ageYears],
      ),
    );
  }

  async listPets(): Promise<PetProfile[]> {
    const reader = await this.read('listPets', (conn) => conn.runAndReadAll(`SELECT * FROM pets ORDER BY id`));
    return reader.getRows().map(toPet);
  }

  async getPet(id: string): Promise<PetProfile | null> {
    const reader = await this.read('getPet', (conn) => conn.runAndReadAll(`SELECT * FROM pets WHERE id = $1`, [id]));
    const row = reader.getRows()[0];
    return row ? toPet(row) : null;
  }

  async appendReadings(readings: readonly VitalsReading[]): Promise<number> {
    return this.appendSerialized(serializeReadings(readings));
  }

  async appendSerialized(readings: SerializedReadings): Promise<number> {
    if (readings.lines.length === 0) return 0;
    return this.write('appendReadings', async (conn) => {
      const batch = this.lastBatch + 1;
      this.lastBatch = batch;
      return appendReadingBatch(conn, readings, batch, this.stage.stagePath);
    });
  }

  async rollup(uptoTs: number): Promise<number> {
    return this.write('rollup', (conn) => this.rollupOn(conn, uptoTs));
  }

  /** Runs on the writer lane; in-memory state changes only after the commit. */
  private async rollupOn(conn: DuckDBConnection, uptoTs: number): Promise<number> {
    const result = await withTransaction(conn, (c) => rollupInTransaction(c, this.rollupState, uptoTs, this.lastBatch));
    this.rollupState = result.state;
    return result.minutes;
  }

  async queryVitals(petId: string, q: VitalsQuery): Promise<VitalsSeries> {
    const parsed = parseOrBadRequest(VitalsQuerySchema, q, 'queryVitals');
    return this.read('queryVitals', (conn) => selectVitals(conn, petId, parsed, this.rollupState.end));
  }

  async queryMinutes(petId: string, q: MinuteQuery): Promise<MinuteRollup[]> {
    const parsed = parseOrBadRequest(MinuteQuerySchema, q, 'queryMinutes');
    return this.read('queryMinutes', (conn) => selectMinutes(conn, petId, parsed, this.rollupState.end));
  }

  async upsertAlert(a: Alert): Promise<void> {
    await this.upsertAlerts([a]);
  }

  async upsertAlerts(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    await this.writeControl('upsertAlerts', (conn) => withTransaction(conn, (c) => upsertAlertRows(c, alerts)));
  }

  async getAlert(alertId: string): Promise<Alert | null> {
    return this.read('getAlert', (conn) => selectAlert(conn, alertId));
  }

  async listAlerts(q: ListAlertsQuery = {}): Promise<Alert[]> {
    const parsed = parseOrBadRequest(ListAlertsQuerySchema, q, 'listAlerts');
    return this.read('listAlerts', (conn) => selectAlerts(conn, parsed));
  }

  async alertHistory(alertId: string): Promise<AlertEvent[]> {
    return this.read('alertHistory', (conn) => selectAlertHistory(conn, alertId));
  }

  async openAlerts(): Promise<Alert[]> {
    return this.read('openAlerts', (conn) => selectOpenAlerts(conn));
  }

  async saveSnapshot(name: string, json: unknown): Promise<void> {
    const text = JSON.stringify(json);
    if (text === undefined) {
      throw new PetTwinError('STORAGE_FAILED', `saveSnapshot(${name}) failed: the value is not JSON-serialisable`);
    }
    await this.write('saveSnapshot', (conn) =>
      conn.run(
        `INSERT INTO snapshots VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at`,
        [name, text, Math.floor(this.now())],
      ),
    );
  }

  async loadSnapshot(name: string): Promise<unknown | null> {
    const reader = await this.read('loadSnapshot', (conn) =>
      conn.runAndReadAll(`SELECT json FROM snapshots WHERE name = $1`, [name]),
    );
    const text = reader.getRows()[0]?.[0];
    return typeof text === 'string' ? (JSON.parse(text) as unknown) : null;
  }

  async pruneRaw(nowTs: number): Promise<number> {
    const cutoff = Math.floor(nowTs - this.retentionMs);
    return this.write('pruneRaw', async (conn) => {
      // Roll up first so no reading leaves the raw table before it is counted in its minute.
      await this.rollupOn(conn, cutoff);
      const result = await conn.run(`DELETE FROM readings WHERE ts < ${cutoff}`);
      const deleted = Number(result.rowsChanged);
      if (deleted > 0) this.opts.log?.(`storage: pruned ${deleted} raw readings older than ${new Date(cutoff).toISOString()}`);
      return deleted;
    });
  }

  async stats(): Promise<StoreStats> {
    const reader = await this.read('stats', (conn) =>
      conn.runAndReadAll(
        `SELECT (SELECT count(*) FROM readings), (SELECT count(*) FROM alerts), (SELECT count(*) FROM pets)`,
      ),
    );
    const [readings, alerts, pets] = reader.getRows()[0] ?? [0, 0, 0];
    return { readings: Number(readings), alerts: Number(alerts), pets: Number(pets) };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    try {
      // Folding the write-ahead log into the file now makes the next open fast.
      // Alert and snapshot writes queued before close land first.
      await this.control.run('draining writes', async () => undefined).catch(() => undefined);
      if (this.path !== ':memory:') await this.writer.run('checkpoint', (conn) => conn.run('CHECKPOINT'));
    } catch (err) {
      this.opts.log?.(`storage: checkpoint on close failed: ${(err as Error).message}`);
    } finally {
      for (const lane of [...this.readers, this.control, this.writer]) await lane.close().catch(() => undefined);
      this.instance.closeSync();
      rmSync(this.stage.stageDir, { recursive: true, force: true });
      openFiles.delete(this.path);
      this.opts.log?.(`storage: closed ${this.path}`);
    }
  }
}

function toPet(row: readonly unknown[]): PetProfile {
  const [id, name, species, breed, weightKg, ageYears] = row;
  return {
    id: String(id),
    name: String(name),
    species: species as PetProfile['species'],
    breed: String(breed),
    weightKg: Number(weightKg),
    ageYears: Number(ageYears),
  };
}

function parseOrBadRequest<S extends z.ZodType>(schema: S, value: unknown, op: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : '(root)';
  throw new PetTwinError('BAD_REQUEST', `${op}: ${where} ${issue.message}`);
}
