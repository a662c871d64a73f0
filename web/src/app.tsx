/**
 * The dashboard shell: header, a banner while Kafka is unreachable, main pane (fleet or one pet,
 * by URL hash), side pane (stream panel and alert feed), toasts. It reads the store's batched
 * LiveView; it never touches the socket.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AlertFeed } from './alert-feed.tsx';
import { FleetView } from './fleet-view.tsx';
import type { StreamStatus } from '../../src/api/protocol.ts';
import { displayState } from './fleet-view.tsx';
import { plural } from './format.ts';
import type { ConnectionState, LiveStore } from './live-stream.ts';
import { StreamPanel } from './stream-panel.tsx';
import { ToastStack } from './toast.tsx';

const PetView = lazy(() => import('./pet-view.tsx'));

type Route = { page: 'fleet' } | { page: 'pet'; petId: string };

export function parseRoute(hash: string): Route {
  const m = /^#\/pets?\/(.+)$/.exec(hash);
  return m?.[1] ? { page: 'pet', petId: decodeURIComponent(m[1]) } : { page: 'fleet' };
}

function useHashRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return useMemo(() => parseRoute(hash), [hash]);
}

export function App({ store }: { store: LiveStore }) {
  const view = useSyncExternalStore(store.subscribe, store.getView);
  const route = useHashRoute();
  const openPet = useCallback((petId: string) => {
    window.location.hash = `#/pets/${encodeURIComponent(petId)}`;
  }, []);
  const openFleet = useCallback(() => {
    window.location.hash = '';
  }, []);
  const dismiss = useCallback((alertId: string) => store.dismissToast(alertId), [store]);

  const summary = useMemo(() => {
    let critical = 0;
    let noData = 0;
    for (const p of view.pets) {
      const st = displayState(p, view.latest.get(p.profile.id), view.stalePetIds);
      if (st === 'critical') critical++;
      else if (st === 'nodata') noData++;
    }
    return { critical, noData };
  }, [view.pets, view.latest, view.stalePetIds]);
  const kafkaDown = view.connection.status === 'open' && view.stream !== null && !view.stream.kafka.connected;

  return (
    <div className="app">
      <header className="topbar">
        <button type="button" className="brand link" onClick={openFleet}>
          <span className="brand-mark" aria-hidden="true">
            ♥
          </span>{' '}
          PetTwin Care
        </button>
        <span className="topbar-summary" data-testid="topbar-summary">
          {plural(view.pets.length, 'pet')} · <span className={summary.critical > 0 ? 'crit-count' : ''}>{summary.critical} critical</span>
          {summary.noData > 0 ? <span className="nodata-count"> · {summary.noData} with no data</span> : null} ·{' '}
          {plural(view.openAlerts.length, 'open alert')}
        </span>
        <ConnectionPill connection={view.connection} stream={view.stream} />
      </header>
      {kafkaDown && view.stream ? <KafkaBanner kafka={view.stream.kafka} /> : null}
      <div className="layout">
        <main className="main-pane">
          {route.page === 'pet' ? (
            <Suspense fallback={<p className="empty">Loading…</p>}>
              <PetView
                key={route.petId}
                store={store}
                petId={route.petId}
                twin={view.petsById.get(route.petId)}
                reading={view.latest.get(route.petId)}
                openAlerts={view.openAlerts}
                scenarios={view.scenarios}
                simulated={view.simulatedPetIds.has(route.petId)}
                stale={view.stalePetIds.has(route.petId)}
                hasHello={view.hasHello}
                onBack={openFleet}
              />
            </Suspense>
          ) : (
            <FleetView pets={view.pets} latest={view.latest} stale={view.stalePetIds} onOpen={openPet} />
          )}
        </main>
        <aside className="side-pane">
          <StreamPanel stream={view.stream} client={view.client} />
          <AlertFeed store={store} alerts={view.feed} petsById={view.petsById} openCount={view.openAlerts.length} onOpenPet={openPet} />
        </aside>
      </div>
      <footer className="credits">
        Simulated collars are calibrated on, and <code>pettwin replay</code> streams real dogs from, the Invoxia Dog Health
        Vitals dataset: Jarkoff, Lorre &amp; Humbert (2023), doi:10.5281/zenodo.8020390, CC BY 4.0. Not a veterinary
        diagnosis: call your vet when an alert says so.
      </footer>
      <ToastStack toasts={view.toasts} petsById={view.petsById} onDismiss={dismiss} onOpenPet={openPet} />
    </div>
  );
}

/** The socket can be open while the analyzer has lost Kafka: then nothing is live, and the badge says so. */
function ConnectionPill({ connection: c, stream }: { connection: ConnectionState; stream: StreamStatus | null }) {
  const kafkaDown = c.status === 'open' && stream !== null && !stream.kafka.connected;
  const text = kafkaDown
    ? 'paused · Kafka down'
    : c.status === 'open'
      ? 'live'
      : c.status === 'connecting'
        ? c.attempt > 0
          ? `reconnecting (attempt ${c.attempt + 1})`
          : 'connecting…'
        : `offline · retry in ${Math.ceil((c.retryInMs ?? 0) / 1000)} s`;
  return (
    <span
      className={`conn conn-${kafkaDown ? 'degraded' : c.status}`}
      data-testid="connection"
      data-status={c.status}
      data-kafka={stream ? String(stream.kafka.connected) : 'unknown'}
      title={kafkaDown ? 'Connected to the server, but the server cannot reach Kafka: values are frozen.' : undefined}
    >
      <i aria-hidden="true" /> {text}
    </span>
  );
}

function KafkaBanner({ kafka }: { kafka: StreamStatus['kafka'] }) {
  return (
    <div className="banner banner-critical" role="alert" data-testid="kafka-banner">
      <strong>Kafka unreachable: live data is paused</strong>
      {kafka.lastError ? <span className="banner-detail"> — {kafka.lastError}</span> : null}
      <span className="banner-hint">The numbers on screen are the last ones received before the outage.</span>
    </div>
  );
}
