/**
 * The dashboard's live state, without the socket: the mutable maps frames are applied to
 * (`applyFrame`, O(items) per frame) and the immutable `LiveView` that `buildView` publishes to
 * React, reusing every part that did not change. Pure functions of their inputs and the time
 * passed in; live-stream.ts owns the socket, the timers and when to flush. No React in this file.
 */
import type { LiveReading, ScenarioInfo, ServerFrame, StreamStatus } from '../../src/api/protocol.ts';
import type { PetTwin } from '../../src/analysis/engine-contract.ts';
import type { Alert } from '../../src/domain/alert.ts';
import { vitalsOf } from '../../src/domain/vitals-values.ts';
import { appendPoint, type SeriesBuffer } from './series-buffer.ts';

/** Alerts held in memory (resolved ones evicted first): bounds a tab left open for days. */
export const MAX_ALERTS_KEPT = 500;
/** Rows the alert feed draws; more slows every flush and nobody reads row 101. */
export const MAX_FEED_ROWS = 100;
/** Toasts on screen at once; a burst of alerts pushes the oldest out instead of covering the page. */
export const MAX_TOASTS = 4;
/** A pet whose newest reading is older than this shows as "no data": its numbers are frozen, not live. */
export const STALE_AFTER_MS = 30_000;

export type ConnectionState = { status: 'connecting' | 'open' | 'closed'; attempt: number; retryInMs: number | null };

/**
 * `measured` is true only for an alert this socket saw opened live: its paint time minus the collar
 * reading's time is a real collar → screen latency. An alert loaded with the page has no such figure.
 */
export type Toast = { alert: Alert; createdAt: number; measured: boolean; shownAt: number | null };

/** What the browser itself receives, to compare with the server's own figures. */
export type ClientRates = { framesPerS: number; readingsPerS: number };

/** An immutable snapshot; a part keeps its identity until it changes, so memoized children skip work. */
export type LiveView = {
  connection: ConnectionState;
  hasHello: boolean;
  /** Sorted by id, for a stable grid. */
  pets: readonly PetTwin[];
  petsById: ReadonlyMap<string, PetTwin>;
  /** Newest reading per pet. Bounded by the number of pets the server knows. */
  latest: ReadonlyMap<string, LiveReading>;
  /** Newest first, at most MAX_FEED_ROWS. */
  feed: readonly Alert[];
  /** Every alert not yet resolved, newest first. */
  openAlerts: readonly Alert[];
  toasts: readonly Toast[];
  stream: StreamStatus | null;
  scenarios: readonly ScenarioInfo[];
  /** Pets the simulator plays: only these accept scenarios. */
  simulatedPetIds: ReadonlySet<string>;
  /** Pets with no reading, or none newer than STALE_AFTER_MS (server clock): shown as "no data". */
  stalePetIds: ReadonlySet<string>;
  client: ClientRates;
};

/** Mutable state the socket writes into. Only `flush` turns it into a LiveView. */
export type StreamState = {
  hasHello: boolean;
  pets: Map<string, PetTwin>;
  latest: Map<string, LiveReading>;
  alerts: Map<string, Alert>;
  toasts: Toast[];
  stream: StreamStatus | null;
  scenarios: ScenarioInfo[];
  simulatedPetIds: Set<string>;
  /** Server clock minus browser clock, from the last hello/stream frame: staleness is judged on server time. */
  serverSkewMs: number;
  stalePetIds: Set<string>;
  watched: Map<string, SeriesBuffer>;
  /**
   * Alerts this socket saw arrive as an 'opened' frame and that are not yet reported as drawn
   * (alertId → the frame). Alerts from 'hello' or known before never enter: their paint time says
   * nothing about collar → screen latency. Bounded like `alerts` (pruned with it, deleted once reported).
   */
  awaitingShown: Map<string, Alert>;
};

export type Dirty = {
  pets: boolean;
  latest: boolean;
  alerts: boolean;
  toasts: boolean;
  stream: boolean;
  series: boolean;
  connection: boolean;
  stale: boolean;
};

export function createStreamState(): StreamState {
  return {
    hasHello: false,
    pets: new Map(),
    latest: new Map(),
    alerts: new Map(),
    toasts: [],
    stream: null,
    scenarios: [],
    simulatedPetIds: new Set(),
    serverSkewMs: 0,
    stalePetIds: new Set(),
    watched: new Map(),
    awaitingShown: new Map(),
  };
}

export function clean(): Dirty {
  return { pets: false, latest: false, alerts: false, toasts: false, stream: false, series: false, connection: false, stale: false };
}

export function anyDirty(d: Dirty): boolean {
  return d.pets || d.latest || d.alerts || d.toasts || d.stream || d.series || d.connection || d.stale;
}

function twinLatest(twin: PetTwin): LiveReading | null {
  const r = twin.latest;
  if (!r) return null;
  return { petId: r.petId, ts: r.ts, ...vitalsOf(r), state: twin.state };
}

function setLatest(s: StreamState, r: LiveReading): void {
  const prev = s.latest.get(r.petId);
  if (!prev || r.ts >= prev.ts) s.latest.set(r.petId, r);
}

/** Keeps the highest revision per alertId and evicts beyond MAX_ALERTS_KEPT. True when it changed. */
export function mergeAlert(s: StreamState, alert: Alert): boolean {
  const prev = s.alerts.get(alert.alertId);
  if (prev && prev.revision >= alert.revision) return false;
  s.alerts.set(alert.alertId, alert);
  if (s.alerts.size > MAX_ALERTS_KEPT) evictOneAlert(s);
  return true;
}

