/**
 * The collar reading: the one message every part of the pipeline agrees on.
 * The zod schema is both the validation at the edge (bad readings go to the dead-letter topic)
 * and the TypeScript type. Bounds are physical plausibility limits, not clinical ranges:
 * a value outside them is a broken sensor or a broken producer, never a sick pet.
 */
import { z } from 'zod';

/** Physical plausibility bounds. Clinical ranges live in src/analysis/clinical-ranges.ts. */
export const PLAUSIBLE = {
  // No mammal heart beats above ~400/min at rest or in exercise (shrews excepted); 0 = asystole.
  heartRate: { min: 0, max: 400 },
  // Panting dogs reach 300-400 breaths/min.
  respiratoryRate: { min: 0, max: 400 },
  // Skin/core sensor range a collar can physically report.
  temperatureC: { min: 20, max: 46 },
  hrvMs: { min: 0, max: 3000 },
} as const;

const nullableBounded = (min: number, max: number, unit: string) =>
  z
    .number()
    .refine(Number.isFinite, { message: 'must be a finite number' })
    .refine((v) => v >= min && v <= max, { message: `must be between ${min} and ${max} ${unit}` })
    .nullable();

export const VitalsReadingSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    petId: z.string().min(1).max(100),
    deviceId: z.string().min(1).max(100),
    /** When the collar measured, ms since the Unix epoch. */
    ts: z.number().int().positive(),
    /** Per-device counter, to spot gaps and reordering. */
    seq: z.number().int().nonnegative(),
    heartRate: nullableBounded(PLAUSIBLE.heartRate.min, PLAUSIBLE.heartRate.max, 'bpm'),
    respiratoryRate: nullableBounded(PLAUSIBLE.respiratoryRate.min, PLAUSIBLE.respiratoryRate.max, 'breaths/min'),
    temperatureC: nullableBounded(PLAUSIBLE.temperatureC.min, PLAUSIBLE.temperatureC.max, '°C'),
    activity: nullableBounded(0, 1, '(fraction)'),
    hrvMs: nullableBounded(PLAUSIBLE.hrvMs.min, PLAUSIBLE.hrvMs.max, 'ms'),
    batteryPct: nullableBounded(0, 100, '%'),
    signalQuality: nullableBounded(0, 1, '(fraction)'),
  })
  .strict();

export type VitalsReading = z.infer<typeof VitalsReadingSchema>;

export type ParseResult =
  | { ok: true; reading: VitalsReading }
  | { ok: false; reason: string };

/** Decodes raw Kafka bytes into a reading, or says precisely why it cannot. Never throws. */
export function parseReading(bytes: Buffer | Uint8Array | string | null | undefined): ParseResult {
  if (bytes === null || bytes === undefined || bytes.length === 0) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `malformed JSON: ${(err as Error).message}` };
  }
  const result = VitalsReadingSchema.safeParse(json);
  if (result.success) return { ok: true, reading: result.data };
  const reason = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason: `schema violation: ${reason}` };
}
