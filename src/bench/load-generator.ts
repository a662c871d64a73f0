/**
 * The benchmark's collars, in their own process so their CPU is not the pipeline's: simulated
 * pets (the product's simulator) producing readings to pet-vitals at a target rate, paced in
 * small slices, with a severe anomaly injected into a different pet at known moments.
 * Run by the bench runner over IPC; never part of the product's own process.
 */
import { ProduceAcks, Producer } from '@platformatic/kafka';
import { createFleet } from '../simulator/fleet.ts';
import type { VitalsReading } from '../domain/reading.ts';

export type GeneratorCommand = {
  type: 'run';
  step: number;
  rate: number;
  durationS: number;
  pets: number;
  triggersPerS: number;
  /** Index of the first pet to receive an anomaly: each pet gets at most one, across all steps. */
  triggerBase: number;
  topic: string;
  bootstrap: string;
  seed: number;
};
export type GeneratorReport =
  | { type: 'progress'; produced: number }
  | { type: 'done'; produced: number; failed: number; triggers: number; startedAt: number; endedAt: number }
  | { type: 'error'; message: string };

/** The benchmark fleet: the runner registers these profiles under these ids before the first step. */
export const BENCH_FLEET_SEED = 1000;
export function benchPetId(i: number): string {
  return `bench-${i + 1}`;
}

/** Pacing slice: small enough that a reading waits at most this long to be sent at its rate. */
const SLICE_MS = 5;
/** Produce requests in flight at once; beyond this the generator falls behind (and says so). */
const MAX_IN_FLIGHT = 32;

export async function runGenerator(cmd: GeneratorCommand, report: (r: GeneratorReport) => void): Promise<void> {
  const producer = new Producer({ clientId: `bench-collars-${cmd.step}`, bootstrapBrokers: cmd.bootstrap.split(','), acks: ProduceAcks.LEADER });
  const start = Date.now();
  // The same pets in every step (ids do not depend on the step), so the pipeline's memory reflects
  // the fleet size, not the number of steps run.
  const fleet = createFleet({ seed: cmd.seed, count: cmd.pets, startTs: start - 60_000 });
  const fleetIds = fleet.pets().map((p) => p.id);
  const ids = fleetIds.map((_, i) => benchPetId(i));
  let produced = 0;
  let failed = 0;
  let triggers = 0;
  let inFlight = 0;
  let nextPet = 0;
  let nextTriggerAt = start + 2000;
  const triggerEveryMs = 1000 / cmd.triggersPerS;
  const end = start + cmd.durationS * 1000;
  const topic = cmd.topic;

  // Each pet's physiology advances once per simulated second (as a collar's sensors do); readings
  // in between repeat its latest vitals with a new time and sequence number. This keeps the
  // generator's own CPU small, so the machine's cores go to the broker and the pipeline under test.
  const latest: Array<VitalsReading | null> = new Array(ids.length).fill(null);
  const tickedAt = new Float64Array(ids.length);
  const seqs = new Float64Array(ids.length);
  const keys = ids.map((id) => Buffer.from(id));
  const reading = (i: number, now: number): VitalsReading => {
    let r = latest[i] ?? null;
    if (r === null || now - tickedAt[i]! >= 1000) {
      r = fleet.tickPet(fleetIds[i]!, now);
      latest[i] = r;
      tickedAt[i] = now;
    }
    return r;
  };
  const encode = (r: VitalsReading, i: number, now: number, hr: number | null, activity: number | null, quality: number | null) => {
    const petId = ids[i]!;
    const seq = seqs[i]!++;
    const value =
      `{"eventId":"${petId}-${seq}","petId":"${petId}","deviceId":"${petId}-collar","ts":${now},"seq":${seq},` +
      `"heartRate":${hr},"respiratoryRate":${r.respiratoryRate},"temperatureC":${r.temperatureC},"activity":${activity},` +
      `"hrvMs":${r.hrvMs},"batteryPct":${r.batteryPct},"signalQuality":${quality}}`;
    return { topic, key: keys[i]!, value: Buffer.from(value) };
  };

  let lastProgress = start;
  while (true) {
    const now = Date.now();
    if (now >= end) break;
    const due = Math.floor(((now - start) / 1000) * cmd.rate) - produced;
    if (due > 0 && inFlight < MAX_IN_FLIGHT) {
      const messages = new Array(due);
      for (let k = 0; k < due; k++) {
        let i = nextPet;
        const trigger = now >= nextTriggerAt && k === 0;
        if (trigger) i = (cmd.triggerBase + triggers) % ids.length;
        else nextPet = (nextPet + 1) % ids.length;
        const r = reading(i, now);
        if (trigger) {
          // A severe, unmistakable emergency: heart rate 260 bpm at rest with good contact.
          messages[k] = encode(r, i, now, 260, 0.02, 0.97);
          triggers++;
          nextTriggerAt += triggerEveryMs;
        } else {
          messages[k] = encode(r, i, now, r.heartRate, r.activity, r.signalQuality);
        }
      }
      produced += due;
      inFlight++;
      producer.send({ messages }).then(
        () => inFlight--,
        () => {
          inFlight--;
          failed += due;
        },
      );
    }
    if (now - lastProgress >= 500) {
      report({ type: 'progress', produced });
      lastProgress = now;
    }
    await new Promise((r) => setTimeout(r, SLICE_MS));
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  await producer.close();
  report({ type: 'done', produced: produced - failed, failed, triggers, startedAt: start, endedAt: Date.now() });
}

// Child-process entry: commands arrive over IPC.
if (process.send && process.argv.includes('--bench-generator')) {
  process.on('message', (cmd: GeneratorCommand) => {
    runGenerator(cmd, (r) => process.send!(r)).catch((err: Error) => process.send!({ type: 'error', message: err.message }));
  });
}
