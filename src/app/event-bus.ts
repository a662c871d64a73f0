/**
 * In-process fan-out from the analyzer to the live API (WebSocket hub, stream status).
 * Events come in kinds; listeners switch on `type`. Emitting never awaits a listener, so a slow
 * consumer of events can never delay the analyzer's alert path.
 */
import type { AlertTransition } from '../domain/alert.ts';
import type { PetTwin } from '../analysis/engine-contract.ts';
import type { VitalsReading } from '../domain/reading.ts';

export type BusEvent =
  | { type: 'reading'; reading: VitalsReading; state: PetTwin['state'] }
  | { type: 'alert'; transition: AlertTransition }
  | { type: 'pet'; twin: PetTwin };

export type Listener = (e: BusEvent) => void;

export type EventBus = {
  emit(e: BusEvent): void;
  subscribe(l: Listener): () => void;
};

export function createEventBus(onListenerError: (err: unknown) => void = () => {}): EventBus {
  const listeners = new Set<Listener>();
  return {
    emit(e) {
      for (const l of listeners) {
        try {
          l(e);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
