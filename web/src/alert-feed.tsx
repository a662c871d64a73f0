/**
 * Alert feed, newest first (the store caps it at MAX_FEED_ROWS). After each commit that changes
 * the feed, it waits for the paint and tells the store which alerts are now on screen; the store
 * reports, once each, those it saw opened live on this socket (collar → shown latency).
 */
import { memo, useCallback, useLayoutEffect, useState } from 'react';
import type { PetTwin } from '../../src/analysis/engine-contract.ts';
import type { Alert } from '../../src/domain/alert.ts';
import { ackAlert, errorMessage } from './api-client.ts';
import { clock, kindLabel, plural } from './format.ts';
import { afterNextPaint, type LiveStore } from './live-stream.ts';
import { PetLabel } from './pet-label.tsx';

type FeedProps = {
  store: LiveStore;
  alerts: readonly Alert[];
  petsById: ReadonlyMap<string, PetTwin>;
  openCount: number;
  onOpenPet: (petId: string) => void;
};

export function AlertFeed({ store, alerts, petsById, openCount, onOpenPet }: FeedProps) {
  useLayoutEffect(() => {
    if (alerts.length === 0) return;
    // Layout effect: the DOM holds the new rows; the callback runs after they are painted.
    afterNextPaint(() => store.markDrawn(alerts, Date.now()));
  }, [store, alerts]);

  return (
    <section className="panel alert-feed" data-testid="alert-feed" aria-label="Alerts">
      <h2>
        Alerts <span className="muted" data-testid="open-alert-count">{plural(openCount, 'open alert')}</span>
      </h2>
      {alerts.length === 0 ? (
        <p className="empty">No alerts yet.</p>
      ) : (
        <ol className="alert-list">
          {alerts.map((a) => (
            <AlertRow key={a.alertId} alert={a} pet={petsById.get(a.petId)} store={store} onOpenPet={onOpenPet} />
          ))}
        </ol>
      )}
    </section>
  );
}

type RowProps = { alert: Alert; pet: PetTwin | undefined; store: LiveStore; onOpenPet: (petId: string) => void };

const AlertRow = memo(function AlertRow({ alert: a, pet, store, onOpenPet }: RowProps) {
  return (
    <li
      className={`alert-row sev-${a.severity} status-${a.status}`}
      data-testid={`alert-row-${a.alertId}`}
      data-kind={a.kind}
      data-pet-id={a.petId}
      data-status={a.status}
      data-severity={a.severity}
    >
      <div className="alert-row-head">
        <span className={`sev-badge sev-${a.severity}`}>{a.severity}</span>
        <span className="alert-kind">{kindLabel(a.kind)}</span>
        <span className="alert-time muted" title="opened at">
          {clock(a.openedAt)}
        </span>
      </div>
      <PetLabel petId={a.petId} pet={pet} onOpen={onOpenPet} withBreed className="alert-pet" />
      <p className="alert-explanation">{a.explanation}</p>
      <div className="alert-row-foot">
        <span className={`status-chip status-${a.status}`}>{a.status}</span>
        {a.peakValue !== null && a.normal ? (
          <span className="muted">
            peak {formatPeak(a.peakValue)} {a.normal.unit}
          </span>
        ) : null}
        {a.status === 'active' ? <AckButton store={store} alertId={a.alertId} testId={`ack-${a.alertId}`} /> : null}
      </div>
    </li>
  );
});

/** POST /alerts/:id/ack; the answer is applied at once, the socket's 'acknowledged' frame confirms it. */
export function AckButton({ store, alertId, testId }: { store: LiveStore; alertId: string; testId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onClick = useCallback(() => {
    setBusy(true);
    setError(null);
    ackAlert(alertId)
      .then((alert) => store.applyAlert(alert))
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  }, [store, alertId]);
  return (
    <span className="ack">
      <button type="button" className="btn btn-small" data-testid={testId} disabled={busy} onClick={onClick}>
        {busy ? 'Acknowledging…' : 'Acknowledge'}
      </button>
      {error ? <span className="error-text">{error}</span> : null}
    </span>
  );
}

/** Peaks come from sensors: 39.87 °C reads as 39.9, 212.4 bpm as 212. */
function formatPeak(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1);
}
