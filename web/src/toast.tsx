/**
 * Toasts for new alerts. For an alert seen opened live, the latency line appears once the store
 * knows when it was painted (see AlertFeed): paint time minus the collar timestamp of the reading
 * that opened it. Alerts the page learned any other way show when they opened instead: their
 * paint time is not a latency.
 */
import { memo } from 'react';
import type { PetTwin } from '../../src/analysis/engine-contract.ts';
import { breedLine, clock, kindLabel } from './format.ts';
import type { Toast } from './live-stream.ts';
import { PetLabel } from './pet-label.tsx';

type Props = {
  toasts: readonly Toast[];
  petsById: ReadonlyMap<string, PetTwin>;
  onDismiss: (alertId: string) => void;
  onOpenPet: (petId: string) => void;
};

export function ToastStack({ toasts, petsById, onDismiss, onOpenPet }: Props) {
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <ToastCard key={t.alert.alertId} toast={t} pet={petsById.get(t.alert.petId)} onDismiss={onDismiss} onOpenPet={onOpenPet} />
      ))}
    </div>
  );
}

type CardProps = { toast: Toast; pet: PetTwin | undefined; onDismiss: (alertId: string) => void; onOpenPet: (petId: string) => void };

function latencyLine(toast: Toast): string {
  const a = toast.alert;
  if (!toast.measured) return `opened at ${clock(a.openedAt)}`;
  if (toast.shownAt === null) return 'drawing…';
  return `shown ${Math.round(toast.shownAt - a.sensorTs)} ms after the collar reading`;
}

const ToastCard = memo(function ToastCard({ toast, pet, onDismiss, onOpenPet }: CardProps) {
  const a = toast.alert;
  return (
    <div className={`toast sev-${a.severity}`} data-testid="toast" data-alert-id={a.alertId} data-kind={a.kind} data-pet-id={a.petId} role="alert">
      <div className="toast-head">
        <span className={`sev-badge sev-${a.severity}`}>{a.severity}</span>
        <span className="toast-title">{kindLabel(a.kind)}</span>
        <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(a.alertId)}>
          ×
        </button>
      </div>
      <div className="toast-pet">
        <PetLabel petId={a.petId} pet={pet} onOpen={onOpenPet} />
        {pet ? <small className="muted cap"> · {breedLine(pet.profile)}</small> : null}
      </div>
      <div className="toast-latency">{latencyLine(toast)}</div>
    </div>
  );
});
