/**
 * A DuckDB connection with a serial queue in front of it. Statements on one connection do not
 * run in parallel anyway, and a new statement silently ends an open streaming result: reading
 * 1M streamed rows with another query in between returned 4,096 rows and no error. Separate
 * connections of one instance do run concurrently under DuckDB's MVCC, so the store gives
 * writes one lane and reads their own lanes: an API query never waits behind a bulk insert.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { PetTwinError, isPetTwinError } from '../errors.ts';

export class ConnectionLane {
  private tail: Promise<unknown> = Promise.resolve();
  /** Operations queued or running; the read pool picks the least busy lane. */
  pending = 0;

  private constructor(readonly conn: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<ConnectionLane> {
    return new ConnectionLane(await instance.connect());
  }

  /** Runs `fn` after every operation queued before it; failures become PETTWIN_STORAGE_FAILED. */
  run<T>(op: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(async () => {
      try {
        return await fn(this.conn);
      } catch (err) {
        throw storageError(op, err);
      } finally {
        this.pending--;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Like run, inside BEGIN … COMMIT, rolled back when `fn` throws. */
  transaction<T>(op: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.run(op, (conn) => withTransaction(conn, fn));
  }

  /** Waits for queued work, then disconnects. */
  async close(): Promise<void> {
    await this.tail;
    this.conn.closeSync();
  }
}

/** Runs `fn` inside BEGIN … COMMIT on `conn`, rolling back when it throws. */
export async function withTransaction<T>(conn: DuckDBConnection, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const out = await fn(conn);
    await conn.run('COMMIT');
    return out;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export function storageError(op: string, err: unknown): PetTwinError {
  if (isPetTwinError(err)) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new PetTwinError('STORAGE_FAILED', `${op} failed: ${msg}`, { cause: err });
}
