/**
 * Scenario injection: named episodes of illness or collar trouble laid over a simulated pet's
 * normal physiology. A scenario bends the targets the pet's first-order responses move towards,
 * for a duration; afterwards the same responses bring the pet back to normal. Clinical
 * figures come from ../shared/reference/clinical.md unless marked as an assumption.
 */
import { z } from 'zod';
import type { Behaviour, PetTraits } from './physiology.ts';
import type { Rng } from './rng.ts';

export const SCENARIO_NAMES = [
  'tachycardia',
  'bradycardia',
  'fever',
  'heat_stroke',
  'hypothermia',
  'collapse',
  'seizure',
  'collar_removed',
  'clear',
] as const;
export const ScenarioNameSchema = z.enum(SCENARIO_NAMES);
export type ScenarioName = z.infer<typeof ScenarioNameSchema>;
/** Scenarios that run for a while (`clear` only ends them). */
export type EpisodeName = Exclude<ScenarioName, 'clear'>;

type ScenarioSpec = {
  description: string;
  /** Default duration at speed 1, seconds of simulated time. */
  defaultDurationS: number;
  /** Behaviour the pet is held in while the scenario runs (lethargy), or null to leave it free. */
  hold: Behaviour | null;
  /** Behaviour held for a while after the scenario ends (post-ictal rest), seconds at speed 1. */
  afterRestS: number;
};

export const SCENARIO_SPECS: Record<EpisodeName, ScenarioSpec> = {
  tachycardia: {
    description: 'heart rate climbs to 200–260 bpm within seconds while the pet lies still',
    defaultDurationS: 180,
    hold: 'rest',
    afterRestS: 0,
  },
  bradycardia: {
    description: 'heart rate falls to 25–35 bpm within seconds, pet lethargic',
    defaultDurationS: 180,
    hold: 'rest',
    afterRestS: 0,
  },
  fever: {
    description: 'temperature rises over ~25 min to about 40.5 °C, heart and breathing rates up, pet lethargic',
    defaultDurationS: 2700,
    hold: 'rest',
    afterRestS: 0,
  },
  heat_stroke: {
    description: 'temperature climbs past 41 °C within ~10 min with heavy panting (150+/min) and heart rate 180+',
    defaultDurationS: 1200,
    hold: 'rest',
    afterRestS: 0,
  },
  hypothermia: {
    description: 'temperature falls over ~30 min to 34–35 °C, heart and breathing rates slow',
    defaultDurationS: 2700,
    hold: 'rest',
    afterRestS: 0,
  },
  collapse: {
    description: 'sudden collapse: activity stops dead, heart rate falls to 28–40 bpm, breathing 6–9/min',
    defaultDurationS: 120,
    hold: 'rest',
    afterRestS: 600,
  },
  seizure: {
    description: 'convulsions: violent erratic movement, heart rate 190–230, erratic breathing, poor signal',
    defaultDurationS: 120,
    hold: 'rest',
    afterRestS: 900,
  },
  collar_removed: {
    description: 'collar taken off: no heart or breathing rate, signal quality near 0, sensor cools to room temperature',
    defaultDurationS: 300,
    hold: null,
    afterRestS: 0,
  },
};

/** Name and one-line description of every scenario, for the API and CLI to list. */
export const SCENARIOS: readonly { name: ScenarioName; description: string }[] = [
  ...(Object.keys(SCENARIO_SPECS) as EpisodeName[]).map((name) => ({ name, description: SCENARIO_SPECS[name].description })),
  { name: 'clear', description: 'end the active scenario now; the pet recovers to normal' },
];

/** One running scenario on one pet. `level` (0–1) fixes this episode's severity within the range. */
export type ScenarioRun = {
  name: EpisodeName;
  startedTs: number;
  endsTs: number;
  /** Course speed-up: 10 = the physiological course runs ten times faster (demos). */
  speed: number;
  level: number;
};

/**
 * What the pet's responses move towards this tick. pet-model.ts fills it with normal physiology,
 * then applyScenario bends it. One object per pet, reused every tick (no allocation).
 */
