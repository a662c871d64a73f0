/**
 * Scenario injection: named episodes of illness or collar trouble laid over a simulated pet's
 * normal physiology. A scenario bends the targets the pet's first-order responses move towards,
 * for a duration; afterwards the same responses bring the pet back to normal. Clinical
 * figures come from ../shared/reference/clinical.md unless marked as an assumption.
 */
import { z } from 'zod';
import type { Behaviour, PetTraits } from './physiology.ts';
import type { Rng } from './rng.ts';
import { CAT_HR, DOG_HR } from './calibration.ts';

export const SCENARIO_NAMES = [
  'tachycardia',
  'bradycardia',
  'fever',
  'heat_stroke',
  'hypothermia',
  'collapse',
  'seizure',
  'sleeping_rr_rise',
  'baseline_shift',
  'collar_removed',
  'play',
  'excitement',
  'deep_sleep',
  'hot_exercise',
  'motion_artefacts',
  'loose_collar',
  'sensor_dropout',
  'low_battery',
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
    description: 'sudden collapse: activity stops dead, heart rate falls to 28–40 bpm (at most 50–65 % of the pet\'s own), breathing 6–9/min (at most 60–75 % of its own)',
    defaultDurationS: 120,
    hold: 'rest',
    afterRestS: 600,
  },
  seizure: {
    description: 'convulsions: violent erratic movement, heart rate 190–230 (at least 1.3× the pet\'s own), erratic breathing, poor signal',
    defaultDurationS: 120,
    hold: 'rest',
    afterRestS: 900,
  },
  sleeping_rr_rise: {
    description: 'sleeping breathing rate climbs over ~20 min to 1.5–2.8× the pet\'s own, for cats to at least 36–40/min (early sign of heart failure)',
    defaultDurationS: 3600,
    hold: 'sleep',
    afterRestS: 0,
  },
  baseline_shift: {
    description: 'resting heart rate jumps within a minute to ~1.5× the pet\'s own (dogs; ~1.3× cats) and stays there, inside the clinical range',
    defaultDurationS: 3600,
    hold: 'rest',
    afterRestS: 0,
  },
  collar_removed: {
    description: 'collar taken off: no heart or breathing rate, signal quality near 0, sensor cools to room temperature',
    defaultDurationS: 300,
    hold: null,
    afterRestS: 0,
  },
  // Confounders below: normal life or collar trouble that must not raise a medical alert.
  play: {
    description: 'play and exercise: high activity, heart rate up to the pet\'s peak, panting afterwards',
    defaultDurationS: 900,
    hold: 'play',
    afterRestS: 0,
  },
  excitement: {
    description: 'excitement (doorbell, owner home): heart rate 1.5–1.9× resting with moderate movement',
    defaultDurationS: 240,
    hold: 'active',
    afterRestS: 0,
  },
  deep_sleep: {
    description: 'deep sleep: heart rate ~15 % and breathing ~15 % below the pet\'s usual sleeping rates',
    defaultDurationS: 5400,
    hold: 'sleep',
    afterRestS: 0,
  },
  hot_exercise: {
    description: 'exercise on a hot day: 10 min of play, then lying down panting for half an hour, body temperature up ~0.8 °C',
    defaultDurationS: 2400,
    hold: 'rest',
    afterRestS: 0,
  },
  motion_artefacts: {
    description: 'scratching and head shaking: light movement with many wrong heart-rate values (spikes and halvings)',
    defaultDurationS: 600,
    hold: 'rest',
    afterRestS: 0,
  },
  loose_collar: {
    description: 'loose collar: signal quality swings between good and poor every minute or so, many missing and wrong values',
    defaultDurationS: 1800,
    hold: null,
    afterRestS: 0,
  },
  sensor_dropout: {
    description: 'sensor dropout: the collar keeps sending frames but every field is empty',
    defaultDurationS: 300,
    hold: null,
    afterRestS: 0,
  },
  low_battery: {
    description: 'battery drains within ~15 min to a few percent and stays there',
    defaultDurationS: 1800,
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
  /** Added to the per-reading probability of a wrong heart-rate value (loose collar, scratching). */
  hrJumpBoost: number;
  /** Added to the per-reading probability of a missing heart or breathing rate. */
  nullBoost: number;
  /** True while the collar sends empty frames (sensor dropout). */
  dropout: boolean;
  /** Extra battery drain, %/s, while the battery is above the collar's reserve. */
  batteryDrainBoostPctPerS: number;
};

/** Lowest sleeping breathing rate a cat's heart-failure rise ends at (see sleeping_rr_rise). */
const CAT_SLEEP_RR_RISE_MIN = 36;

