/**
 * The dashboard's live connection: one WebSocket to /api/v1/ws, reconnect with backoff, and a
 * store that absorbs frames as they arrive. React never sees a frame: frames are applied to
 * mutable maps (stream-state.ts, cheap, O(items)), and `flush()` publishes an immutable `LiveView` on a short
 * interval — or on the next tick for alerts, which must be drawn at once. Components read the view
 * through useSyncExternalStore. No React in this file.
 */
import type { ClientFrame, ServerFrame } from '../../src/api/protocol.ts';
import type { Alert } from '../../src/domain/alert.ts';
import type { SeriesBuffer } from './series-buffer.ts';
import {
  anyDirty,
  applyFrame,
  buildView,
  clean,
  createStreamState,
  mergeAlert,
  updateStale,
  type ClientRates,
  type ConnectionState,
  type LiveView,
} from './stream-state.ts';

export type { ClientRates, ConnectionState, LiveView, Toast } from './stream-state.ts';

/** Readings reach React at most this often: 200 pets × 10 readings/s would otherwise be 2,000 renders/s. */
export const FLUSH_INTERVAL_MS = 250;
/** How long a toast stays up. */
export const TOAST_TTL_MS = 10_000;
/** Client frames held while the socket is down (oldest dropped): latency reports are best-effort. */
export const MAX_OUTBOX = 256;
/** Reconnect backoff: first retry after ~this, doubling up to RECONNECT_MAX_MS. */
export const RECONNECT_BASE_MS = 500;
export const RECONNECT_MAX_MS = 10_000;
/** How often staleness is re-checked: it must change even when no frame arrives (e.g. Kafka is down). */
export const STALE_CHECK_MS = 1_000;

export type LiveStore = {
  getView(): LiveView;
  /** Called after every flush that changed something (view or a watched chart series). */
  subscribe(listener: () => void): () => void;
  /** Applies an alert learned outside the socket (e.g. the answer to POST ack). */
  applyAlert(alert: Alert): void;
  /** The given alerts are on screen as of `shownAt`: report each alert opened live on this socket once. */
  markDrawn(alerts: readonly Alert[], shownAt: number): void;
  dismissToast(alertId: string): void;
  /** Appends the pet's live readings to `buf` until the returned function is called. */
  watchPet(petId: string, buf: SeriesBuffer): () => void;
  /** Publishes pending changes on the next tick instead of waiting for the interval, and tells
   *  chart subscribers to check their series (e.g. after seeding it from REST). */
  requestFlush(): void;
  close(): void;
};

export type LiveStreamDeps = {
  url: string;
  createSocket?: (url: string) => WebSocket;
  now?: () => number;
  random?: () => number;
};

