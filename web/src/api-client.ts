/**
 * REST calls the dashboard makes (same origin). Errors come back as {error:{code,message}}; they
 * are turned into one error type, and errorMessage() makes the sentence a user sees (no codes).
 */
import type { ApiError, ScenarioRequest } from '../../src/api/protocol.ts';
import type { Alert } from '../../src/domain/alert.ts';
import type { VitalsPoint } from './series-buffer.ts';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export type VitalsResponse = {
  petId: string;
  resolution: string;
  points: (VitalsPoint & { activity: number | null; signalQuality: number | null; batteryPct: number | null })[];
};

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  // No content-type without a body: Fastify rejects an empty body declared as JSON.
  const init: RequestInit = { method, signal: signal ?? null, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiRequestError(0, 'NETWORK', 'Could not reach the PetTwin server. Check that it is running, then try again.');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiRequestError(res.status, 'BAD_RESPONSE', `The server sent an unreadable answer (HTTP ${res.status}). Try again in a moment.`);
  }
  if (!res.ok) {
    const err = (json as Partial<ApiError> | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `The server could not complete the request (HTTP ${res.status}).`);
  }
  return json as T;
}

export async function ackAlert(alertId: string): Promise<Alert> {
  const r = await request<{ alert: Alert }>('POST', `/api/v1/alerts/${encodeURIComponent(alertId)}/ack`);
  return r.alert;
}

export async function injectScenario(req: ScenarioRequest): Promise<void> {
  await request<{ accepted: true }>('POST', '/api/v1/scenarios', req);
}

export function fetchVitals(petId: string, from: number, to: number, limit: number, signal?: AbortSignal): Promise<VitalsResponse> {
  const q = new URLSearchParams({ from: String(from), to: String(to), resolution: 'auto', limit: String(limit) });
  return request<VitalsResponse>('GET', `/api/v1/pets/${encodeURIComponent(petId)}/vitals?${q}`, undefined, signal);
}

/** A sentence for the user: the server's own message, capitalised and ended; the code stays in the console. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) console.warn(`API error ${err.code} (HTTP ${err.status}): ${err.message}`);
  const raw = (err instanceof Error ? err.message : String(err)).trim();
  if (!raw) return 'Something went wrong. Try again.';
  const sentence = raw.charAt(0).toUpperCase() + raw.slice(1);
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
}
