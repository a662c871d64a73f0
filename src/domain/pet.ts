/**
 * A pet's profile: who the animal is. Detectors use species, size and age to pick the
 * clinical range; the twin carries it with the learned baseline.
 */
import { z } from 'zod';

export const SpeciesSchema = z.enum(['dog', 'cat']);
export type Species = z.infer<typeof SpeciesSchema>;

export const PetProfileSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore'),
    name: z.string().min(1).max(100),
    species: SpeciesSchema,
    breed: z.string().min(1).max(100),
    weightKg: z.number().positive().max(150),
    ageYears: z.number().nonnegative().max(40),
  })
  .strict();

export type PetProfile = z.infer<typeof PetProfileSchema>;

/** Size classes used by the clinical ranges (../shared/reference/clinical.md). */
export type SizeClass = 'puppy' | 'small' | 'medium' | 'large' | 'kitten' | 'cat';

export function sizeClassOf(p: Pick<PetProfile, 'species' | 'weightKg' | 'ageYears'>): SizeClass {
  if (p.species === 'cat') return p.ageYears < 1 ? 'kitten' : 'cat';
  if (p.ageYears < 1) return 'puppy';
  if (p.weightKg < 10) return 'small';
  if (p.weightKg <= 25) return 'medium';
  return 'large';
}
