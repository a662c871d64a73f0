/**
 * The labelled scenario library: deterministic, seeded episodes of simulated collar readings at
 * 1 Hz. Each episode is one pet (fresh learned state), a seed, a duration and a list of injected
 * scenarios with their onset and label: a medical condition (with the alert kinds that should
 * fire) or a confounder (no medical alert should fire). Every episode starts with 30–45 min of
 * normal life so baselines can learn. The same (seed, size) always gives the same episodes and
 * the same readings. No I/O, no clock.
 */
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { createPetSimulator } from '../simulator/pet-model.ts';
import type { Behaviour } from '../simulator/physiology.ts';
import { Rng } from '../simulator/rng.ts';
import type { EpisodeName } from '../simulator/scenarios.ts';
import {
  CONDITIONS,
  CONFOUNDERS,
  LIBRARY_PETS,
  type ConditionSpec,
  type ConfounderSpec,
  type MarkerSpec,
  type MedicalKind,
} from './library-catalogue.ts';

export type InjectionRole = 'condition' | 'confounder';

/** One scenario injected into an episode, with its label. */
export type Injection = {
  /** Condition or confounder name (library-catalogue.ts). */
  name: string;
  role: InjectionRole;
  scenario: EpisodeName;
  /** Medical kinds that should be raised; empty for a confounder (no medical alert should be). */
  expectedKinds: readonly MedicalKind[];
  /** Seconds from the episode's first reading; the scenario starts at that reading's ts. */
  onsetS: number;
  durationS: number;
  marker: MarkerSpec | null;
};

export type Episode = {
  id: string;
  profile: PetProfile;
  /** Simulator seed of this episode. */
  seed: number;
  /** ts of the first reading (epoch ms); readings follow every second. */
  startTs: number;
  /** Number of readings (= simulated seconds). */
  durationS: number;
  /** Sorted by onset. At most one condition, always the last injection. */
  injections: readonly Injection[];
};

export type LibrarySize = {
  perCondition: number;
  perConfounder: number;
  normalDays: number;
  normalDayHours: number;
};

/**
 * Full size: ~3.4 M readings, ~35 pet-days of normal time, 216 condition episodes; --quick is
 * about a sixth of it for a fast check.
 */
export const LIBRARY_SIZES = {
  full: { perCondition: 24, perConfounder: 16, normalDays: 24, normalDayHours: 24 },
  quick: { perCondition: 6, perConfounder: 4, normalDays: 4, normalDayHours: 12 },
} as const satisfies Record<string, LibrarySize>;

/** Normal life before any onset, seconds: enough for baselines to learn (30–45 min). */
export const HISTORY_S: readonly [number, number] = [1800, 2700];
/** Normal life kept after a confounder ends: panting after play, a collar settling back. */
export const CONFOUNDER_TAIL_S = 1200;
/** Readings kept after a condition ends; an alert opened in this grace still counts. */
export const DETECTION_GRACE_S = 30;
/** Share of condition episodes with play or excitement in their history (harder, more real). */
const PRE_CONFOUNDER_SHARE = 1 / 3;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Monday 6 January 2025 00:00 UTC: episodes sit on consecutive days from here. */
export const LIBRARY_EPOCH_MS = Date.UTC(2025, 0, 6);

const intIn = (rng: Rng, lo: number, hi: number) => rng.int(Math.round(lo), Math.round(hi));

function pickPet(rng: Rng, eligible: (p: PetProfile) => boolean, i: number): PetProfile {
  const pets = LIBRARY_PETS.filter(eligible);
  // Round-robin over the pets so every size and age is covered by every condition.
  const base = pets[i % pets.length]!;
  // ±10 % weight (assumption: the same breed varies); age kept, it picks the clinical range.
  return { ...base, weightKg: Math.round(base.weightKg * rng.uniform(0.9, 1.1) * 10) / 10 };
}

function withId(p: PetProfile, id: string): PetProfile {
  return { ...p, id: `${id}-${p.id}` };
}

const idOf = (n: number) => `ep-${String(n).padStart(4, '0')}`;

function conditionEpisode(seed: number, n: number, spec: ConditionSpec, i: number): Episode {
  const rng = new Rng(seed, 0x20000000 + n);
  const profile = withId(pickPet(rng, spec.eligible, i), idOf(n));
  const history = intIn(rng, HISTORY_S[0], HISTORY_S[1]);
  const durationS = intIn(rng, spec.durationS[0], spec.durationS[1]);
  const injections: Injection[] = [];
  if (rng.chance(PRE_CONFOUNDER_SHARE)) {
    const pre = rng.chance(0.5) ? CONFOUNDERS.find((c) => c.name === 'play')! : CONFOUNDERS.find((c) => c.name === 'excitement')!;
    const preS = Math.min(intIn(rng, pre.durationS[0], pre.durationS[1]), 600);
    // Starts after 10 min of history, ends at least 10 min before the condition's onset.
    const onsetS = intIn(rng, 600, history - 600 - preS);
    injections.push(confounderInjection(pre, onsetS, preS));
  }
  injections.push({
    name: spec.name,
    role: 'condition',
    scenario: spec.scenario,
    expectedKinds: spec.expectedKinds,
    onsetS: history,
    durationS,
    marker: spec.marker,
  });
  const startTs = LIBRARY_EPOCH_MS + n * DAY_MS + Math.floor(rng.uniform(0, 24) * HOUR_MS / 1000) * 1000;
  const ep: Episode = { id: idOf(n), profile, seed: rng.int(1, 2 ** 31 - 1), startTs, durationS: history + durationS + DETECTION_GRACE_S, injections };
  // A condition judged against the pet's own normal is only a test if that normal could be seen:
  // a pet that played through its whole 30-min history has no resting rate to depart from (in
  // life a collar has days of it). Such a history is re-drawn with the next simulator seed. The
  // check looks at what the pet did, never at what the detectors said.
  const own = spec.ownNormal;
  for (let tries = 0; own && tries < MAX_HISTORY_REDRAWS && secondsIn(ep, history, own.behaviours) < own.minS; tries++) {
    ep.seed = rng.int(1, 2 ** 31 - 1);
  }
  return ep;
}

