/**
 * What the scenario library is made of: the pets (dogs and cats of several sizes and ages), the
 * medical conditions with the alert kinds that SHOULD be raised for each, and the confounders
 * that must raise NO medical alert. Pure data; scenario-library.ts turns it into seeded episodes
 * and the simulator (src/simulator/scenarios.ts) plays the physiology behind every name.
 */
import type { MEDICAL_KINDS } from '../domain/alert.ts';
import type { PetProfile } from '../domain/pet.ts';
import type { Behaviour } from '../simulator/physiology.ts';
import type { EpisodeName } from '../simulator/scenarios.ts';

export type MedicalKind = (typeof MEDICAL_KINDS)[number];

/** A moment in a condition's course that clinicians time from (e.g. a fever crossing 39.5 °C). */
export type MarkerSpec = {
  /** Short label for tables, e.g. "39.5 °C". */
  label: string;
  signal: 'temperatureC' | 'heartRate' | 'respiratoryRate';
  op: '>=' | '<=';
  value: number;
};

export type ConditionSpec = {
  /** Name in tables and JSON. */
  name: string;
  scenario: EpisodeName;
  /** An alert of any of these kinds counts as a detection. */
  expectedKinds: readonly MedicalKind[];
  /** Simulated seconds the condition runs: [min, max]. */
  durationS: readonly [number, number];
  marker: MarkerSpec | null;
  /** Pets the condition is simulated on. */
  eligible: (p: PetProfile) => boolean;
  /** For a condition defined against the pet's own normal: the behaviours that normal is of,
   * and how many seconds of them the history before onset must hold (scenario-library.ts). */
  ownNormal?: { behaviours: readonly Behaviour[]; minS: number };
};

/** 10 min of the reference state before onset: twice the 5-min warm-up of a learned normal
 * (src/analysis/baseline.ts), since the first minutes of each rest or sleep are still settling. */
const OWN_NORMAL_MIN_S = 600;

export type ConfounderSpec = {
  name: string;
  scenario: EpisodeName;
  durationS: readonly [number, number];
  /** Hours of day (UTC, the simulator's clock) the confounder may start at: [from, to). */
  startHours: readonly [number, number];
  eligible: (p: PetProfile) => boolean;
};

const anyPet = () => true;
const adult = (p: PetProfile) => p.ageYears >= 1;

/**
 * The pets episodes are drawn from. Weights are typical for the breed and age (assumption);
 * a few seniors and young animals on purpose, since their normal differs.
 */
export const LIBRARY_PETS: readonly PetProfile[] = [
  { id: 'chihuahua', name: 'Pixel', species: 'dog', breed: 'Chihuahua', weightKg: 2.4, ageYears: 3 },
  { id: 'jack-russell', name: 'Rocky', species: 'dog', breed: 'Jack Russell Terrier', weightKg: 6.8, ageYears: 6 },
  { id: 'dachshund-senior', name: 'Otis', species: 'dog', breed: 'Dachshund', weightKg: 9, ageYears: 13 },
  { id: 'beagle', name: 'Daisy', species: 'dog', breed: 'Beagle', weightKg: 12, ageYears: 4 },
  { id: 'border-collie', name: 'Finn', species: 'dog', breed: 'Border Collie', weightKg: 18, ageYears: 2 },
  { id: 'golden-puppy', name: 'Biscuit', species: 'dog', breed: 'Golden Retriever', weightKg: 14, ageYears: 0.5 },
  { id: 'labrador', name: 'Bella', species: 'dog', breed: 'Labrador Retriever', weightKg: 31, ageYears: 5 },
  { id: 'shepherd-senior', name: 'Duke', species: 'dog', breed: 'German Shepherd', weightKg: 36, ageYears: 10 },
  { id: 'great-dane', name: 'Bruno', species: 'dog', breed: 'Great Dane', weightKg: 62, ageYears: 4 },
  { id: 'domestic-cat', name: 'Luna', species: 'cat', breed: 'Domestic Shorthair', weightKg: 4.5, ageYears: 5 },
  { id: 'maine-coon', name: 'Simba', species: 'cat', breed: 'Maine Coon', weightKg: 7.5, ageYears: 8 },
  { id: 'kitten', name: 'Mochi', species: 'cat', breed: 'Siamese', weightKg: 1.8, ageYears: 0.4 },
  { id: 'senior-cat', name: 'Misty', species: 'cat', breed: 'Persian', weightKg: 4, ageYears: 15 },
];