/** Slowest ventricular escape rhythm in dogs (Vetstream Canis, 3rd-degree AV block: 15–40/min). */
const COLLAPSE_ESCAPE_MIN_BPM = 15;

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
      // clinical.md: a high heart rate is a finding at rest; 200–260 is far above any adult dog's
      // resting range. Cats and puppies rest higher: at least 1.8× their own rate (assumption).
      t.hr = Math.min(330, Math.max(205 + 50 * L, 1.8 * traits.restHr));
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
      // Bradyarrhythmic collapse: the ventricles fall back on an escape rhythm of 15–40/min
      // (Vetstream Canis, 3rd-degree AV block: Bulmer, Rishniw & Swift; Purkinje escape
      // 15–40/min, syncope from sudden asystole). 28–40 suits most pets, but a giant dog resting
      // at 40 would then barely slow, which is no collapse: its rate falls to 50–65 % of its
      // own (the fraction is an assumption), never below the 15/min escape floor.
      t.hr = Math.max(COLLAPSE_ESCAPE_MIN_BPM, Math.min(28 + 12 * L, t.hr * (0.5 + 0.15 * L)));
      t.hrTauS = 3 / s;
      // Breathing slows with the failing circulation; 6–9/min is no slowing for a large dog
      // that already sleeps at 9, so it also falls to at most 60–75 % of its own (assumption).
      t.rr = Math.min(6 + 3 * L, t.rr * (0.6 + 0.15 * L));
      t.rrTauS = 5 / s;
      t.hrvFactor *= 0.5;
      return;
    case 'seizure':
      t.activity = 0.9;
      t.activityJitter = 0.1;
      t.activityTauS = 0;
      // Convulsions are violent muscular work: the heart races as in hard exercise. 190–230 is
      // far above a dog's rest, but a kitten resting at ~220 would then not speed up at all; so
      // at least 1.3–1.5× the pet's own resting rate, capped like tachycardia (assumption).
      t.hr = Math.min(330, Math.max(190 + 40 * L, (1.3 + 0.2 * L) * traits.restHr));
      t.hrTauS = 8 / s;
      t.rr = rng.uniform(20, 140);
      t.rrTauS = 2;
      t.tempC += 0.8 * Math.min(1, e / 600);
      t.tempTauS = 60 / s;
      t.hrvFactor *= 0.3;
      t.artefactBoost = 0.5;
      t.signalPenalty = 0.35;
      return;
    case 'sleeping_rr_rise': {
      // Sleeping RR sustained > 30/min (dogs) or > 25 % above the pet's own is the early sign of
      // congestive heart failure (clinical.md: Rishniw et al. 2012, cardiology owner guides).
      // A 20-min rise to 1.5–2.8× is an assumption (a compressed version of days to weeks).
      // For cats the guides give no relative rule, only "consistently ≥ 32/min, some healthy
      // cats reach 38" (clinical.md), and cats with controlled heart failure sleep at a median
      // 20 (13–31, Porciello et al. 2016): a cat sleeping at 19 whose rate rose 1.5× to ~29 is
      // not yet a finding by any cited line, yet it was labelled one (library seed 2 ep-0161,
      // ep-0163). A cat's rise therefore ends at least at 36–40/min, clearly over the 32 line.
      const risen = t.rr * (1.5 + 1.3 * L);
      const catFloor = traits.species === 'cat' ? CAT_SLEEP_RR_RISE_MIN + 4 * L : 0;
      t.rr = lerp(t.rr, risen > catFloor ? risen : catFloor, e / 1200);
      t.hr *= lerp(1, 1.1, e / 1200);
      return;
    }
    case 'baseline_shift':
      // A resting rate that jumps and stays (pain, early illness): 55 → ~82 bpm in a large dog,
      // below every fixed tachycardia threshold. Factors are assumptions chosen to stay in range.
      t.hr *= lerp(1, traits.species === 'cat' ? 1.25 + 0.05 * L : 1.45 + 0.1 * L, e / 60);
      return;
    case 'collar_removed':
      t.worn = false;
      t.activity = 0;
      t.activityJitter = 0.002;
      t.activityTauS = 0;
      return;
    case 'play':
      t.activity = Math.max(t.activity, 0.75 + 0.2 * L);
      return;
    case 'excitement':
      // Moderate movement, heart rate well above rest but below the pet's exercise peak (assumption).
      t.activity = 0.25 + 0.2 * L;
      t.activityJitter = 0.08;
      t.hr = Math.max(t.hr, Math.min(traits.peakHr, traits.restHr * (1.5 + 0.4 * L)));
      t.hrTauS = 10 / s;
      return;
    case 'deep_sleep':
      // 15 % below light sleep, but never below 85 % of the slowest healthy resting rate of the
      // species (Invoxia's slowest dog: median 42 bpm, calibration.ts): stacked on the sleep
      // factor and a slow low drift, a slow Labrador reached 31 bpm, below the lowest healthy
      // large-dog window in the real data (32.6), so deep sleep looked like bradycardia (issue 3).
      t.hr = Math.max(t.hr * 0.85, 0.85 * (traits.species === 'cat' ? CAT_HR.min : DOG_HR.min));
      t.rr *= 0.85;
      t.hrvFactor *= 1.2;
      return;
    case 'hot_exercise':
      if (e < 600) {
        t.activity = 0.7 + 0.25 * L;
        t.activityJitter = 0.12;
      }
      // Heat-panting that fades over 30 min after play (dogs; cats barely pant) plus +0.3 °C from a
      // hot room on top of the exertion rise pet-model applies (assumption: below 39.5 °C).
      t.rr = Math.max(t.rr, lerp(traits.pantRr * 0.55, t.rr, (e - 600) / 1800));
      t.tempC += 0.3;
      return;
    case 'motion_artefacts':
      t.activity = 0.12 + 0.2 * L;
      t.activityJitter = 0.1;
      t.artefactBoost = 0.3;
      t.hrJumpBoost = 0.12;
      return;
    case 'loose_collar': {
      // Contact comes and goes with the collar sliding: a ~90 s cycle of poor signal.
      const slip = 0.5 + 0.5 * Math.sin((2 * Math.PI * e) / 90 + 6 * L);
      t.signalPenalty = 0.55 * slip;
      t.nullBoost = 0.3 * slip;
      t.hrJumpBoost = 0.06 * slip;
      return;
    }
    case 'sensor_dropout':
      t.dropout = true;
      return;
    case 'low_battery':
      t.batteryDrainBoostPctPerS = 0.12 * s;
      return;
  }
}
