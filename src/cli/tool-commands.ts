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

export function registerToolCommands(program: Command): void {
  program
    .command('scenario')
    .description('Inject a scenario into a simulated pet of a running product (tachycardia, bradycardia, fever, heat_stroke, collar_removed, …).')
    .argument('[name]', 'scenario name; omit with --list')
    .option('--pet <id>', 'pet id, e.g. pet-001')
    .option('--duration <seconds>', 'how long the scenario lasts')
    .option('--speed <factor>', 'speed up slow scenarios such as fever (e.g. 10)')
    .option('--url <url>', 'the running product', 'http://127.0.0.1:3000')
    .option('--list', 'list scenarios')
    .action(async (name: string | undefined, o: { pet?: string; duration?: string; speed?: string; url: string; list?: boolean }) => {
      if (o.list || !name) {
        const r = await fetch(`${o.url}/api/v1/scenarios`).catch(() => null);
        if (!r) throw new PetTwinError('BAD_REQUEST', `nothing answers at ${o.url}: start the product first (npm start)`);
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
      if (!r) throw new PetTwinError('BAD_REQUEST', `nothing answers at ${o.url}: start the product first (npm start)`);
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
      const producer = new Producer({ ...kafkaBaseOptions(c, bootstrapOf(c), 'cli'), acks: ProduceAcks.ALL });
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
        await producer.send({ messages });
        console.log(`produced ${messages.length} message(s) to ${c.topics.vitals} on ${bootstrapOf(c)}`);
      } finally {
        await producer.close();
      }
    });
}
