/**
 * Builds collar readings for analysis tests: a healthy, resting, well-fitted collar by default,
 * one reading per second (fixed 1000 ms steps), deterministic eventIds. A Feeder walks one pet's
 * collar forward in time and collects every alert transition the engine returns.
 */
import type { AlertTransition } from '../../../src/domain/alert.ts';
import type { PetProfile } from '../../../src/domain/pet.ts';
import type { VitalsReading } from '../../../src/domain/reading.ts';
import type { DetectionEngine } from '../../../src/analysis/engine-contract.ts';

export const T0 = 1_700_000_000_000;
export const STEP_MS = 1000;
/** The analyzer "decides" this long after the collar measured (wall clock is injected, never read). */
export const LATENCY_MS = 40;

export const BELLA: PetProfile = { id: 'bella', name: 'Bella', species: 'dog', breed: 'beagle', weightKg: 20, ageYears: 4 };
export const REX: PetProfile = { id: 'rex', name: 'Rex', species: 'dog', breed: 'leonberger', weightKg: 42, ageYears: 5 };
export const MILO: PetProfile = { id: 'milo', name: 'Milo', species: 'cat', breed: 'european shorthair', weightKg: 4.5, ageYears: 6 };

/** A healthy resting reading for `petId` at step `i`, with overrides. */
export function reading(petId: string, i: number, o: Partial<VitalsReading> = {}): VitalsReading {
  return {
    eventId: `${petId}-e${i}`,
    petId,
    deviceId: `collar-${petId}`,
    ts: T0 + i * STEP_MS,
    seq: i,
    heartRate: 70,
    respiratoryRate: 16,
    temperatureC: 38.5,
    activity: 0.05,
    hrvMs: 150,
    batteryPct: 80,
    signalQuality: 0.95,
    ...o,
  };
}

export type Overrides = Partial<VitalsReading> | ((step: number) => Partial<VitalsReading>);

/** Walks one pet's collar through time, one reading per second. */
export class Feeder {
  step = 0;
  readonly all: AlertTransition[] = [];
  readonly sent: VitalsReading[] = [];

  constructor(
    readonly engine: DetectionEngine,
    readonly petId: string,
    readonly defaults: Partial<VitalsReading> = {},
  ) {}

  /** Sends `count` readings; returns the transitions they caused. */
  run(count: number, o: Overrides = {}): AlertTransition[] {
    const out: AlertTransition[] = [];
    for (let k = 0; k < count; k++) {
      const extra = typeof o === 'function' ? o(k) : o;
      const r = reading(this.petId, this.step, { ...this.defaults, ...extra });
      this.step++;
      this.sent.push(r);
      const ts = this.engine.process(r, r.ts + LATENCY_MS);
      out.push(...ts);
    }
    this.all.push(...out);
    return out;
  }

  /** Like run(), but returns the step index (0-based within this call) of every transition. */
  runIndexed(count: number, o: Overrides = {}): Array<{ at: number; t: AlertTransition }> {
    const out: Array<{ at: number; t: AlertTransition }> = [];
    for (let k = 0; k < count; k++) {
      for (const t of this.run(1, typeof o === 'function' ? o(k) : o)) out.push({ at: k, t });
    }
    return out;
  }
}

/** "opened tachycardia warning" style summaries, for exact assertions on a sequence of transitions. */
export function summary(ts: readonly AlertTransition[]): string[] {
  return ts.map((t) => `${t.type} ${t.alert.kind} ${t.alert.severity}`);
}

/** Only medical transitions. */
export function medical(ts: readonly AlertTransition[]): AlertTransition[] {
  return ts.filter((t) => t.alert.category === 'medical');
}
