/**
 * The contract between the streaming runtime (src/streaming/analyzer-runtime.ts) and the pure
 * detection logic in src/analysis. The runtime owns Kafka, offsets and I/O; the engine owns
 * per-pet state and decisions, takes time from the caller, and never does I/O.
 */
import type { Alert, AlertTransition } from '../domain/alert.ts';
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';

/** What the dashboard shows as a pet's "normal band" and the twin's learned state. */
export type BaselineView = {
  heartRate: { mean: number; sd: number; n: number } | null;
  respiratoryRate: { mean: number; sd: number; n: number } | null;
  temperatureC: { mean: number; sd: number; n: number } | null;
};

/** Overall state of a pet, for colouring the fleet view. */
export type PetState = 'ok' | 'warning' | 'critical' | 'technical' | 'unknown';

export type PetTwin = {
  profile: PetProfile;
  latest: VitalsReading | null;
  /** Wall-clock time the latest reading was processed. */
  latestProcessedAt: number | null;
  state: PetState;
  /** Clinical resting range for this pet (species/size/age), with units. */
  ranges: {
    heartRate: { low: number; high: number };
    respiratoryRate: { low: number; high: number };
    temperatureC: { low: number; high: number };
  };
  baseline: BaselineView;
  /** Alerts not yet resolved. */
  openAlerts: Alert[];
};

/** Serializable learned state per pet, so a restarted analyzer keeps what it learned. */
export type EngineSnapshot = { version: 1; pets: Record<string, unknown> };

export interface DetectionEngine {
  /** Adds or updates a pet profile. Readings for unknown pets get a default profile (see unknownPetProfile). */
  upsertPet(profile: PetProfile): void;
  /** Scores one reading as it arrives; returns every alert change it causes (often none). */
  process(reading: VitalsReading, detectedAt: number): AlertTransition[];
  /** Marks an active alert acknowledged; returns the transition, or null when it is unknown,
   * resolved or already acknowledged (nothing changed, nothing to publish). */
  acknowledge(alertId: string, at: number): AlertTransition | null;
  /** The open (active or acknowledged) alert with this id, as it is now; null otherwise. */
  openAlert(alertId: string): Alert | null;
  /** Restores alerts that were open before a restart, so a replay continues the same episode. */
  restoreAlerts(alerts: Alert[]): void;
  twin(petId: string): PetTwin | null;
  /** True when the engine keeps state for this pet (registered, or it has sent readings). */
  hasPet(petId: string): boolean;
  petCount(): number;
  /** The pet's overall state without building a twin (cheap enough for every reading). */
  stateOf(petId: string): PetState;
  twins(): PetTwin[];
  snapshot(): EngineSnapshot;
  /** The learned state of some pets only: a big fleet is saved in parts, never in one long pause. */
  snapshotPets(petIds: readonly string[]): EngineSnapshot;
  petIds(): string[];
  /** Restores a snapshot or a part of one (pets not in it are left as they are). */
  restore(snapshot: EngineSnapshot): void;
}
