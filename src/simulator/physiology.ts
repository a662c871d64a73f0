/**
 * Physiology of one simulated pet, as pure functions and constants: the traits a pet is born
 * with (resting rates, temperature, HRV, battery, environment), the behaviour cycle
 * (sleep / rest / active / play), and first-order responses. No state lives here: the
 * per-pet state machine is pet-model.ts. Dog rates are calibrated on the Invoxia dataset
 * (Jarkoff, Lorre & Humbert 2023, CC BY 4.0), see calibration.ts.
 */
import type { PetProfile } from '../domain/pet.ts';
import {
  AMBIENT,
  BATTERY,
  CAT_HR,
  CAT_RR,
  DOG_HR,
  DOG_RR,
  HRV,
  PUPPY_HR,
  PUPPY_HR_FACTOR_AT_BIRTH,
  TEMPERATURE,
} from './calibration.ts';
import type { Rng } from './rng.ts';

export const BEHAVIOURS = ['sleep', 'rest', 'active', 'play'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

type BehaviourSpec = {
  /** Activity level range (0–1) drawn once per episode. */
  activity: readonly [number, number];
  /** Reading-to-reading activity jitter (sd). */
  jitter: number;
  /** Episode duration range in minutes: dogs, cats. */
  minutes: { dog: readonly [number, number]; cat: readonly [number, number] };
  /** HRV relative to the pet's 24 h mean: higher asleep (Hasegawa et al. 2024, clinical.md). */
  hrvFactor: number;
};

/** Behaviour episodes; levels and durations are assumptions shaped like a house pet's day. */
export const BEHAVIOUR_SPECS: Record<Behaviour, BehaviourSpec> = {
  sleep: { activity: [0, 0.03], jitter: 0.005, minutes: { dog: [20, 90], cat: [30, 150] }, hrvFactor: 1.3 },
  rest: { activity: [0.02, 0.12], jitter: 0.02, minutes: { dog: [5, 30], cat: [5, 40] }, hrvFactor: 1.0 },
  active: { activity: [0.3, 0.6], jitter: 0.08, minutes: { dog: [2, 12], cat: [2, 8] }, hrvFactor: 0.45 },
  play: { activity: [0.65, 1], jitter: 0.12, minutes: { dog: [1, 6], cat: [1, 4] }, hrvFactor: 0.25 },
};

/** Transition weights [sleep, rest, active, play] from each state, by day and by night (22–06 h). */
const TRANSITIONS: Record<'day' | 'night', Record<Behaviour, readonly [number, number, number, number]>> = {
  day: {
    sleep: [0, 0.8, 0.2, 0],
    rest: [0.45, 0, 0.4, 0.15],
    active: [0.1, 0.6, 0, 0.3],
    play: [0, 0.6, 0.4, 0],
  },
  night: {
    sleep: [0, 0.95, 0.05, 0],
    rest: [0.8, 0, 0.15, 0.05],
    active: [0.2, 0.7, 0, 0.1],
    play: [0, 0.9, 0.1, 0],
  },
};

/** Picks the next behaviour; `hourOfDay` in [0, 24) biases towards sleep at night. */
export function nextBehaviour(current: Behaviour, hourOfDay: number, rng: Rng): Behaviour {
  const night = hourOfDay >= 22 || hourOfDay < 6;
  const w = TRANSITIONS[night ? 'night' : 'day'][current];
  let u = rng.next() * (w[0] + w[1] + w[2] + w[3]);
  for (let i = 0; i < 4; i++) {
    u -= w[i]!;
    if (u < 0) return BEHAVIOURS[i]!;
  }
  return 'rest';
}

export function episodeDurationS(b: Behaviour, species: PetProfile['species'], rng: Rng): number {
  const [lo, hi] = BEHAVIOUR_SPECS[b].minutes[species];
  return rng.uniform(lo, hi) * 60;
}

/** Hour of day (UTC) of an epoch-ms timestamp. */
export function hourOfDay(ts: number): number {
  return (((ts / 3_600_000) % 24) + 24) % 24;
}

/** What a pet is born with. Drawn once per pet from its own random stream. */
export type PetTraits = {
  species: PetProfile['species'];
  /** Resting (awake, lying) heart rate; asleep is lower (calibration SLEEP_FACTOR). */
  restHr: number;
  /** Heart rate at full exertion. */
  peakHr: number;
  /** Slow wander of the resting rate, ln sd (multiplicative). */
  hrSlowLnSd: number;
  hrShortSd: number;
  restRr: number;
  rrSlowLnSd: number;
  rrShortSd: number;
  /** Breathing rate when panting hard (dogs); cats breathe open-mouthed far less. */
  pantRr: number;
  baseTempC: number;
  /** 24 h mean RMSSD (ms). */
  hrvMs: number;
  batteryPct: number;
  batteryDrainPctPerS: number;
  /** Signal quality of a well-fitted collar at rest. */
  signalBase: number;
  ambientMeanC: number;
};

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Resting heart rate at the middle of the population for this profile (before between-pet spread). */
export function typicalRestingHr(p: Pick<PetProfile, 'species' | 'weightKg' | 'ageYears'>): number {
  const young = p.ageYears < 1 ? 1 + (PUPPY_HR_FACTOR_AT_BIRTH - 1) * (1 - p.ageYears) : 1;
  if (p.species === 'cat') return CAT_HR.median * Math.sqrt(young);
  if (p.ageYears < 1) return PUPPY_HR.median;
  return DOG_HR.k * Math.pow(Math.max(p.weightKg, 1), DOG_HR.exponent) * young;
}

export function sampleTraits(p: PetProfile, rng: Rng): PetTraits {
  const cat = p.species === 'cat';
  const young = p.ageYears < 1;
  const hrCal = cat ? CAT_HR : young ? PUPPY_HR : DOG_HR;
  const rrCal = cat ? CAT_RR : DOG_RR;
  const hrMax = young && cat ? hrCal.max * 1.4 : hrCal.max;
  const restHr = clamp(
    typicalRestingHr(p) * Math.exp(rng.normalIn(0, hrCal.betweenLnSd, -2 * hrCal.betweenLnSd, 2 * hrCal.betweenLnSd)),
    hrCal.min,
    hrMax,
  );
  const restRr = clamp(
    rrCal.median * Math.exp(rng.normalIn(0, rrCal.betweenLnSd, -2 * rrCal.betweenLnSd, 2 * rrCal.betweenLnSd)),
    rrCal.min,
    rrCal.max,
  );
  const hrv = cat ? HRV.cat : HRV.dog;
  const fast = rng.chance(BATTERY.fastShare);
  const [dLo, dHi] = fast ? BATTERY.fastPctPerDay : BATTERY.normalPctPerDay;
  const hot = rng.chance(AMBIENT.hotShare);
  return {
    species: p.species,
    restHr,
    // Exercising dogs reach roughly 3× their home resting rate; capped (assumption).
    peakHr: clamp(restHr * 3.2, 160, 250),
    hrSlowLnSd: hrCal.slowLnSd,
    hrShortSd: hrCal.shortSd,
    restRr,
    rrSlowLnSd: rrCal.slowLnSd,
    rrShortSd: rrCal.shortSd,
    // Panting dogs reach 300–400 breaths/min (reading.ts plausibility note); typical 200–300.
    pantRr: cat ? rng.uniform(45, 70) : rng.uniform(180, 280),
    baseTempC:
      (cat ? TEMPERATURE.cat : TEMPERATURE.dog) + rng.normalIn(0, TEMPERATURE.betweenSd, -0.3, 0.3),
    hrvMs: rng.normalIn(hrv.mean, hrv.sd, HRV.min * 2, hrv.mean + 2 * hrv.sd),
    batteryPct: rng.uniform(BATTERY.initialPct[0], BATTERY.initialPct[1]),
    batteryDrainPctPerS: rng.uniform(dLo, dHi) / 86_400,
    signalBase: rng.uniform(0.86, 0.97),
    ambientMeanC: hot ? rng.normalIn(AMBIENT.hotMeanC, 1, 27, 31) : rng.normalIn(AMBIENT.meanC, AMBIENT.sdC, 20, 26),
  };
}

/** Ambient temperature with a daily cycle peaking mid-afternoon (15 h UTC). */
export function ambientC(traits: PetTraits, ts: number): number {
  return traits.ambientMeanC + AMBIENT.dailyAmplitudeC * Math.sin((2 * Math.PI * (hourOfDay(ts) - 9)) / 24);
}

/** Heat load 0–1 from a warm room: dogs start to pant above ~27 °C (assumption). */
export function heatLoad(ambient: number): number {
  return clamp((ambient - 27) / 6, 0, 1);
}

/**
 * Factor to move a first-order response towards its target over dtS with time constant tauS:
 * x += (target − x) · response(dt, tau). Exact for any step, so a late tick never overshoots.
 */
export function response(dtS: number, tauS: number): number {
  return tauS <= 0 ? 1 : 1 - Math.exp(-dtS / tauS);
}

/** One exact Ornstein–Uhlenbeck step of a zero-mean process with stationary sd and time constant. */
export function ouStep(x: number, dtS: number, tauS: number, sd: number, rng: Rng): number {
  if (dtS <= 0) return x;
  const decay = Math.exp(-dtS / tauS);
  return x * decay + sd * Math.sqrt(1 - decay * decay) * rng.normal();
}