function evictOneAlert(s: StreamState): void {
  let victim: Alert | null = null;
  for (const a of s.alerts.values()) {
    const better =
      victim === null ||
      (a.status === 'resolved' && victim.status !== 'resolved') ||
      ((a.status === 'resolved') === (victim.status === 'resolved') && a.updatedAt < victim.updatedAt);
    if (better) victim = a;
  }
  if (victim) {
    s.alerts.delete(victim.alertId);
    s.awaitingShown.delete(victim.alertId);
  }
}

/**
 * Recomputes which pets show "no data" at server time `serverNow`. True when the set changed.
 * O(pets); run once per STALE_CHECK_MS, not per frame.
 */
export function updateStale(s: StreamState, serverNow: number): boolean {
  const next = new Set<string>();
  for (const id of s.pets.keys()) {
    const r = s.latest.get(id);
    if (!r || serverNow - r.ts > STALE_AFTER_MS) next.add(id);
  }
  if (next.size === s.stalePetIds.size && [...next].every((id) => s.stalePetIds.has(id))) return false;
  s.stalePetIds = next;
  return true;
}

function pushToast(s: StreamState, alert: Alert, now: number, measured: boolean): void {
  s.toasts = [{ alert, createdAt: now, measured, shownAt: null }, ...s.toasts.filter((t) => t.alert.alertId !== alert.alertId)].slice(0, MAX_TOASTS);
}

/**
 * Applies one server frame to the state and marks what changed. Returns true when the change
 * should be drawn at once (alerts, first hello) rather than on the next interval.
 */
export function applyFrame(s: StreamState, d: Dirty, frame: ServerFrame, now: number): boolean {
  switch (frame.type) {
    case 'hello': {
      s.hasHello = true;
      s.pets = new Map(frame.pets.map((p) => [p.profile.id, p]));
      for (const twin of frame.pets) {
        const r = twinLatest(twin);
        if (r) setLatest(s, r);
      }
      for (const a of frame.alerts) mergeAlert(s, a);
      s.stream = frame.stream;
      s.scenarios = frame.scenarios;
      // An older server does not send the list: then no pet offers scenarios rather than all failing.
      s.simulatedPetIds = new Set(frame.simulatedPetIds ?? []);
      s.serverSkewMs = frame.serverTime - now;
      if (updateStale(s, frame.serverTime)) d.stale = true;
      d.pets = d.latest = d.alerts = d.stream = true;
      return true;
    }
    case 'readings': {
      for (const r of frame.items) {
        setLatest(s, r);
        const buf = s.watched.get(r.petId);
        if (buf) {
          appendPoint(buf, r);
          d.series = true;
        }
      }
      if (frame.items.length > 0) d.latest = true;
      return false;
    }
    case 'alert': {
      const isNew = !s.alerts.has(frame.alert.alertId);
      if (!mergeAlert(s, frame.alert)) return false;
      d.alerts = true;
      // Only an alert first seen here as 'opened' has a meaningful collar → shown latency.
      const live = isNew && frame.change === 'opened';
      if (live && s.alerts.has(frame.alert.alertId)) s.awaitingShown.set(frame.alert.alertId, frame.alert);
      if (isNew && frame.alert.status !== 'resolved') {
        pushToast(s, frame.alert, now, live);
        d.toasts = true;
      } else if (s.toasts.some((t) => t.alert.alertId === frame.alert.alertId)) {
        s.toasts = s.toasts.map((t) => (t.alert.alertId === frame.alert.alertId ? { ...t, alert: frame.alert } : t));
        d.toasts = true;
      }
      return true;
    }
    case 'pet': {
      const id = frame.twin.profile.id;
      const isNew = !s.pets.has(id);
      s.pets.set(id, frame.twin);
      const r = twinLatest(frame.twin);
      if (r) setLatest(s, r);
      d.pets = d.latest = true;
      return isNew;
    }
    case 'stream': {
      s.stream = frame.stream;
      s.serverSkewMs = frame.stream.at - now;
      d.stream = true;
      return false;
    }
    default: {
      // A frame type this build does not know (newer server): ignore it.
      const unknown: never = frame;
      void unknown;
      return false;
    }
  }
}

function newestFirst(a: Alert, b: Alert): number {
  return b.openedAt - a.openedAt || (a.alertId < b.alertId ? -1 : 1);
}

/** Builds the next view, reusing every part that did not change. */
export function buildView(prev: LiveView, s: StreamState, d: Dirty, connection: ConnectionState, client: ClientRates): LiveView {
  let alerts: { feed: readonly Alert[]; openAlerts: readonly Alert[] } = prev;
  if (d.alerts) {
    const sorted = [...s.alerts.values()].sort(newestFirst);
    alerts = { feed: sorted.slice(0, MAX_FEED_ROWS), openAlerts: sorted.filter((a) => a.status !== 'resolved') };
  }
  return {
    connection: d.connection ? connection : prev.connection,
    hasHello: s.hasHello,
    pets: d.pets ? [...s.pets.values()].sort((a, b) => (a.profile.id < b.profile.id ? -1 : a.profile.id > b.profile.id ? 1 : 0)) : prev.pets,
    petsById: d.pets ? new Map(s.pets) : prev.petsById,
    latest: d.latest ? new Map(s.latest) : prev.latest,
    feed: alerts.feed,
    openAlerts: alerts.openAlerts,
    toasts: d.toasts ? s.toasts : prev.toasts,
    stream: d.stream ? s.stream : prev.stream,
    scenarios: d.pets || d.stream ? s.scenarios : prev.scenarios,
    simulatedPetIds: d.pets ? s.simulatedPetIds : prev.simulatedPetIds,
    stalePetIds: d.stale ? s.stalePetIds : prev.stalePetIds,
    client: client.framesPerS !== prev.client.framesPerS || client.readingsPerS !== prev.client.readingsPerS ? client : prev.client,
  };
}
