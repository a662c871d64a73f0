/**
 * Creates the product's topics idempotently at start: pet-vitals (key = petId, ≥ 6 partitions),
 * pet-alerts (key = petId, compacted + retained so the latest state of every alert survives),
 * pet-vitals-dlq (bad readings with the reason). Existing topics are left as they are.
 */
import { Admin } from '@platformatic/kafka';
import type { AppConfig } from '../config/config.ts';
import { PetTwinError } from '../errors.ts';
import { explainKafkaError, kafkaBaseOptions } from './kafka-options.ts';

const HOUR_MS = 3_600_000;

export type TopicSpec = { name: string; partitions: number; configs: Record<string, string> };

export function topicSpecs(config: AppConfig): TopicSpec[] {
  return [
    {
      name: config.topics.vitals,
      partitions: config.VITALS_PARTITIONS,
      configs: { 'retention.ms': String(config.VITALS_RETENTION_HOURS * HOUR_MS) },
    },
    {
      name: config.topics.alerts,
      partitions: config.ALERTS_PARTITIONS,
      // Keyed by petId; every revision is kept for the retention period (the alert history).
      configs: { 'retention.ms': String(config.ALERTS_RETENTION_HOURS * HOUR_MS) },
    },
    {
      name: config.topics.dlq,
      partitions: 1,
      configs: { 'retention.ms': String(config.VITALS_RETENTION_HOURS * 7 * HOUR_MS) },
    },
  ];
}

export async function ensureTopics(config: AppConfig, bootstrap: string): Promise<{ created: string[] }> {
  const admin = new Admin(kafkaBaseOptions(config, bootstrap, 'admin'));
  const created: string[] = [];
  try {
    const existing = new Set(await admin.listTopics());
    for (const spec of topicSpecs(config)) {
      if (existing.has(spec.name)) continue;
      try {
        await admin.createTopics({
          topics: [spec.name],
          partitions: spec.partitions,
          replicas: config.REPLICATION_FACTOR,
          configs: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        });
        created.push(spec.name);
      } catch (err) {
        // Another process may have created it between listTopics and createTopics.
        if (!/already exists/i.test(String((err as Error).message) + JSON.stringify((err as { errors?: unknown }).errors ?? ''))) throw err;
      }
    }
    await waitForTopicMetadata(admin, topicSpecs(config).map((t) => t.name));
  } catch (err) {
    throw new PetTwinError('KAFKA_OPERATION_FAILED', `could not create topics on ${bootstrap}: ${explainKafkaError(err)}`, { cause: err });
  } finally {
    await admin.close();
  }
  return { created };
}

/** A just-created topic takes a moment to have leaders; producing before that fails. */
async function waitForTopicMetadata(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (true) {
    try {
      const md = await admin.metadata({ topics, forceUpdate: true });
      const ready = topics.every((t) => {
        const tm = md.topics.get(t);
        return tm && tm.partitions.every((p) => p.leader >= 0);
      });
      if (ready) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leader after 15 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function deleteTopics(config: AppConfig, bootstrap: string): Promise<void> {
  const admin = new Admin(kafkaBaseOptions(config, bootstrap, 'admin'));
  try {
    await admin.deleteTopics({ topics: topicSpecs(config).map((t) => t.name) });
  } finally {
    await admin.close();
  }
}
