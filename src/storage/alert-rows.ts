/**
 * Alerts in DuckDB: the current row per alertId, and one history row per (alertId, revision).
 * The current row only ever moves to a higher revision, so a replayed or reordered `pet-alerts`
 * stream cannot make an alert go backwards. The Alert itself is kept as JSON so it round-trips
 * exactly; the other columns exist to filter and sort.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import {
  AlertKindSchema,
  AlertStatusSchema,
  type Alert,
  type AlertStatus,
  type AlertValues,
  type Severity,
} from '../domain/alert.ts';

/** Rows per multi-row INSERT: keeps each statement's parameter list small. */
const ALERTS_PER_STATEMENT = 200;

export const MAX_ALERT_LIST = 1000;

export const ListAlertsQuerySchema = z.object({
  petId: z.string().min(1).optional(),
  /** 'open' = active or acknowledged. */
  status: z.union([AlertStatusSchema, z.literal('open')]).optional(),
  kind: AlertKindSchema.optional(),
  /** Newest first, at most MAX_ALERT_LIST (larger values are capped). */
  limit: z.number().int().positive().default(100).transform((v) => Math.min(v, MAX_ALERT_LIST)),
  /** Only alerts changed at or after this time (updatedAt, ms). */
  since: z.number().optional(),
});
/** `kind` is typed as a string so HTTP query strings pass through; an unknown kind is a BAD_REQUEST. */
export type ListAlertsQuery = Omit<z.input<typeof ListAlertsQuerySchema>, 'kind'> & { kind?: string };
type ParsedListAlertsQuery = z.output<typeof ListAlertsQuerySchema>;

/** One row of an alert's history: what changed at each revision. */
export type AlertEvent = {
  alertId: string;
  revision: number;
  status: AlertStatus;
  severity: Severity;
  /** The alert's updatedAt at that revision. */
  at: number;
  values: AlertValues;
};

/** Keeps the highest revision per alertId: DuckDB refuses to upsert one key twice in a statement. */
function highestRevisions(alerts: readonly Alert[]): Alert[] {
  const best = new Map<string, Alert>();
  for (const a of alerts) {
    const seen = best.get(a.alertId);
    if (!seen || a.revision > seen.revision) best.set(a.alertId, a);
  }
  return [...best.values()];
}

/** Distinct (alertId, revision) pairs, first occurrence wins. */
function distinctRevisions(alerts: readonly Alert[]): Alert[] {
  const seen = new Map<string, Alert>();
  for (const a of alerts) {
    const key = `${a.alertId}\u0000${a.revision}`;
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}

function placeholders(rows: number, cols: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const ps: string[] = [];
    for (let c = 1; c <= cols; c++) ps.push(`$${r * cols + c}`);
    out.push(`(${ps.join(', ')})`);
  }
  return out.join(', ');
}

/** Writes alerts and their history rows; call inside a transaction on the writer connection. */
export async function upsertAlertRows(conn: DuckDBConnection, alerts: readonly Alert[]): Promise<void> {
  const current = highestRevisions(alerts);
  for (let i = 0; i < current.length; i += ALERTS_PER_STATEMENT) {
    const chunk = current.slice(i, i + ALERTS_PER_STATEMENT);
    const values = chunk.flatMap((a) => [
      a.alertId, a.petId, a.kind, a.status, a.severity, a.revision, a.openedAt, a.updatedAt, JSON.stringify(a),
    ]);
    await conn.run(
      `INSERT INTO alerts (alert_id, pet_id, kind, status, severity, revision, opened_at, updated_at, doc)
       VALUES ${placeholders(chunk.length, 9)}
       ON CONFLICT (alert_id) DO UPDATE SET
         pet_id = excluded.pet_id, kind = excluded.kind, status = excluded.status,
         severity = excluded.severity, revision = excluded.revision, opened_at = excluded.opened_at,
         updated_at = excluded.updated_at, doc = excluded.doc
       WHERE excluded.revision > alerts.revision`,
      values,
    );
  }
  const history = distinctRevisions(alerts);
  for (let i = 0; i < history.length; i += ALERTS_PER_STATEMENT) {
    const chunk = history.slice(i, i + ALERTS_PER_STATEMENT);
    const values = chunk.flatMap((a) => [
      a.alertId, a.revision, a.status, a.severity, a.updatedAt, JSON.stringify(a.values),
    ]);
    await conn.run(
      `INSERT INTO alert_events (alert_id, revision, status, severity, changed_at, values_json)
       VALUES ${placeholders(chunk.length, 6)}
       ON CONFLICT (alert_id, revision) DO NOTHING`,
      values,
    );
  }
}

export async function selectAlert(conn: DuckDBConnection, alertId: string): Promise<Alert | null> {
  const reader = await conn.runAndReadAll(`SELECT doc FROM alerts WHERE alert_id = $1`, [alertId]);
  const doc = reader.getRows()[0]?.[0];
  return typeof doc === 'string' ? (JSON.parse(doc) as Alert) : null;
}

export async function selectAlerts(conn: DuckDBConnection, q: ParsedListAlertsQuery): Promise<Alert[]> {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: q.limit };
  if (q.petId !== undefined) {
    where.push('pet_id = $petId');
    params.petId = q.petId;
  }
  if (q.status === 'open') where.push(`status IN ('active', 'acknowledged')`);
  else if (q.status !== undefined) {
    where.push('status = $status');
    params.status = q.status;
  }
  if (q.kind !== undefined) {
    where.push('kind = $kind');
    params.kind = q.kind;
  }
  if (q.since !== undefined) {
    where.push('updated_at >= $since');
    params.since = Math.floor(q.since);
  }
  const reader = await conn.runAndReadAll(
    `SELECT doc FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY opened_at DESC, alert_id DESC LIMIT $limit`,
    params,
  );
  return reader.getRows().map((row) => JSON.parse(String(row[0])) as Alert);
}

/** Alerts not yet resolved, oldest first: what a restarted analyzer must continue. */
export async function selectOpenAlerts(conn: DuckDBConnection): Promise<Alert[]> {
  const reader = await conn.runAndReadAll(
    `SELECT doc FROM alerts WHERE status IN ('active', 'acknowledged') ORDER BY opened_at, alert_id`,
  );
  return reader.getRows().map((row) => JSON.parse(String(row[0])) as Alert);
}

export async function selectAlertHistory(conn: DuckDBConnection, alertId: string): Promise<AlertEvent[]> {
  const reader = await conn.runAndReadAll(
    `SELECT revision, status, severity, changed_at, values_json FROM alert_events WHERE alert_id = $1 ORDER BY revision`,
    [alertId],
  );
  return reader.getRows().map(([revision, status, severity, at, valuesJson]) => ({
    alertId,
    revision: Number(revision),
    status: status as AlertStatus,
    severity: severity as Severity,
    at: Number(at),
    values: JSON.parse(String(valuesJson)) as AlertValues,
  }));
}
