/**
 * The detection engine: the pure decision core behind the analyzer runtime. Takes readings and
 * wall-clock times from the caller, keeps per-pet state, and returns alert transitions. No I/O,
 * no timers, no Date.now(), no randomness: the same readings always give the same alerts.
 * Duplicates and late arrivals (ts ≤ newest ts seen from that collar) are dropped before they
 * touch any state, so a redelivered Kafka batch can never double-count.
 */
import type { Alert, AlertTransition } from '../domain/alert.ts';
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { PetTwinError } from '../errors.ts';
import type { DetectionEngine, EngineSnapshot, PetTwin } from './engine-contract.ts';
import { copyAlert, parseProfile, PetRecord, type PetSnapshot } from './pet-state.ts';
import { createReadingContext, fillReadingContext } from './reading-context.ts';

export type EngineLog = {
  warn(message: string, fields?: Record<string, unknown>): void;
};

export type EngineDeps = { log?: EngineLog };

/** Counters for metrics; cheap to read at any time. */
export type EngineStats = { processed: number; ignoredDuplicateOrLate: number; pets: number; openAlerts: number };

export type DetectionEngineWithStats = DetectionEngine & { stats(): EngineStats };

/** Weight and age of the default profile: a medium adult dog (sizeClassOf: 10–25 kg, ≥ 1 year). */
const DEFAULT_WEIGHT_KG = 20;
const DEFAULT_AGE_YEARS = 4;

/** Profile used for a reading whose pet has not been registered: scored as a medium adult dog. */
export function unknownPetProfile(petId: string): PetProfile {
  return { id: petId, name: petId, species: 'dog', breed: 'unknown', weightKg: DEFAULT_WEIGHT_KG, ageYears: DEFAULT_AGE_YEARS };
}

export function createDetectionEngine(deps: EngineDeps = {}): DetectionEngineWithStats {
  const log = deps.log;
  const pets = new Map<string, PetRecord>();
  /** alertId → petId, for acknowledge(); holds open alerts only, so it is bounded by pets × kinds. */
  const openById = new Map<string, string>();
  const ctx = createReadingContext();
  let processed = 0;
  let ignored = 0;

  const petFor = (petId: string): PetRecord => {
    let pet = pets.get(petId);
    if (!pet) {
      pet = new PetRecord(unknownPetProfile(petId));
      pets.set(petId, pet);
    }
    return pet;
  };
  const onIndex = (alert: Alert, open: boolean): void => {
    if (open) openById.set(alert.alertId, alert.petId);
    else openById.delete(alert.alertId);
  };

  return {
    upsertPet(profile: PetProfile): void {
      const pet = pets.get(profile.id);
      if (pet) pet.setProfile({ ...profile });
      else pets.set(profile.id, new PetRecord({ ...profile }));
    },

    process(reading: VitalsReading, detectedAt: number): AlertTransition[] {
      const pet = petFor(reading.petId);
      const last = pet.lastTsByDevice.get(reading.deviceId);
      if (last !== undefined && reading.ts <= last) {
        ignored++;
        return [];
      }
      pet.lastTsByDevice.set(reading.deviceId, reading.ts);
      processed++;
      fillReadingContext(ctx, reading, pet.windows.prev, pet.baselines);
      return pet.process(ctx, detectedAt, onIndex);
    },

    acknowledge(alertId: string, at: number): AlertTransition | null {
      const petId = openById.get(alertId);
      const pet = petId === undefined ? undefined : pets.get(petId);
      if (!pet) return null;
      for (const track of pet.tracks) {
        if (track.alert?.alertId !== alertId) continue;
        const a = track.acknowledge(at);
        return a ? { type: 'acknowledged', alert: copyAlert(a) } : null;
      }
      return null;
    },

    openAlert(alertId: string): Alert | null {
      const petId = openById.get(alertId);
      const pet = petId === undefined ? undefined : pets.get(petId);
      const track = pet?.tracks.find((x) => x.alert?.alertId === alertId);
      return track?.alert ? copyAlert(track.alert) : null;
    },

    restoreAlerts(alerts: Alert[]): void {
      for (const a of alerts) {
        if (a.status !== 'active' && a.status !== 'acknowledged') continue;
        const pet = petFor(a.petId);
        const track = pet.trackFor(a.kind);
        const previous = track.alert;
        pet.adoptAlert(a);
        if (previous && previous.alertId !== track.alert?.alertId) openById.delete(previous.alertId);
        if (track.alert) openById.set(track.alert.alertId, track.alert.petId);
      }
    },

    hasPet(petId: string) {
      return pets.has(petId);
    },

    petCount() {
      return pets.size;
    },

    stateOf(petId: string) {
      return pets.get(petId)?.state() ?? 'unknown';
    },

    twin(petId: string): PetTwin | null {
      const pet = pets.get(petId);
      return pet ? pet.twin() : null;
    },

    twins(): PetTwin[] {
      return Array.from(pets.values(), (p) => p.twin());
    },

    snapshot(): EngineSnapshot {
      const out: Record<string, unknown> = {};
      for (const [id, pet] of pets) out[id] = pet.toJSON();
      return { version: 1, pets: out };
    },

    snapshotPets(petIds: readonly string[]): EngineSnapshot {
      const out: Record<string, unknown> = {};
      for (const id of petIds) {
        const pet = pets.get(id);
        if (pet) out[id] = pet.toJSON();
      }
      return { version: 1, pets: out };
    },

    petIds(): string[] {
      return [...pets.keys()];
    },

    restore(snapshot: EngineSnapshot): void {
      if (!snapshot || snapshot.version !== 1 || typeof snapshot.pets !== 'object' || snapshot.pets === null) {
        throw new PetTwinError('INPUT_FILE_INVALID', 'engine snapshot is not version 1: discard it and let the analyzer relearn');
      }
      for (const [petId, raw] of Object.entries(snapshot.pets)) {
        if (typeof raw !== 'object' || raw === null) {
          log?.warn('skipping malformed pet in engine snapshot', { petId });
          continue;
        }
        const json = raw as Partial<PetSnapshot>;
        let pet = pets.get(petId);
        if (!pet) {
          // A profile upserted before restore() is newer than the snapshot's: keep it.
          const profile = parseProfile(json.profile) ?? unknownPetProfile(petId);
          pet = new PetRecord(profile.id === petId ? profile : { ...profile, id: petId });
          pets.set(petId, pet);
        }
        for (const t of pet.tracks) if (t.alert) openById.delete(t.alert.alertId);
        pet.load(json, onIndex);
      }
    },

    stats(): EngineStats {
      return { processed, ignoredDuplicateOrLate: ignored, pets: pets.size, openAlerts: openById.size };
    },
  };
}
