/**
 * Toasts for new alerts. The latency line appears once the store knows when the alert was painted
 * (see AlertFeed): paint time minus the collar timestamp of the reading that opened it.
 */
import { memo } from 'react';
import type { PetTwin } from '../../src/analysis/engine-contract.ts';
import { kindLabel } from './format.ts';
import type { Toast } from './live-stream.ts';

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
        <ToastCard key={t.alert.alertId} toast={t} petName={petsById.get(t.alert.petId)?.profile.name ?? t.alert.petId} onDismiss={onDismiss} onOpenPet={onOpenPet} />
      ))}
    </div>
  );
}

type CardProps = { toast: Toast; petName: string; onDismiss: (alertId: string) => void; onOpenPet: (petId: string) => void };

const ToastCard = memo(function ToastCard({ toast, petName, onDismiss, onOpenPet }: CardProps) {
  const a = toast.alert;
  return (
    <div className={`toast sev-${a.severity}`} data-testid="toast" data-alert-id={a.alertId} data-kind={a.kind} role="alert">
      <div className="toast-head">
        <span className={`sev-badge sev-${a.severity}`}>{a.severity}</span>
        <button type="button" className="link toast-title" onClick={() => onOpenPet(a.petId)}>
          {kindLabel(a.kind)} · {petName}
        </button>
        <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(a.alertId)}>
          ×
        </button>
      </div>
      <div className="toast-latency">
        {toast.shownAt === null ? 'drawing…' : `shown ${Math.round(toast.shownAt - a.sensorTs)} ms after the collar reading`}
      </div>
    </div>
  );
});
