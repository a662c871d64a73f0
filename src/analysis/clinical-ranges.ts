/**
 * Clinical resting ranges and alert thresholds by species, size and age. Pure data and one
 * lookup (`clinicalThresholdsFor`); detectors read the result, they never hard-code numbers.
 *
 * Sources (full references in /work/shared/reference/clinical.md):
 *   [CLIN]     clinical.md vital-sign table (kennelwood, petsvetcheck.de, vetdepot)
 *   [RISHNIW]  Rishniw et al. 2012, sleeping RR of 114 healthy dogs
 *   [CARDIO]   veterinary cardiology owner guides: sleeping RR action thresholds
 *   [HEAT]     petsvetcheck.de / lazypawvet.com / ocpetnurse.com: hyperthermia, fever, heat stroke
 *   [HYPO]     petsvetcheck.de / indepet.com.au: hypothermia bands
 *   [INVOXIA]  Jarkoff, Lorre & Humbert 2023, Dog Health Vitals (doi:10.5281/zenodo.8020390):
 *              32 healthy resting dogs, HR 5/50/95th pct 44/60/81 bpm, lowest 20-s window 32.6 bpm,
 *              per-dog medians 42–82; breathing 8/12.5/22 per min, highest 40-s window 37.
 * Where a number is an engineering margin rather than a published value, the comment says so.
 */
import { sizeClassOf, type PetProfile, type SizeClass, type Species } from '../domain/pet.ts';

export type Range = { low: number; high: number };

export type ClinicalThresholds = {
  species: Species;
  sizeClass: SizeClass;
  /** Resting ranges the dashboard shows as the "normal band". */
  heartRate: Range;
  respiratoryRate: Range;
  temperatureC: Range;
  /** Resting thresholds (bpm): above mild/marked/severe is level 1/2/3; clear at or below `clear`. */
  tachycardia: { mild: number; marked: number; severe: number; clear: number };
  /** Below mild/marked/severe is level 1/2/3; clear at or above `clear`. */
  bradycardia: { mild: number; marked: number; severe: number; clear: number };
  /** Resting breathing rate (/min): above mild/marked is level 1/2; clear at or below `clear`. */
  tachypnea: { mild: number; marked: number; clear: number };
  /** Sleeping breathing rate (/min), judged on a rolling mean. */
  sleepingRr: { threshold: number; inclusive: boolean; clear: number };
  temperature: {
    hyperthermia: number;
    fever: number;
    heatStroke: number;
    feverClear: number;
    heatStrokeClear: number;
    hypothermia: number;
    hypoModerate: number;
    hypoSevere: number;
    hypoClear: number;
  };
  /** Breathing rate (/min) that counts as panting for the heat-stroke multi-signal rule. */
  pantingRr: number;
};

type HeartRow = { range: Range; bradyMild: number; bradySevere: number; tachySevere: number };

/**
 * Heart rate per size class. Upper bounds: [CLIN] large 60–100, small 100–160 (up to 180),
 * puppy 120–200, cat 140–220 (some sources 120–170). Lower bounds of adult dogs follow
 * [INVOXIA], not the textbook: healthy dogs rest at 40–50 bpm, so bradycardia starts only below
 * the lowest healthy 20-s window seen for that size (large 32.6, medium 36.8, small 45 bpm).
 */
const HEART: Record<SizeClass, HeartRow> = {
  // [CLIN] 60–100 upper; low 40 from [INVOXIA] (per-dog medians down to 42). Brady < 32: below
  // the lowest healthy large-dog window (32.6, [INVOXIA]); severe < 28 (engineering margin).
  large: { range: { low: 40, high: 100 }, bradyMild: 32, bradySevere: 28, tachySevere: 200 },
  // [CLIN] gives no medium row: upper 140 sits between large (100) and small (160). Brady < 34:
  // lowest healthy medium-dog window 36.8 ([INVOXIA]) minus margin.
  medium: { range: { low: 40, high: 140 }, bradyMild: 34, bradySevere: 28, tachySevere: 240 },
  // [CLIN] 100–160 (up to 180); low 45 from [INVOXIA] (small dogs' 5th pct 45–60). Brady < 34
  // as for medium dogs: [INVOXIA] holds only two dogs under 10 kg, and an 11-kg dog (median 47)
  // reached 36.8; a 9.6-kg senior dachshund in deep sleep at 35–36 bpm was alarmed on at the
  // old small-dog line of 40 (issue 3, library seed 4 ep-0261). A small dog that rests at its
  // usual faster rate is still judged against its own normal (heart-rate.ts BRADY_OWN_FACTOR),
  // whose line the clinical low of 45 caps.
  small: { range: { low: 45, high: 160 }, bradyMild: 34, bradySevere: 28, tachySevere: 260 },
  // [CLIN] puppies 120–200. No resting data for puppies: brady far below the range (margin).
  puppy: { range: { low: 120, high: 200 }, bradyMild: 70, bradySevere: 50, tachySevere: 300 },
  // [CLIN] cats 140–220, some sources 120–170: union 120–220. Brady 20 % below 120 (margin).
  cat: { range: { low: 120, high: 220 }, bradyMild: 100, bradySevere: 80, tachySevere: 300 },
  // [CLIN] has no kitten row: cat values.
  kitten: { range: { low: 120, high: 220 }, bradyMild: 100, bradySevere: 80, tachySevere: 300 },
};