/** Full-jitter-ish exponential backoff: between half and all of base·2^attempt, capped. */
export function backoffDelay(attempt: number, random: () => number): number {
  const exp = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

export function liveSocketUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/ws`;
}

/** Schedules `cb` right after the browser has painted the current DOM (rAF, then a task). */
export function afterNextPaint(cb: () => void): void {
  requestAnimationFrame(() => {
    const ch = new window.MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      cb();
    };
    ch.port2.postMessage(null);
  });
}

export function createLiveStore(deps: LiveStreamDeps): LiveStore {
  const now = deps.now ?? (() => Date.now());
  const random = deps.random ?? Math.random;
  const createSocket = deps.createSocket ?? ((url: string) => new WebSocket(url));

  const s = createStreamState();
  let dirty = clean();
  let connection: ConnectionState = { status: 'connecting', attempt: 0, retryInMs: null };
  let client: ClientRates = { framesPerS: 0, readingsPerS: 0 };
  let view: LiveView = buildView(
    {
      connection,
      hasHello: false,
      pets: [],
      petsById: new Map(),
      latest: new Map(),
      feed: [],
      openAlerts: [],
      toasts: [],
      stream: null,
      scenarios: [],
      simulatedPetIds: new Set(),
      stalePetIds: new Set(),
      client,
    },
    s,
    clean(),
    connection,
    client,
  );
  const listeners = new Set<() => void>();
  const outbox: ClientFrame[] = [];
  let socket: WebSocket | null = null;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let urgentTimer: ReturnType<typeof setTimeout> | null = null;
  let framesThisSecond = 0;
  let readingsThisSecond = 0;
  let secondStartedAt = now();
  let staleCheckedAt = now();

  function flush(): void {
    const t = now();
    if (s.toasts.length > 0 && s.toasts.some((x) => t - x.createdAt > TOAST_TTL_MS)) {
      s.toasts = s.toasts.filter((x) => t - x.createdAt <= TOAST_TTL_MS);
      dirty.toasts = true;
    }
    if (t - secondStartedAt >= 1000) {
      const secs = (t - secondStartedAt) / 1000;
      client = { framesPerS: Math.round(framesThisSecond / secs), readingsPerS: Math.round(readingsThisSecond / secs) };
      framesThisSecond = readingsThisSecond = 0;
      secondStartedAt = t;
    }
    if (t - staleCheckedAt >= STALE_CHECK_MS || dirty.pets) {
      staleCheckedAt = t;
      if (updateStale(s, t + s.serverSkewMs)) dirty.stale = true;
    }
    if (!anyDirty(dirty) && client === view.client) return;
    view = buildView(view, s, dirty, connection, client);
    dirty = clean();
    for (const l of listeners) l();
  }

  function requestFlush(): void {
    if (urgentTimer !== null || closed) return;
    urgentTimer = setTimeout(() => {
      urgentTimer = null;
      flush();
    }, 0);
  }

  const interval = setInterval(flush, FLUSH_INTERVAL_MS);

  function setConnection(next: ConnectionState): void {
    connection = next;
    dirty.connection = true;
    requestFlush();
  }

  function send(frame: ClientFrame): void {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return;
    }
    outbox.push(frame);
    if (outbox.length > MAX_OUTBOX) outbox.shift();
  }

  function connect(): void {
    if (closed) return;
    retryTimer = null;
    setConnection({ status: 'connecting', attempt, retryInMs: null });
    const ws = createSocket(deps.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setConnection({ status: 'open', attempt: 0, retryInMs: null });
      for (const f of outbox.splice(0)) ws.send(JSON.stringify(f));
    };
    ws.onmessage = (ev: MessageEvent) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return; // not JSON: nothing to draw
      }
      if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') return;
      framesThisSecond++;
      if (frame.type === 'readings' && Array.isArray(frame.items)) readingsThisSecond += frame.items.length;
      if (applyFrame(s, dirty, frame, now())) requestFlush();
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (closed) return;
      const delay = backoffDelay(attempt, random);
      attempt++;
      setConnection({ status: 'closed', attempt, retryInMs: delay });
      retryTimer = setTimeout(connect, delay);
    };
    ws.onerror = () => {
      // onclose follows and schedules the retry.
    };
  }

  connect();

  return {
    getView: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    applyAlert(alert) {
      if (mergeAlert(s, alert)) {
        dirty.alerts = true;
        if (s.toasts.some((t) => t.alert.alertId === alert.alertId)) {
          s.toasts = s.toasts.map((t) => (t.alert.alertId === alert.alertId ? { ...t, alert } : t));
          dirty.toasts = true;
        }
        requestFlush();
      }
    },
    markDrawn(alerts, shownAt) {
      let toastsChanged = false;
      for (const a of alerts) {
        const opened = s.awaitingShown.get(a.alertId);
        if (!opened) continue; // loaded with the page, already reported, or evicted
        s.awaitingShown.delete(a.alertId);
        send({ type: 'alert-shown', alertId: a.alertId, revision: opened.revision, sensorTs: opened.sensorTs, shownAt });
        const i = s.toasts.findIndex((t) => t.alert.alertId === a.alertId && t.measured && t.shownAt === null);
        if (i >= 0) {
          s.toasts = s.toasts.map((t, j) => (j === i ? { ...t, shownAt } : t));
          toastsChanged = true;
        }
      }
      if (toastsChanged) {
        dirty.toasts = true;
        requestFlush();
      }
    },
    dismissToast(alertId) {
      s.toasts = s.toasts.filter((t) => t.alert.alertId !== alertId);
      dirty.toasts = true;
      requestFlush();
    },
    watchPet(petId, buf) {
      s.watched.set(petId, buf);
      return () => {
        if (s.watched.get(petId) === buf) s.watched.delete(petId);
      };
    },
    requestFlush() {
      dirty.series = true;
      requestFlush();
    },
    close() {
      closed = true;
      clearInterval(interval);
      if (retryTimer !== null) clearTimeout(retryTimer);
      if (urgentTimer !== null) clearTimeout(urgentTimer);
      socket?.close();
      socket = null;
      listeners.clear();
    },
  };
}
