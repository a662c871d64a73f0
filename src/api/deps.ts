/**
 * What the HTTP/WebSocket layer needs from the rest of the product. Kept structural, so the
 * server is built by a factory and tested with `inject()` on the real parts without a port.
 */
import type { DetectionEngine } from '../analysis/engine-contract.ts';
import type { AppConfig } from '../config/config.ts';
import type { Alert, AlertTransition } from '../domain/alert.ts';
import type { PetProfile } from '../domain/pet.ts';
import type { EventBus } from '../app/event-bus.ts';
import type { StreamMonitor } from '../app/stream-monitor.ts';
import type { ScenarioInfo } from './protocol.ts';

import type { VitalsQuery, VitalsSeries } from '../storage/vitals-query.ts';

export type ApiStore = {
  upsertPet(p: PetProfile): Promise<void>;
  getPet(id: string): Promise<PetProfile | null>;
  queryVitals(petId: string, q: VitalsQuery): Promise<VitalsSeries>;
  getAlert(id: string): Promise<Alert | null>;
  alertHistory(id: string): Promise<Array<{ alertId: string; revision: number; status: string; severity: string; at: number; values: unknown }>>;
  listAlerts(q: { petId?: string; status?: 'active' | 'acknowledged' | 'resolved' | 'open'; kind?: string; limit?: number }): Promise<Alert[]>;
};

export type ScenarioControl = {
  list(): ScenarioInfo[];
  petIds(): string[];
  inject(petId: string, scenario: string, opts: { durationS?: number; speed?: number }): void;
};

export type ApiDeps = {
  config: AppConfig;
  engine: DetectionEngine;
  store: ApiStore;
  bus: EventBus;
  monitor: StreamMonitor;
  /** Publishes an alert change made through the API (acknowledge) to pet-alerts and the store. */
  publishTransition(t: AlertTransition): Promise<void>;
  /** Null when the simulator is off (external collars only). */
  scenarios: ScenarioControl | null;
  health(): { kafka: 'up' | 'down'; storage: 'up' | 'down' };
  startedAt: number;
  /** Folder of the built dashboard; null to serve the API only. */
  webRoot: string | null;
  now?: () => number;
};
