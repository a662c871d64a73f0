/**
 * Live push to dashboards over one WebSocket per browser. Alert changes are sent the moment the
 * analyzer decides; readings are coalesced (latest per pet) and flushed every READINGS_FLUSH_MS,
 * so a fleet of thousands of collars costs a browser 20 frames a second, not thousands.
 */
import type { WebSocket } from 'ws';
import type { AlertTransition } from '../domain/alert.ts';
import { vitalsOf } from '../domain/vitals-values.ts';
import type { BusEvent } from '../app/event-bus.ts';
import type { ApiDeps } from './deps.ts';
import { ClientFrameSchema, type LiveReading, type ServerFrame } from './protocol.ts';

export const READINGS_FLUSH_MS = 50;
/** A pet's reading is pushed at most this often unless its state changes: a big fleet at a high
 * collar rate would otherwise cost every browser (and the server) a frame per reading. */
const PER_PET_MIN_INTERVAL_MS = 1000;
const STREAM_PUSH_MS = 1000;
/** A browser this far behind skips reading frames (alerts still go); it protects server memory. */
const SKIP_READINGS_ABOVE_BYTES = 4 * 1024 * 1024;
/** A browser this far behind is disconnected; it reconnects and gets a fresh 'hello'. */
const DISCONNECT_ABOVE_BYTES = 32 * 1024 * 1024;
/** Alerts per browser whose "shown" report is still awaited; the oldest are forgotten beyond this. */
const SHOWN_TRACK_MAX = 1_000;
/** A browser's paint time must fall between the push and its report, give or take this much
 * clock skew; anything else (a page load, a wrong clock, a forged frame) is not counted. */
const SHOWN_CLOCK_TOLERANCE_MS = 2_000;
/** Browsers that connect within this long of each other share one 'hello' (every twin, ~600 bytes
 * a pet: ~6 MB at 10,000 pets). Forty tabs opening at once built and buffered it forty times and
 * held the API for seconds (tester report). Its serverTime is then up to this much old, far inside
 * the tolerance the dashboard's clock checks allow. */
const HELLO_REUSE_MS = 250;

type ReadingEvent = Extract<BusEvent, { type: 'reading' }>;
type PetSlot = { event: ReadingEvent | null; pushedAt: number; pushedState: LiveReading['state'] | null };

function liveReading({ reading: r, state }: ReadingEvent): LiveReading {
  return { petId: r.petId, ts: r.ts, ...vitalsOf(r), state };
}

export type WsHub = {
  attach(socket: WebSocket): void;
  clients(): number;
  close(): void;
};

