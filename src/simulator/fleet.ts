/**
 * A fleet of simulated collars: deterministic pets (profiles.ts) each with its own simulator
 * (pet-model.ts), ticked together to the time the caller passes. The streaming runtime owns the
 * clock and Kafka; this module only turns times into readings. Scenario injection by pet id.
 */
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { PetTwinError } from '../errors.ts';
import { PetSimulator, type ActiveScenario, type InjectOptions } from './pet-model.ts';
import { fleetNumber, generateProfile } from './profiles.ts';
import { SCENARIO_NAMES, ScenarioNameSchema, type ScenarioName } from './scenarios.ts';

export { SCENARIOS, SCENARIO_NAMES, ScenarioNameSchema, type ScenarioName } from './scenarios.ts';
export { createPetSimulator, PetSimulator, type ActiveScenario, type InjectOptions } from './pet-model.ts';

/** Upper bound on a fleet: each pet holds a few hundred bytes of state; protects memory. */
export const MAX_FLEET_SIZE = 100_000;

export type FleetOptions = {
  seed: number;
  count: number;
  /** Time of the fleet's first instant; default: the time of the first tick. */
  startTs?: number;
  /** Simulate these pets instead of generated ones (ids must be unique). */
  profiles?: readonly PetProfile[];
};

export type Fleet = {
  pets(): PetProfile[];
  /** Advances every pet to `ts` (epoch ms) and returns one reading per pet, in pets() order. */
  tick(ts: number): VitalsReading[];
  /** Advances one pet to `ts` and returns its reading. Throws PETTWIN_PET_NOT_FOUND. */
  tickPet(petId: string, ts: number): VitalsReading;
  /** Starts a scenario on a pet (replacing its running one); `clear` ends it. */
  inject(petId: string, scenario: string, opts?: InjectOptions): void;
  activeScenarios(): ActiveScenario[];
};

export function createFleet(opts: FleetOptions): Fleet {
  const { seed } = opts;
  const profiles = opts.profiles
    ? [...opts.profiles]
    : Array.from({ length: checkedCount(opts.count) }, (_, i) => generateProfile(seed, i, opts.count));
  const sims: PetSimulator[] = profiles.map(
    (p, i) => new PetSimulator(p, seed, { deviceId: `collar-${fleetNumber(i, profiles.length)}`, stream: i }),
  );
  const byId = new Map<string, PetSimulator>();
  for (const s of sims) {
    if (byId.has(s.profile.id)) throw new PetTwinError('PET_EXISTS', `pet id "${s.profile.id}" appears twice in the fleet`);
    byId.set(s.profile.id, s);
  }
  let startPending = opts.startTs !== undefined;

  const startAll = () => {
    // Pets first read at startTs, so a scenario injected before the first tick begins there.
    if (!startPending) return;
    startPending = false;
    for (const s of sims) s.startAt(opts.startTs!);
  };

  const find = (petId: string): PetSimulator => {
    const sim = byId.get(petId);
    if (sim) return sim;
    const sample = profiles.slice(0, 5).map((p) => p.id).join(', ');
    throw new PetTwinError(
      'PET_NOT_FOUND',
      `no simulated pet "${petId}": the fleet has ${profiles.length} pets (${sample}${profiles.length > 5 ? ', …' : ''})`,
    );
  };

  return {
    pets: () => profiles.map((p) => ({ ...p })),
    tick(ts) {
      startAll();
      const out = new Array<VitalsReading>(sims.length);
      for (let i = 0; i < sims.length; i++) out[i] = sims[i]!.next(ts);
      return out;
    },
    tickPet(petId, ts) {
      const sim = find(petId);
      startAll();
      return sim.next(ts);
    },
    inject(petId, scenario, injectOpts = {}) {
      const parsed = ScenarioNameSchema.safeParse(scenario);
      if (!parsed.success) {
        throw new PetTwinError('SCENARIO_UNKNOWN', `unknown scenario "${scenario}": use one of ${SCENARIO_NAMES.join(', ')}`);
      }
      const sim = find(petId);
      startAll();
      sim.inject(parsed.data as ScenarioName, injectOpts);
    },
    activeScenarios() {
      const out: ActiveScenario[] = [];
      for (const s of sims) {
        const a = s.activeScenario();
        if (a) out.push(a);
      }
      return out;
    },
  };
}

function checkedCount(count: number): number {
  if (!Number.isInteger(count) || count < 0 || count > MAX_FLEET_SIZE) {
    throw new PetTwinError('BAD_REQUEST', `fleet size must be a whole number from 0 to ${MAX_FLEET_SIZE}, got ${count}`);
  }
  return count;
}
