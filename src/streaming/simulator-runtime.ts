/**
 * Streams the simulated fleet into `pet-vitals`: every interval, each pet's collar produces one
 * reading (key = petId, so a pet's readings stay in order on one partition). The producer is
 * tuned for latency: each tick is sent at once as one request, with no linger timer.
 */
import { ProduceAcks, Producer } from '@platformatic/kafka';
import type { AppConfig } from '../config/config.ts';
import type { VitalsReading } from '../domain/reading.ts';
import type { Fleet } from '../simulator/fleet.ts';
import { RateMeter } from '../app/rate-meter.ts';
import { kafkaBaseOptions } from './kafka-options.ts';

export type SimulatorRuntime = {
  fleet: Fleet;
  produced: RateMeter;
  stop(): Promise<void>;
};

export function encodeReading(r: VitalsReading): { key: Buffer; value: Buffer } {
  return { key: Buffer.from(r.petId), value: Buffer.from(JSON.stringify(r)) };
}

export function startSimulatorRuntime(deps: {
  config: AppConfig;
  bootstrap: string;
  fleet: Fleet;
  now?: () => number;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
}): SimulatorRuntime {
  const { config, fleet, log } = deps;
  const now = deps.now ?? Date.now;
  const producer = new Producer({ ...kafkaBaseOptions(config, deps.bootstrap, 'collars'), acks: ProduceAcks.LEADER });
  const produced = new RateMeter(now);
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let failures = 0;

  // Ticks are scheduled on a fixed grid (start + n × interval), so the rate does not drift
  // below one reading per pet per interval by the time each tick takes.
  const started = now();
  let n = 0;
  const tick = () => {
    if (stopped) return;
    const readings = fleet.tick(now());
    if (readings.length > 0) {
      const messages = readings.map((r) => ({ topic: config.topics.vitals, ...encodeReading(r) }));
      inFlight = producer.send({ messages }).then(
        () => {
          produced.add(messages.length);
          failures = 0;
        },
        (err: Error) => {
          // A collar keeps measuring while the broker is away; here the tick is lost and counted.
          if (failures++ % 10 === 0) log('warn', `simulator could not produce ${messages.length} readings: ${err.message}`);
        },
      );
    }
    n++;
    timer = setTimeout(tick, Math.max(0, started + n * config.SIM_INTERVAL_MS - now()));
  };
  timer = setTimeout(tick, 0);
  log('info', `simulating ${fleet.pets().length} pets, one reading each every ${config.SIM_INTERVAL_MS} ms`);

  return {
    fleet,
    produced,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight.catch(() => {});
      await producer.close().catch(() => {});
    },
  };
}
