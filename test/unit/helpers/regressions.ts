/**
 * Shared by the regression suites (analysis-regressions-*.test.ts): an engine fed one pet, the
 * one-line form of a transition, and the pets the reports were about.
 */
import { createDetectionEngine } from '../../../src/analysis/detection-engine.ts';
import type { PetProfile } from '../../../src/domain/pet.ts';
import { Feeder, medical, summary } from './readings.ts';

export const line = (x: { at: number; t: { type: string; alert: { kind: string; severity: string } } }) =>
  `${x.at} ${x.t.type} ${x.t.alert.kind} ${x.t.alert.severity}`;
export const opened = (f: Feeder) => summary(medical(f.all)).filter((s) => s.startsWith('opened'));

export function feeder(profile: PetProfile, defaults = {}) {
  const engine = createDetectionEngine();
  engine.upsertPet(profile);
  return { engine, f: new Feeder(engine, profile.id, defaults) };
}

export const PUPPY: PetProfile = { id: 'biscuit', name: 'Biscuit', species: 'dog', breed: 'golden retriever', weightKg: 14, ageYears: 0.5 };
export const KITTEN: PetProfile = { id: 'mochi', name: 'Mochi', species: 'cat', breed: 'siamese', weightKg: 1.8, ageYears: 0.4 };
export const CHIHUAHUA: PetProfile = { id: 'pixel', name: 'Pixel', species: 'dog', breed: 'chihuahua', weightKg: 2.4, ageYears: 3 };
export const GREAT_DANE: PetProfile = { id: 'bruno', name: 'Bruno', species: 'dog', breed: 'Great Dane', weightKg: 62, ageYears: 4 };
export const OTIS: PetProfile = { id: 'otis', name: 'Otis', species: 'dog', breed: 'Dachshund', weightKg: 9.6, ageYears: 13 };
