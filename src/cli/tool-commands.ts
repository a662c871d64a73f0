/** Operator tools: inject a scenario into a running product, produce raw readings to pet-vitals. */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Producer, ProduceAcks } from '@platformatic/kafka';
import { loadConfig } from '../config/config.ts';
import { PetTwinError } from '../errors.ts';
import { kafkaBaseOptions } from '../streaming/kafka-options.ts';

export function bootstrapOf(c: ReturnType<typeof loadConfig>): string {
  return c.KAFKA_BOOTSTRAP_SERVERS ?? `127.0.0.1:${c.LOCAL_KAFKA_PORT}`;
}

/** Where the running product answers: HOST and PORT as `pettwin start` reads them. */
export function productUrl(): string {
  return `http://${process.env.HOST || '127.0.0.1'}:${process.env.PORT || '3000'}`;
}

export function unreachable(url: string, hint = ''): PetTwinError {
  return new PetTwinError('API_UNREACHABLE', `nothing answers at ${url}: start the product first (npm start), or pass --url${hint}`);
}

/** Kafka's default max.message.bytes (broker) / max.request.size (clients). */
const MAX_MESSAGE_BYTES = 1_048_576;

export function registerToolCommands(program: Command): void {
  program
    .command('scenario')
    .description('Inject a scenario into a simulated pet of a running product (tachycardia, bradycardia, fever, heat_stroke, collar_removed, …).')
    .argument('[name]', 'scenario name; omit with --list')
    .option('--pet <id>', 'pet id, e.g. pet-001')
    .option('--duration <seconds>', 'how long the scenario lasts')
    .option('--speed <factor>', 'speed up slow scenarios such as fever (e.g. 10)')
    .option('--url <url>', 'the running product (http://HOST:PORT from the environment)', productUrl())
    .option('--list', 'list scenarios')
    .action(async (name: string | undefined, o: { pet?: string; duration?: string; speed?: string; url: string; list?: boolean }) => {
      if (!o.list && !name) throw new PetTwinError('BAD_REQUEST', 'name the scenario (e.g. `pettwin scenario tachycardia --pet pet-001`), or pass --list');
      if (o.list) {
        const r = await fetch(`${o.url}/api/v1/scenarios`).catch(() => null);
        if (!r) throw unreachable(o.url);
        const { scenarios } = (await r.json()) as { scenarios: Array<{ name: string; description: string }> };
        for (const s of scenarios) console.log(`${s.name.padEnd(16)} ${s.description}`);
        return;
      }
      if (!o.pet) throw new PetTwinError('BAD_REQUEST', '--pet <id> is required (GET /api/v1/pets lists the ids)');
      const body = {
        petId: o.pet,
        scenario: name,
        ...(o.duration ? { durationS: Number(o.duration) } : {}),
        ...(o.speed ? { speed: Number(o.speed) } : {}),
      };
      const r = await fetch(`${o.url}/api/v1/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
      if (!r) throw unreachable(o.url);
      const json = (await r.json()) as { error?: { message: string } };
      if (!r.ok) throw new PetTwinError('BAD_REQUEST', json.error?.message ?? `HTTP ${r.status}`);
      console.log(`injected ${name} into ${o.pet}`);
    });

  program
    .command('produce')
    .description('Produce readings to pet-vitals as any Kafka client would: one JSON object per argument, or per line on stdin. Invalid input is sent as-is (it ends in the dead-letter topic).')
    .argument('[json...]', 'readings as JSON; read from stdin when omitted')
    .action(async (args: string[]) => {
      const c = loadConfig();
      // A CLI call should fail in seconds, not after the product's patient retry schedule.
      const producer = new Producer({ ...kafkaBaseOptions(c, bootstrapOf(c), 'cli'), acks: ProduceAcks.ALL, retries: 1, timeout: 5000 });
      let lines = args;
      if (lines.length === 0) {
        lines = [];
        for await (const l of createInterface({ input: process.stdin })) if (l.trim()) lines.push(l);
      }
      try {
        const messages = lines.map((l) => {
          let key: Buffer | undefined;
          try {
            const petId = (JSON.parse(l) as { petId?: unknown }).petId;
            if (typeof petId === 'string') key = Buffer.from(petId);
          } catch {
            // Malformed on purpose or by accident: the analyzer dead-letters it with the reason.
          }
          return { topic: c.topics.vitals, key, value: Buffer.from(l) };
        });
        const tooBig = messages.findIndex((m) => m.value.length > MAX_MESSAGE_BYTES);
        if (tooBig >= 0) {
          throw new PetTwinError('BAD_REQUEST', `message ${tooBig + 1} is ${messages[tooBig]!.value.length} bytes: Kafka's default limit is ${MAX_MESSAGE_BYTES} bytes (a reading is ~250)`);
        }
        try {
          await producer.send({ messages });
        } catch (err) {
          throw new PetTwinError(
            'KAFKA_OPERATION_FAILED',
            `could not produce to ${c.topics.vitals} on ${bootstrapOf(c)} (${(err as Error).message}): is a broker running there? Check \`npx pettwin broker status\`, LOCAL_KAFKA_PORT or KAFKA_BOOTSTRAP_SERVERS`,
          );
        }
        console.log(`produced ${messages.length} message(s) to ${c.topics.vitals} on ${bootstrapOf(c)}`);
      } finally {
        await producer.close();
      }
    });
}