export type Targets = {
  activity: number;
  activityJitter: number;
  /** Activity response time constant; 0 = jumps at once (a collapse). */
  activityTauS: number;
  hr: number;
  hrTauS: number;
  rr: number;
  rrTauS: number;
  tempC: number;
  tempTauS: number;
  hrvFactor: number;
  /** False when the collar is off the pet: no contact sensors, skin sensor cools to ambient. */
  worn: boolean;
  /** Activity-equivalent added to motion-artefact probabilities (seizures). */
  artefactBoost: number;
  /** Subtracted from signal quality. */
  signalPenalty: number;
};

const lerp = (a: number, b: number, f: number) => a + (b - a) * (f < 0 ? 0 : f > 1 ? 1 : f);

/**
 * Bends `t` for a running scenario. `elapsedS` is simulated seconds since it started; the
 * course runs `run.speed` times faster. Heart rate rises ~10 bpm per °C of fever (Liebermeister's
 * rule in people, an assumption for pets).
 */
export function applyScenario(run: ScenarioRun, t: Targets, elapsedS: number, traits: PetTraits, rng: Rng): void {
  const e = elapsedS * run.speed;
  const s = run.speed;
  const L = run.level;
  switch (run.name) {
    case 'tachycardia':
      // clinical.md: a high heart rate is a finding at rest; 200–260 is far above any resting range.
      t.hr = 205 + 50 * L;
      t.hrTauS = 3 / s;
      t.rr *= 1.2;
      t.hrvFactor *= 0.3;
      return;
    case 'bradycardia':
      t.hr = 26 + 8 * L;
      t.hrTauS = 5 / s;
      t.rr *= 0.9;
      return;
    case 'fever': {
      // Fever from 40 °C (clinical.md, petsvetcheck.de); peak 40.3–40.7 after ~25 min.
      const peak = 40.3 + 0.4 * L;
      t.tempC = lerp(t.tempC, peak, e / 1500);
      t.tempTauS = 60 / s;
      const dT = Math.max(0, t.tempC - traits.baseTempC);
      t.hr += 10 * dT;
      t.rr *= 1 + 0.15 * dT;
      t.hrvFactor *= 0.7;
      return;
    }
    case 'heat_stroke': {
      // Heat stroke ≥ 41 °C (clinical.md, lazypawvet.com); peak 41.3–41.9 after ~10 min.
      const f = e / 600;
      t.tempC = lerp(t.tempC, 41.3 + 0.6 * L, f);
      t.tempTauS = 30 / s;
      t.rr = lerp(t.rr, 160 + 60 * L, e / 180);
      t.rrTauS = 20 / s;
      t.hr = lerp(t.hr, 185 + 35 * L, e / 300);
      t.hrTauS = 20 / s;
      t.hrvFactor *= 0.3;
      t.activity = Math.max(t.activity, 0.15);
      return;
    }
    case 'hypothermia': {
      // Hypothermia < 37.5 °C, moderate 32–35 (clinical.md, petsvetcheck.de); slowing of heart and
      // breathing with cold is an assumption (~7 %/°C HR, ~6 %/°C RR).
      t.tempC = lerp(t.tempC, 34 + L, e / 1800);
      t.tempTauS = 60 / s;
      const dT = Math.max(0, traits.baseTempC - t.tempC);
      t.hr *= Math.max(0.5, 1 - 0.07 * dT);
      t.rr *= Math.max(0.5, 1 - 0.06 * dT);
      return;
    }
    case 'collapse':
      t.activity = 0;
      t.activityJitter = 0.002;
      t.activityTauS = 0;
      t.hr = 28 + 12 * L;
      t.hrTauS = 3 / s;
      t.rr = 6 + 3 * L;
      t.rrTauS = 5 / s;
      t.hrvFactor *= 0.5;
      return;
    case 'seizure':
      t.activity = 0.9;
      t.activityJitter = 0.1;
      t.activityTauS = 0;
      t.hr = 190 + 40 * L;
      t.hrTauS = 8 / s;
      t.rr = rng.uniform(20, 140);
      t.rrTauS = 2;
      t.tempC += 0.8 * Math.min(1, e / 600);
      t.tempTauS = 60 / s;
      t.hrvFactor *= 0.3;
      t.artefactBoost = 0.5;
      t.signalPenalty = 0.35;
      return;
    case 'collar_removed':
      t.worn = false;
      t.activity = 0;
      t.activityJitter = 0.002;
      t.activityTauS = 0;
      return;
  }
}
