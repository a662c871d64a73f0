/**
 * Deterministic pet profiles for a simulated fleet: about three dogs in four, cats the rest,
 * toy to giant breeds, puppies to seniors. Profile i depends only on (seed, i), so a fleet of
 * 10 is the first 10 pets of a fleet of 1,000. Breed weights are typical adult ranges
 * (assumption, kennel-club style figures), scaled down for pets under a year.
 */
import type { PetProfile, Species } from '../domain/pet.ts';
import { Rng } from './rng.ts';

type Breed = { name: string; kg: readonly [number, number] };

const DOG_BREEDS: readonly Breed[] = [
  { name: 'Chihuahua', kg: [1.5, 3] },
  { name: 'Yorkshire Terrier', kg: [2, 3.5] },
  { name: 'Pomeranian', kg: [1.8, 3.5] },
  { name: 'Jack Russell Terrier', kg: [5, 8] },
  { name: 'French Bulldog', kg: [8, 13] },
  { name: 'Dachshund', kg: [7, 12] },
  { name: 'Beagle', kg: [9, 14] },
  { name: 'Cocker Spaniel', kg: [12, 15] },
  { name: 'Fox Terrier', kg: [7, 9] },
  { name: 'Whippet', kg: [10, 14] },
  { name: 'Border Collie', kg: [14, 20] },
  { name: 'Australian Shepherd', kg: [16, 29] },
  { name: 'Dalmatian', kg: [20, 30] },
  { name: 'Siberian Husky', kg: [16, 27] },
  { name: 'Boxer', kg: [25, 32] },
  { name: 'Labrador Retriever', kg: [25, 36] },
  { name: 'Golden Retriever', kg: [25, 34] },
  { name: 'German Shepherd', kg: [25, 40] },
  { name: 'Weimaraner', kg: [25, 37] },
  { name: 'Bernese Mountain Dog', kg: [35, 50] },
  { name: 'Leonberger', kg: [40, 65] },
  { name: 'Great Dane', kg: [50, 80] },
  { name: 'Mixed breed', kg: [6, 30] },
];

const CAT_BREEDS: readonly Breed[] = [
  { name: 'Domestic Shorthair', kg: [3.5, 6] },
  { name: 'Domestic Longhair', kg: [3.5, 6] },
  { name: 'Maine Coon', kg: [5, 9] },
  { name: 'Siamese', kg: [3, 5] },
  { name: 'British Shorthair', kg: [4, 7.5] },
  { name: 'Persian', kg: [3, 5.5] },
  { name: 'Ragdoll', kg: [4.5, 9] },
  { name: 'Bengal', kg: [3.5, 7] },
];

const NAMES: readonly string[] = [
  'Bella', 'Max', 'Luna', 'Charlie', 'Lucy', 'Cooper', 'Daisy', 'Milo', 'Molly', 'Rocky',
  'Sadie', 'Bear', 'Maggie', 'Tucker', 'Chloe', 'Leo', 'Sophie', 'Duke', 'Zoe', 'Oliver',
  'Ruby', 'Teddy', 'Lola', 'Winston', 'Rosie', 'Murphy', 'Nala', 'Oscar', 'Penny', 'Jasper',
  'Willow', 'Finn', 'Pepper', 'Bruno', 'Coco', 'Simba', 'Mochi', 'Biscuit', 'Hazel', 'Loki',
  'Olive', 'Gus', 'Ivy', 'Ziggy', 'Maple', 'Otis', 'Pixel', 'Nova', 'Rex', 'Tilly',
  'Shadow', 'Misty', 'Felix', 'Cleo', 'Tiger', 'Smokey', 'Ginger', 'Pumpkin', 'Juno', 'Archie',
];

/** Share of dogs in a fleet. */
export const DOG_SHARE = 0.75;

/** Zero-padded 1-based number: 1 → "001". Wider fleets get wider numbers. */
export function fleetNumber(index: number, count: number): string {
  return String(index + 1).padStart(Math.max(3, String(count).length), '0');
}

/** The profile of pet number `index` (0-based) in a fleet of `count` built from `seed`. */
export function generateProfile(seed: number, index: number, count: number): PetProfile {
  // Stream offset keeps profile draws independent of the pet's physiology stream (same index).
  const rng = new Rng(seed, 0x40000000 + index);
  const species: Species = rng.chance(DOG_SHARE) ? 'dog' : 'cat';
  const breed = rng.pick(species === 'dog' ? DOG_BREEDS : CAT_BREEDS);
  // Ages: ~8 % under a year, most 1–10, some seniors to 15 (dogs) or 18 (cats).
  const u = rng.next();
  const maxAge = species === 'dog' ? 15 : 18;
  const ageYears = u < 0.08 ? rng.uniform(0.25, 1) : u < 0.85 ? rng.uniform(1, 10) : rng.uniform(10, maxAge);
  const adultKg = rng.uniform(breed.kg[0], breed.kg[1]);
  const growth = ageYears < 1 ? 0.3 + 0.7 * ageYears : 1;
  return {
    id: `pet-${fleetNumber(index, count)}`,
    name: rng.pick(NAMES),
    species,
    breed: breed.name,
    weightKg: Math.round(Math.max(0.5, adultKg * growth) * 10) / 10,
    ageYears: Math.round(ageYears * 10) / 10,
  };
}
