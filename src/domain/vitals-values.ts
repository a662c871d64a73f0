/**
 * The vital signs an alert carries and a live reading shows, picked from a reading in one place.
 * Type-only imports, so the dashboard can use it without bundling the schemas.
 */
import type { AlertValues } from './alert.ts';
import type { VitalsReading } from './reading.ts';

export function vitalsOf(r: VitalsReading): AlertValues {
  return {
    heartRate: r.heartRate,
    respiratoryRate: r.respiratoryRate,
    temperatureC: r.temperatureC,
    activity: r.activity,
    signalQuality: r.signalQuality,
    batteryPct: r.batteryPct,
  };
}
