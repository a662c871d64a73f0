/**
 * The shape of an evaluation report: one zod schema that is both the type the evaluator fills
 * and the check for a `--json` file read back (by CI or a notebook). Times are seconds, rates
 * are per pet-day or per 100 dog-hours as named.
 */
import { z } from 'zod';
import { AlertKindSchema, SeveritySchema } from '../domain/alert.ts';

const KindCounts = z.record(z.string(), z.number().int().nonnegative());
const nullableNumber = z.number().nullable();

export const ConditionResultSchema = z.object({
  name: z.string(),
  expectedKinds: z.array(AlertKindSchema),
  episodes: z.number().int(),
  /** Episodes with an alert of an expected kind opened between onset and end + grace. */
  detected: z.number().int(),
  recall: nullableNumber,
  /** Episodes with any medical alert opened between onset and end + grace. */
  detectedAnyMedical: z.number().int(),
  recallAnyMedical: nullableNumber,
  /** Seconds from onset to the first expected-kind alert, over detected episodes. */
  ttdMedianS: nullableNumber,
  ttdP95S: nullableNumber,
  /** The clinical moment TTD is also timed from (e.g. "39.5 °C"), or null. */
  marker: z.string().nullable(),
  /** Episodes whose readings reached the marker. */
  markerReached: z.number().int(),
  /** Seconds from the marker to the first expected-kind alert (negative = before the marker). */
  ttdFromMarkerMedianS: nullableNumber,
  ttdFromMarkerP95S: nullableNumber,
  /** Medical kinds opened during the condition: kind → number of episodes. */
  kindsFired: KindCounts,
  /** Episodes not detected: "ep-0052 cat Siamese 1.9 kg 0.4 y". */
  missed: z.array(z.string()),
});
export type ConditionResult = z.infer<typeof ConditionResultSchema>;

export const FalseAlarmSchema = z.object({
  episodeId: z.string(),
  petId: z.string(),
  pet: z.string(),
  kind: AlertKindSchema,
  severity: SeveritySchema,
  /** "normal_life" or the confounder running (or ended < 20 min before). */
  context: z.string(),
  /** Seconds from the episode start. */
  atS: z.number(),
  heartRate: nullableNumber,
  respiratoryRate: nullableNumber,
  temperatureC: nullableNumber,
  activity: nullableNumber,
  signalQuality: nullableNumber,
});
export type FalseAlarm = z.infer<typeof FalseAlarmSchema>;

export const ContextResultSchema = z.object({
  name: z.string(),
  /** Episodes in which this context occurs. */
  episodes: z.number().int(),
  hours: z.number(),
  falseMedical: z.number().int(),
  episodesWithFalseMedical: z.number().int(),
  technical: z.number().int(),
  medicalKinds: KindCounts,
  technicalKinds: KindCounts,
});
export type ContextResult = z.infer<typeof ContextResultSchema>;

export const TargetCheckSchema = z.object({
  target: z.string(),
  value: nullableNumber,
  unit: z.string(),
  pass: z.boolean(),
});
export type TargetCheck = z.infer<typeof TargetCheckSchema>;

export const InvoxiaResultSchema = z.object({
  file: z.string(),
  dogs: z.number().int(),
  sessions: z.number().int(),
  /** Recorded time replayed (gaps between sessions excluded). */
  dogHours: z.number(),
  readings: z.number().int(),
  medicalAlerts: z.number().int(),
  medicalPer100DogHours: z.number(),
  technicalAlerts: z.number().int(),
  /** One row per (dog, kind) with at least one medical alert. */
  medicalByDog: z.array(z.object({ petId: z.string(), name: z.string(), kind: AlertKindSchema, count: z.number().int() })),
  technicalKinds: KindCounts,
});
export type InvoxiaResult = z.infer<typeof InvoxiaResultSchema>;

export const EvaluationReportSchema = z.object({
  seed: z.number().int(),
  size: z.enum(['full', 'quick']),
  episodes: z.number().int(),
  readings: z.number().int(),
  elapsedS: z.number(),
  conditions: z.array(ConditionResultSchema),
  overall: z.object({
    episodes: z.number().int(),
    detected: z.number().int(),
    recall: nullableNumber,
    detectedAnyMedical: z.number().int(),
    recallAnyMedical: nullableNumber,
  }),
  normal: z.object({
    hours: z.number(),
    petDays: z.number(),
    falseMedical: z.number().int(),
    falseMedicalPerPetDay: nullableNumber,
    technical: z.number().int(),
    technicalPerPetDay: nullableNumber,
    contexts: z.array(ContextResultSchema),
    /** The first false medical alerts, for the detector engineer (capped, see falseAlarmsShown). */
    falseAlarms: z.array(FalseAlarmSchema),
  }),
  invoxia: InvoxiaResultSchema.nullable(),
  targets: z.array(TargetCheckSchema),
  pass: z.boolean(),
});
export type EvaluationReport = z.infer<typeof EvaluationReportSchema>;
