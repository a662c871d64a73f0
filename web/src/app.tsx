/**
 * The dashboard shell: header, main pane (fleet or one pet, by URL hash), side pane (stream panel
 * and alert feed), toasts. It reads the store's batched LiveView; it never touches the socket.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AlertFeed } from './alert-feed.tsx';
import { currentState, FleetView } from './fleet-view.tsx';
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

  const critical = useMemo(() => {
    let n = 0;
    for (const p of view.pets) if (currentState(p, view.latest.get(p.profile.id)) === 'critical') n++;
    return n;
  }, [view.pets, view.latest]);

  return (
    <div className="app">
      <header className="topbar">
        <button type="button" className="brand link" onClick={openFleet}>
          <span className="brand-mark" aria-hidden="true">
            ♥
          </span>{' '}
          PetTwin Care
        </button>
        <span className="topbar-summary">
          {view.pets.length} pets · <span className={critical > 0 ? 'crit-count' : ''}>{critical} critical</span> · {view.openAlerts.length} open alerts
        </span>
        <ConnectionPill connection={view.connection} />
      </header>
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
                hasHello={view.hasHello}
                onBack={openFleet}
              />
            </Suspense>
          ) : (
            <FleetView pets={view.pets} latest={view.latest} onOpen={openPet} />
          )}
        </main>
        <aside className="side-pane">
          <StreamPanel stream={view.stream} client={view.client} />
          <AlertFeed store={store} alerts={view.feed} petsById={view.petsById} openCount={view.openAlerts.length} onOpenPet={openPet} />
        </aside>
      </div>
      <ToastStack toasts={view.toasts} petsById={view.petsById} onDismiss={dismiss} onOpenPet={openPet} />
    </div>
  );
}

function ConnectionPill({ connection: c }: { connection: ConnectionState }) {
  const text =
    c.status === 'open'
      ? 'live'
      : c.status === 'connecting'
        ? c.attempt > 0
          ? `reconnecting (attempt ${c.attempt + 1})`
          : 'connecting…'
        : `offline · retry in ${Math.ceil((c.retryInMs ?? 0) / 1000)} s`;
  return (
    <span className={`conn conn-${c.status}`} data-testid="connection" data-status={c.status}>
      <i aria-hidden="true" /> {text}
    </span>
  );
}