/** Clinical thresholds of the markers: clinical.md (petsvetcheck.de, lazypawvet.com). */
const FEVER_MARK_C = 39.5;
const HEAT_STROKE_MARK_C = 41;
const HYPOTHERMIA_MARK_C = 37.5;

export const CONDITIONS: readonly ConditionSpec[] = [
  {
    name: 'tachycardia_at_rest',
    scenario: 'tachycardia',
    expectedKinds: ['tachycardia'],
    durationS: [180, 300],
    marker: null,
    eligible: anyPet,
  },
  {
    name: 'bradycardia',
    scenario: 'bradycardia',
    expectedKinds: ['bradycardia', 'collapse'],
    durationS: [180, 300],
    marker: null,
    eligible: anyPet,
  },
  {
    name: 'collapse',
    scenario: 'collapse',
    expectedKinds: ['collapse', 'bradycardia'],
    durationS: [120, 180],
    marker: null,
    eligible: anyPet,
  },
  {
    name: 'fever',
    scenario: 'fever',
    expectedKinds: ['fever'],
    durationS: [2100, 2700],
    marker: { label: `${FEVER_MARK_C} °C`, signal: 'temperatureC', op: '>=', value: FEVER_MARK_C },
    eligible: anyPet,
  },
  {
    name: 'heat_stroke',
    scenario: 'heat_stroke',
    expectedKinds: ['heat_stroke'],
    durationS: [900, 1200],
    marker: { label: `${HEAT_STROKE_MARK_C} °C`, signal: 'temperatureC', op: '>=', value: HEAT_STROKE_MARK_C },
    eligible: anyPet,
  },
  {
    name: 'hypothermia',
    scenario: 'hypothermia',
    expectedKinds: ['hypothermia'],
    durationS: [1200, 1800],
    marker: { label: `${HYPOTHERMIA_MARK_C} °C`, signal: 'temperatureC', op: '<=', value: HYPOTHERMIA_MARK_C },
    eligible: anyPet,
  },
  {
    name: 'sleeping_rr_rise',
    scenario: 'sleeping_rr_rise',
    expectedKinds: ['sleeping_rr_rise', 'tachypnea'],
    durationS: [2400, 3000],
    marker: null,
    eligible: anyPet,
    // "> 25 % above the pet's own baseline" ([CARDIO], clinical.md) is its own sleeping rate.
    ownNormal: { behaviours: ['sleep'], minS: OWN_NORMAL_MIN_S },
  },
  {
    name: 'seizure',
    scenario: 'seizure',
    expectedKinds: ['seizure'],
    durationS: [60, 180],
    marker: null,
    eligible: anyPet,
  },
  {
    name: 'baseline_shift',
    scenario: 'baseline_shift',
    // A shift that lifts a small dog's or a cat's resting rate above the clinical resting range
    // at 1.5× its own is tachycardia at rest (detectors/heart-rate.ts TACHY_OWN_MILD_FACTOR),
    // the more specific name; below the range only the deviation detector can see it.
    expectedKinds: ['baseline_deviation', 'tachycardia'],
    durationS: [1800, 2400],
    marker: null,
    eligible: adult,
    // A change from the pet's own resting rate needs that rate to have been seen.
    ownNormal: { behaviours: ['sleep', 'rest'], minS: OWN_NORMAL_MIN_S },
  },
];

export const CONFOUNDERS: readonly ConfounderSpec[] = [
  { name: 'play', scenario: 'play', durationS: [300, 1200], startHours: [7, 21], eligible: anyPet },
  { name: 'excitement', scenario: 'excitement', durationS: [60, 300], startHours: [7, 22], eligible: anyPet },
  { name: 'deep_sleep', scenario: 'deep_sleep', durationS: [2700, 5400], startHours: [0, 24], eligible: anyPet },
  { name: 'hot_exercise', scenario: 'hot_exercise', durationS: [2400, 2400], startHours: [12, 18], eligible: anyPet },
  { name: 'motion_artefacts', scenario: 'motion_artefacts', durationS: [300, 900], startHours: [0, 24], eligible: anyPet },
  { name: 'loose_collar', scenario: 'loose_collar', durationS: [900, 2700], startHours: [0, 24], eligible: anyPet },
  { name: 'collar_removed', scenario: 'collar_removed', durationS: [300, 1800], startHours: [6, 23], eligible: anyPet },
  { name: 'sensor_dropout', scenario: 'sensor_dropout', durationS: [60, 600], startHours: [0, 24], eligible: anyPet },
  { name: 'low_battery', scenario: 'low_battery', durationS: [1800, 3600], startHours: [0, 24], eligible: anyPet },
];