/** Warning at 20 % above the resting upper bound, hysteresis clear at 10 % above (margins that
 * absorb excitement at rest; the persistence delay in alert-policies.ts does the rest). */
const TACHY_MILD_FACTOR = 1.2;
const TACHY_CLEAR_FACTOR = 1.1;
/** Bradycardia clears this many bpm above its mild threshold (hysteresis). */
const BRADY_CLEAR_MARGIN = 5;

/** Dog: [CLIN] resting 15–25 (up to 34); low 8 = [INVOXIA] 5th pct. Cat: [CLIN] 20–40. */
const RR_RANGE: Record<Species, Range> = { dog: { low: 8, high: 34 }, cat: { low: 20, high: 40 } };
/** Resting tachypnea: dog > 40 = [CLIN] upper 34 + ~20 % margin, above the highest healthy
 * window (37, [INVOXIA]); cat > 48 = [CLIN] upper 40 + 20 %. Marked > 60 for both (margin:
 * sustained breathing at twice the resting upper bound). */
const TACHYPNEA: Record<Species, { mild: number; marked: number; clear: number }> = {
  dog: { mild: 40, marked: 60, clear: 36 },
  cat: { mild: 48, marked: 60, clear: 44 },
};
/** [CARDIO] sleeping RR: dog sustained > 30/min; cat consistently ≥ 32/min. Clear 3 below. */
const SLEEPING_RR: Record<Species, { threshold: number; inclusive: boolean; clear: number }> = {
  dog: { threshold: 30, inclusive: false, clear: 27 },
  cat: { threshold: 32, inclusive: true, clear: 29 },
};

/** [CLIN] normal body temperature: dog 37.5–39.0 °C, cat 38.0–39.5 °C. */
const TEMP_RANGE: Record<Species, Range> = { dog: { low: 37.5, high: 39.0 }, cat: { low: 38.0, high: 39.5 } };
/** [HEAT] hyperthermia above 39.2–39.5 °C (the upper value, to spare false alarms); fever from
 * 40 °C; heat stroke ≥ 41 °C. Fever clears at 39.2 (the lower cited hyperthermia bound). */
const HYPERTHERMIA_C = 39.5;
const FEVER_C = 40.0;
const HEAT_STROKE_C = 41.0;
const FEVER_CLEAR_C = 39.2;
/** Heat stroke clears once back under the hyperthermia line [HEAT]. */
const HEAT_STROKE_CLEAR_C = 39.5;
/** [HYPO] dog < 37.5, cat < 38.0; bands mild 35–37, moderate 32–35, severe < 32 (the dog
 * bands are applied to cats too: clinical.md gives none for cats). Clear 0.3 °C above. */
const HYPOTHERMIA_C: Record<Species, number> = { dog: 37.5, cat: 38.0 };
const HYPO_MODERATE_C = 35;
const HYPO_SEVERE_C = 32;
const HYPO_CLEAR_MARGIN_C = 0.3;

/** Computes every threshold for one pet; called when a profile is added or changed, never per reading. */
export function clinicalThresholdsFor(profile: Pick<PetProfile, 'species' | 'weightKg' | 'ageYears'>): ClinicalThresholds {
  const sizeClass = sizeClassOf(profile);
  const species = profile.species;
  const h = HEART[sizeClass];
  const tachyMild = Math.round(h.range.high * TACHY_MILD_FACTOR);
  return {
    species,
    sizeClass,
    heartRate: { ...h.range },
    respiratoryRate: { ...RR_RANGE[species] },
    temperatureC: { ...TEMP_RANGE[species] },
    tachycardia: {
      mild: tachyMild,
      marked: Math.round((tachyMild + h.tachySevere) / 2),
      severe: h.tachySevere,
      clear: Math.round(h.range.high * TACHY_CLEAR_FACTOR),
    },
    bradycardia: {
      mild: h.bradyMild,
      marked: Math.round((h.bradyMild + h.bradySevere) / 2),
      severe: h.bradySevere,
      clear: h.bradyMild + BRADY_CLEAR_MARGIN,
    },
    tachypnea: { ...TACHYPNEA[species] },
    sleepingRr: { ...SLEEPING_RR[species] },
    temperature: {
      hyperthermia: HYPERTHERMIA_C,
      fever: FEVER_C,
      heatStroke: HEAT_STROKE_C,
      feverClear: FEVER_CLEAR_C,
      heatStrokeClear: HEAT_STROKE_CLEAR_C,
      hypothermia: HYPOTHERMIA_C[species],
      hypoModerate: HYPO_MODERATE_C,
      hypoSevere: HYPO_SEVERE_C,
      hypoClear: HYPOTHERMIA_C[species] + HYPO_CLEAR_MARGIN_C,
    },
    pantingRr: TACHYPNEA[species].marked,
  };
}

/** Words for explanations: "a resting large dog". */
export function sizeWord(t: Pick<ClinicalThresholds, 'sizeClass'>): string {
  switch (t.sizeClass) {
    case 'large':
      return 'large dog';
    case 'medium':
      return 'medium-sized dog';
    case 'small':
      return 'small dog';
    case 'puppy':
      return 'puppy';
    case 'cat':
      return 'cat';
    case 'kitten':
      return 'kitten';
  }
}

/** Plural words for explanations: "large dogs", "puppies" (not "puppys"). */
export function pluralWord(t: Pick<ClinicalThresholds, 'sizeClass'>): string {
  return t.sizeClass === 'puppy' ? 'puppies' : `${sizeWord(t)}s`;
}