export function createWsHub(deps: ApiDeps): WsHub {
  const sockets = new Set<WebSocket>();
  /** One slot per pet (bounded by the number of pets): its latest reading event not yet pushed,
   * and when and in which state it was last pushed. The bus event is kept as is (the LiveReading
   * is built at flush): most readings are superseded before they are sent, and copying each one
   * cost an allocation per reading on the analyzer's thread. */
  const slots = new Map<string, PetSlot>();
  /** Slots holding an unpushed reading, each once; bounded by the number of pets. A flush walks
   * only these, not a map per pet with a second lookup each. */
  let dirty: PetSlot[] = [];
  /** Per browser: alerts pushed live as 'opened' and not yet reported drawn (alertId → times). */
  const awaitingShown = new WeakMap<WebSocket, Map<string, { sensorTs: number; pushedAt: number }>>();

  let hello: { at: number; data: Buffer } | null = null;

  const send = (ws: WebSocket, frame: ServerFrame | string, isReadings = false) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > DISCONNECT_ABOVE_BYTES) {
      ws.close(1013, 'too far behind; reconnect');
      return;
    }
    if (isReadings && ws.bufferedAmount > SKIP_READINGS_ABOVE_BYTES) return;
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };
  const broadcast = (frame: ServerFrame, isReadings = false) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify(frame);
    for (const ws of sockets) send(ws, text, isReadings);
  };

  const onAlert = (t: AlertTransition) => {
    broadcast({ type: 'alert', change: t.type, alert: t.alert });
    if (t.type !== 'opened') return;
    const pushedAt = (deps.now ?? Date.now)();
    for (const ws of sockets) {
      const pending = awaitingShown.get(ws);
      if (!pending) continue;
      pending.set(t.alert.alertId, { sensorTs: t.alert.sensorTs, pushedAt });
      if (pending.size > SHOWN_TRACK_MAX) pending.delete(pending.keys().next().value!);
    }
  };

  const unsubscribe = deps.bus.subscribe((e: BusEvent) => {
    switch (e.type) {
      case 'alert':
        onAlert(e.transition);
        return;
      case 'reading': {
        const petId = e.reading.petId;
        let slot = slots.get(petId);
        if (slot === undefined) {
          slot = { event: null, pushedAt: Number.NEGATIVE_INFINITY, pushedState: null };
          slots.set(petId, slot);
        }
        if (slot.event === null) dirty.push(slot);
        slot.event = e;
        return;
      }
      case 'pet':
        broadcast({ type: 'pet', twin: e.twin });
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  });

  const flushTimer = setInterval(() => {
    if (dirty.length === 0) return;
    const now = (deps.now ?? Date.now)();
    const items: LiveReading[] = [];
    const waiting: PetSlot[] = [];
    for (const slot of dirty) {
      const e = slot.event!;
      if (now - slot.pushedAt < PER_PET_MIN_INTERVAL_MS && slot.pushedState === e.state) {
        waiting.push(slot);
        continue;
      }
      items.push(liveReading(e));
      slot.pushedAt = now;
      slot.pushedState = e.state;
      slot.event = null;
    }
    dirty = waiting;
    if (items.length) broadcast({ type: 'readings', items }, true);
  }, READINGS_FLUSH_MS);
  const streamTimer = setInterval(() => broadcast({ type: 'stream', stream: deps.monitor.status() }), STREAM_PUSH_MS);

  function onClientMessage(ws: WebSocket, raw: Buffer | string): void {
    const receivedAt = (deps.now ?? Date.now)();
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      return;
    }
    const parsed = ClientFrameSchema.safeParse(json);
    if (!parsed.success) return;
    const f = parsed.data;
    switch (f.type) {
      case 'alert-shown': {
        // Only an alert this browser received live, once, with a plausible paint time; the
        // collar time is the server's own, never the browser's.
        const pending = awaitingShown.get(ws);
        const entry = pending?.get(f.alertId);
        if (!pending || !entry) return;
        pending.delete(f.alertId);
        if (f.shownAt < entry.pushedAt - SHOWN_CLOCK_TOLERANCE_MS || f.shownAt > receivedAt + SHOWN_CLOCK_TOLERANCE_MS) return;
        deps.monitor.recordShown(entry.sensorTs, f.shownAt);
        return;
      }
      case 'ping':
        return;
      default: {
        const never: never = f;
        return never;
      }
    }
  }

  return {
    attach(ws) {
      sockets.add(ws);
      awaitingShown.set(ws, new Map());
      ws.on('message', (raw: Buffer) => onClientMessage(ws, raw));
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      const at = (deps.now ?? Date.now)();
      if (hello === null || at - hello.at > HELLO_REUSE_MS) {
        const twins = deps.engine.twins();
        const frame: ServerFrame = {
          type: 'hello',
          serverTime: at,
          pets: twins,
          alerts: twins.flatMap((t) => t.openAlerts),
          stream: deps.monitor.status(),
          scenarios: deps.scenarios?.list() ?? [],
          simulatedPetIds: deps.scenarios?.petIds() ?? [],
        };
        hello = { at, data: Buffer.from(JSON.stringify(frame)) };
      }
      // One buffer for every browser that shares it (ws does not copy it), sent as text.
      if (ws.readyState === ws.OPEN) ws.send(hello.data, { binary: false });
    },
    clients: () => sockets.size,
    close() {
      unsubscribe();
      clearInterval(flushTimer);
      clearInterval(streamTimer);
      for (const ws of sockets) ws.close(1001, 'server stopping');
      sockets.clear();
    },
  };
}
