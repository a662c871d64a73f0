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
  topic: string;
  bootstrap: string;
  seed: number;
};
export type GeneratorReport =
  | { type: 'progress'; produced: number }
  | { type: 'done'; produced: number; failed: number; triggers: number; startedAt: number; endedAt: number }
  | { type: 'error'; message: string };

/** Pacing slice: small enough that a reading waits at most this long to be sent at its rate. */
const SLICE_MS = 5;
/** Produce requests in flight at once; beyond this the generator falls behind (and says so). */
const MAX_IN_FLIGHT = 32;

export async function runGenerator(cmd: GeneratorCommand, report: (r: GeneratorReport) => void): Promise<void> {
  const producer = new Producer({ clientId: `bench-collars-${cmd.step}`, bootstrapBrokers: cmd.bootstrap.split(','), acks: ProduceAcks.LEADER });
  const start = Date.now();
  const fleet = createFleet({ seed: cmd.seed + cmd.step, count: cmd.pets, startTs: start - 60_000 });
  const ids = fleet.pets().map((p) => `s${cmd.step}-${p.id}`);
  const fleetIds = fleet.pets().map((p) => p.id);
  // Warm every pet's history a little so the first readings are not "new pet" readings.
  let produced = 0;
  let failed = 0;
  let triggers = 0;
  let inFlight = 0;
  let nextPet = 0;
  let nextTriggerAt = start + 2000;
  const triggerEveryMs = 1000 / cmd.triggersPerS;
  const end = start + cmd.durationS * 1000;
  const topic = cmd.topic;

  const encode = (r: VitalsReading, i: number) => {
    const petId = ids[i]!;
    r.petId = petId;
    r.deviceId = `${petId}-collar`;
    r.eventId = `${petId}-${r.seq}`;
    return { topic, key: Buffer.from(petId), value: Buffer.from(JSON.stringify(r)) };
  };

  let lastProgress = start;
  while (true) {
    const now = Date.now();
    if (now >= end) break;
    const due = Math.floor(((now - start) / 1000) * cmd.rate) - produced;
    if (due > 0 && inFlight < MAX_IN_FLIGHT) {
      const messages = new Array(due);
      for (let k = 0; k < due; k++) {
        const i = nextPet;
        nextPet = (nextPet + 1) % ids.length;
        const r = fleet.tickPet(fleetIds[i]!, now);
        if (now >= nextTriggerAt && k === 0) {
          // A severe, unmistakable emergency: heart rate 260 bpm at rest with good contact.
          r.heartRate = 260;
          r.activity = 0.02;
          r.signalQuality = 0.97;
          triggers++;
          nextTriggerAt += triggerEveryMs;
        }
        messages[k] = encode(r, i);
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
