/**
 * Alerts: one per pet + kind + episode. The analyzer opens, updates and resolves them; a person
 * acknowledges them. `alertId` is deterministic (derived from the reading that opened the
 * episode), so replaying the same readings yields the same ids and never a duplicate.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const MEDICAL_KINDS = [
  'tachycardia',
  'bradycardia',
  'tachypnea',
  'fever',
  'heat_stroke',
  'hypothermia',
  'collapse',
  'seizure',
  'baseline_deviation',
  'sleeping_rr_rise',
] as const;
export const TECHNICAL_KINDS = ['poor_signal', 'collar_removed', 'low_battery', 'sensor_dropout'] as const;

export const AlertKindSchema = z.enum([...MEDICAL_KINDS, ...TECHNICAL_KINDS]);
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const AlertCategorySchema = z.enum(['medical', 'technical']);
export type AlertCategory = z.infer<typeof AlertCategorySchema>;

export function categoryOf(kind: AlertKind): AlertCategory {
  return (TECHNICAL_KINDS as readonly string[]).includes(kind) ? 'technical' : 'medical';
}

/** IEC 60601-1-8 priorities (clinical.md): critical = act now, warning = act promptly, info = be aware. */
export const SeveritySchema = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const AlertStatusSchema = z.enum(['active', 'acknowledged', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** The measured values that triggered (or last updated) the alert. */
export const AlertValuesSchema = z.object({
  heartRate: z.number().nullable(),
  respiratoryRate: z.number().nullable(),
  temperatureC: z.number().nullable(),
  activity: z.number().nullable(),
  signalQuality: z.number().nullable(),
  batteryPct: z.number().nullable(),
});
export type AlertValues = z.infer<typeof AlertValuesSchema>;

export const AlertSchema = z.object({
  alertId: z.string(),
  petId: z.string(),
  kind: AlertKindSchema,
  category: AlertCategorySchema,
  severity: SeveritySchema,
  status: AlertStatusSchema,
  /** Increments with every change; consumers keep the highest revision per alertId. */
  revision: z.number().int().positive(),
  openedAt: z.number(),
  updatedAt: z.number(),
  resolvedAt: z.number().nullable(),
  acknowledgedAt: z.number().nullable(),
  /** `ts` of the reading that opened the alert (collar clock). */
  sensorTs: z.number(),
  /** eventId of the reading that opened the alert. */
  eventId: z.string(),
  /** Wall-clock time the analyzer decided to open it. */
  detectedAt: z.number(),
  values: AlertValuesSchema,
  /** Worst value seen during the episode for the alert's main signal, when it has one. */
  peakValue: z.number().nullable(),
  /** What normal means for this pet: the clinical range and the pet's own baseline. */
  normal: z
    .object({
      low: z.number().nullable(),
      high: z.number().nullable(),
      baseline: z.number().nullable(),
      unit: z.string(),
    })
    .nullable(),
  /** A sentence a pet owner understands, with what to do. */
  explanation: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** Deterministic id: the same opening reading always yields the same alert id. */
export function alertIdFor(petId: string, kind: AlertKind, openingEventId: string): string {
  const h = createHash('sha256').update(`${petId}\u0000${kind}\u0000${openingEventId}`).digest('hex');
  return `al_${h.slice(0, 24)}`;
}

/** A change the analyzer made to an alert; it is what goes to `pet-alerts` and the WebSocket. */
export type AlertTransition = {
  type: 'opened' | 'updated' | 'resolved' | 'acknowledged';
  alert: Alert;
};