/** Re-draws allowed for an episode whose history lacks its condition's reference state. */
const MAX_HISTORY_REDRAWS = 50;

/** Seconds of the first `untilS` of `ep` the pet spent in one of `behaviours`, outside any
 * injected scenario (a play confounder overrides what the pet would be doing). */
function secondsIn(ep: Episode, untilS: number, behaviours: readonly Behaviour[]): number {
  const sim = createPetSimulator(ep.profile, ep.seed, { deviceId: `collar-${ep.profile.id}` });
  let count = 0;
  for (let s = 0; s < untilS; s++) {
    sim.next(ep.startTs + s * 1000);
    const injected = ep.injections.some((inj) => s >= inj.onsetS && s < inj.onsetS + inj.durationS);
    if (!injected && behaviours.includes(sim.currentBehaviour)) count++;
    for (const inj of ep.injections) if (inj.onsetS === s) sim.inject(inj.scenario, { durationS: inj.durationS });
  }
  return count;
}

function confounderInjection(spec: ConfounderSpec, onsetS: number, durationS: number): Injection {
  return { name: spec.name, role: 'confounder', scenario: spec.scenario, expectedKinds: [], onsetS, durationS, marker: null };
}

function confounderEpisode(seed: number, n: number, spec: ConfounderSpec, i: number): Episode {
  const rng = new Rng(seed, 0x20000000 + n);
  const profile = withId(pickPet(rng, spec.eligible, i), idOf(n));
  const history = intIn(rng, HISTORY_S[0], HISTORY_S[1]);
  const durationS = intIn(rng, spec.durationS[0], spec.durationS[1]);
  const onsetHour = rng.uniform(spec.startHours[0], spec.startHours[1]);
  const onsetTs = LIBRARY_EPOCH_MS + n * DAY_MS + Math.floor(onsetHour * 3600) * 1000;
  return {
    id: idOf(n),
    profile,
    seed: rng.int(1, 2 ** 31 - 1),
    startTs: onsetTs - history * 1000,
    durationS: history + durationS + CONFOUNDER_TAIL_S,
    injections: [confounderInjection(spec, history, durationS)],
  };
}

function normalEpisode(seed: number, n: number, i: number, hours: number): Episode {
  const rng = new Rng(seed, 0x20000000 + n);
  const profile = withId(pickPet(rng, () => true, i), idOf(n));
  const startTs = LIBRARY_EPOCH_MS + n * DAY_MS + rng.int(0, 23) * HOUR_MS;
  return { id: idOf(n), profile, seed: rng.int(1, 2 ** 31 - 1), startTs, durationS: Math.round(hours * 3600), injections: [] };
}

/** Every episode of the library for a seed, in a fixed order: conditions, confounders, normal days. */
export function buildLibrary(seed: number, size: LibrarySize = LIBRARY_SIZES.full): Episode[] {
  const out: Episode[] = [];
  let n = 0;
  for (const spec of CONDITIONS) {
    for (let i = 0; i < size.perCondition; i++) out.push(conditionEpisode(seed, n++, spec, i + CONDITIONS.indexOf(spec)));
  }
  for (const spec of CONFOUNDERS) {
    for (let i = 0; i < size.perConfounder; i++) out.push(confounderEpisode(seed, n++, spec, i + CONFOUNDERS.indexOf(spec)));
  }
  for (let i = 0; i < size.normalDays; i++) out.push(normalEpisode(seed, n++, i, size.normalDayHours));
  return out;
}

/** The condition of an episode, if it has one. */
export function conditionOf(ep: Episode): Injection | null {
  const last = ep.injections.at(-1);
  return last?.role === 'condition' ? last : null;
}

/** ts at which an injection starts (the scenario's startedTs in the simulator). */
export function onsetTsOf(ep: Episode, inj: Injection): number {
  return ep.startTs + inj.onsetS * 1000;
}

/**
 * Plays an episode: calls `emit` with every reading, in time order, 1 per second. Each
 * injection starts right after the reading at its onset (so that reading's ts is the onset).
 */
export function playEpisode(ep: Episode, emit: (r: VitalsReading) => void): void {
  const sim = createPetSimulator(ep.profile, ep.seed, { deviceId: `collar-${ep.profile.id}` });
  let next = 0;
  for (let s = 0; s < ep.durationS; s++) {
    emit(sim.next(ep.startTs + s * 1000));
    while (next < ep.injections.length && ep.injections[next]!.onsetS === s) {
      const inj = ep.injections[next++]!;
      sim.inject(inj.scenario, { durationS: inj.durationS });
    }
  }
}

/** Whether a reading meets a marker (e.g. temperature ≥ 39.5 °C). */
export function meetsMarker(m: MarkerSpec, r: VitalsReading): boolean {
  const v = r[m.signal];
  if (v === null) return false;
  return m.op === '>=' ? v >= m.value : v <= m.value;
}

/** Total readings of a library (for sizing and progress). */
export function readingsIn(episodes: readonly Episode[]): number {
  return episodes.reduce((t, e) => t + e.durationS, 0);
}
