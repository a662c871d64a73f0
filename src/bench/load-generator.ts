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
  | { type: 'done'; produced: number; failed: number; firstError: string | null; triggers: number; nextTriggerBase: number; startedAt: number; endedAt: number }
  | { type: 'error'; message: string };

/** The benchmark fleet: the runner registers these profiles under these ids before the first step. */
export const BENCH_FLEET_SEED = 1000;
export function benchPetId(i: number): string {
  return `bench-${i + 1}`;
}

/** The injected anomaly's heart rate: above every dog's severe tachycardia line (small dogs' is
 * 260, clinical-ranges.ts), so each one opens a critical alert on its first reading. At 260,
 * only ~60 % of the anomalies opened one, and the latency figures covered only those. */
const TRIGGER_HR = 300;
/** Pacing slice: small enough that a reading waits at most this long to be sent at its rate. */
const SLICE_MS = 5;
/** Produce requests in flight at once; beyond this the generator falls behind (and says so). */
const MAX_IN_FLIGHT = 32;
/** Readings per produce request: ~2,000 x 230 bytes stays well below the broker's 1 MB message.max.bytes. */
const MAX_PER_SEND = 2000;

/** The collars and their producer, made once and kept across steps: making 10,000 pets took long
 * enough at the start of each step for the readings due meanwhile to go out as one burst. */
type Collars = {
  key: string;
  producer: Producer;
  fleetIds: string[];
  ids: string[];
  keys: Buffer[];
  species: string[];
  /** Each pet's latest simulated vitals, when they were simulated, and its next sequence number. */
  latest: Array<VitalsReading | null>;
  tickedAt: Float64Array;
  seqs: Float64Array;
  tick(petId: string, ts: number): VitalsReading;
};
let collars: Collars | null = null;

function collarsFor(cmd: GeneratorCommand): Collars {
  const key = `${cmd.bootstrap}|${cmd.seed}|${cmd.pets}`;
  if (collars?.key === key) return collars;
  void collars?.producer.close().catch(() => {});
  // The same pets in every step (ids do not depend on the step), so the pipeline's memory reflects
  // the fleet size, not the number of steps run.
  const fleet = createFleet({ seed: cmd.seed, count: cmd.pets, startTs: Date.now() - 60_000 });
  const profiles = fleet.pets();
  const ids = profiles.map((_, i) => benchPetId(i));
  collars = {
    key,
    producer: new Producer({ clientId: 'bench-collars', bootstrapBrokers: cmd.bootstrap.split(','), acks: ProduceAcks.LEADER }),
    fleetIds: profiles.map((p) => p.id),
    ids,
    keys: ids.map((id) => Buffer.from(id)),
    species: profiles.map((p) => p.species),
    latest: new Array<VitalsReading | null>(ids.length).fill(null),
    tickedAt: new Float64Array(ids.length),
    seqs: new Float64Array(ids.length),
    tick: (petId, ts) => fleet.tickPet(petId, ts),
  };
  return collars;
}

export async function runGenerator(cmd: GeneratorCommand, report: (r: GeneratorReport) => void): Promise<void> {
  const { producer, fleetIds, ids, keys, species, latest, tickedAt, seqs, tick } = collarsFor(cmd);
  const start = Date.now();
  let produced = 0;
  let failed = 0;
  let firstError: string | null = null;
  let triggers = 0;
  let inFlight = 0;
  let nextPet = 0;
  let nextTriggerAt = cmd.triggersPerS > 0 ? start + 2000 : Number.POSITIVE_INFINITY;
  const triggerEveryMs = 1000 / cmd.triggersPerS;
  const end = start + cmd.durationS * 1000;
  const topic = cmd.topic;

  // Each pet's physiology advances once per simulated second (as a collar's sensors do); readings
  // in between repeat its latest vitals with a new time and sequence number. This keeps the
  // generator's own CPU small, so the machine's cores go to the broker and the pipeline under test.
  const reading = (i: number, now: number): VitalsReading => {
    let r = latest[i] ?? null;
    if (r === null || now - tickedAt[i]! >= 1000) {
      r = tick(fleetIds[i]!, now);
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

  const triggerReadings = () => triggers * 3;
  // Anomalies go to dogs that are lying still, each dog at most once per run (an open episode
  // would absorb a second one); the cursor continues where the previous step stopped.
  const used = new Set<number>();
  let cursor = cmd.triggerBase;
  const pickTriggerPet = (now: number): number | null => {
    for (let tries = 0; tries < ids.length; tries++) {
      const i = cursor++ % ids.length;
      if (used.has(i) || species[i] !== 'dog') continue;
      const r = reading(i, now);
      if (r.heartRate === null || (r.activity ?? 1) > 0.1 || (r.signalQuality ?? 0) < 0.8) continue;
      used.add(i);
      return i;
    }
    return null;
  };
  let lastProgress = start;
  while (true) {
    const now = Date.now();
    if (now >= end) break;
    let due = Math.floor(((now - start) / 1000) * cmd.rate) - (produced - triggerReadings());
    let triggerDue = now >= nextTriggerAt;
    // A generator that fell behind (CPU taken by the pipeline or the broker) catches up in
    // requests of at most MAX_PER_SEND readings: one huge request would exceed the broker's
    // message.max.bytes and fail as a whole.
    while (due > 0 && inFlight < MAX_IN_FLIGHT) {
      const n = Math.min(due, MAX_PER_SEND);
      due -= n;
      const messages: Array<ReturnType<typeof encode>> = [];
      for (let k = 0; k < n; k++) {
        const i = nextPet;
        nextPet = (nextPet + 1) % ids.length;
        const r = reading(i, now);
        messages.push(encode(r, i, now, r.heartRate, r.activity, r.signalQuality));
      }
      if (triggerDue) {
        triggerDue = false;
        nextTriggerAt += triggerEveryMs;
        const i = pickTriggerPet(now);
        if (i !== null) {
          // An unmistakable emergency in a dog lying still: three readings at 300 bpm with good
          // contact, a millisecond apart (one lone spike is rightly rejected as an artefact).
          const r = reading(i, now);
          for (let j = 0; j < 3; j++) messages.push(encode(r, i, now + j, TRIGGER_HR, 0.02, 0.97));
          triggers++;
        }
      }
      produced += messages.length;
      inFlight++;
      const sent = messages.length;
      producer.send({ messages }).then(
        () => inFlight--,
        (err: Error) => {
          inFlight--;
          failed += sent;
          firstError ??= describeError(err);
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
  report({ type: 'done', produced: produced - failed, failed, firstError, triggers, nextTriggerBase: cursor, startedAt: start, endedAt: Date.now() });
}

/** The client wraps the broker's answer (a timeout, a full buffer) in nested errors: name the innermost. */
function describeError(err: unknown): string {
  const parts: string[] = [];
  let e = err as { message?: string; errors?: unknown[]; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e.message) parts.push(e.message);
    e = (e.errors?.[0] ?? e.cause) as typeof e;
  }
  return parts.join(' <- ');
}

// Child-process entry: commands arrive over IPC.
if (process.send && process.argv.includes('--bench-generator')) {
  process.on('message', (cmd: GeneratorCommand) => {
    runGenerator(cmd, (r) => process.send!(r)).catch((err: Error) => process.send!({ type: 'error', message: err.message }));
  });
}
