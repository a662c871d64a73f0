/** The targets, checked against one run's figures (reported, never asserted in tests). */
import type { BenchResult } from './bench-types.ts';

export function evaluateTargets(r: BenchResult): BenchResult['targets'] {
  const at10k = r.steps.find((s) => s.targetRate === 10_000);
  const kafkaP99 = r.kafka?.e2e.p99 ?? null;
  const wsP99 = at10k?.latencyMs.websocket.p99 ?? null;
  const targets: BenchResult['targets'] = [];
  targets.push({
    name: 'p99 collar → alert over WebSocket at 10,000/s ≤ 25 ms',
    value: wsP99 === null ? 'no 10,000/s step' : `${wsP99} ms`,
    pass: wsP99 === null ? null : wsP99 <= 25,
  });
  targets.push({
    name: '… and ≤ 3 × Kafka baseline p99',
    value: wsP99 === null || kafkaP99 === null ? 'n/a' : `${wsP99} ms vs 3 × ${kafkaP99} = ${3 * kafkaP99} ms`,
    pass: wsP99 === null || kafkaP99 === null ? null : wsP99 <= 3 * Math.max(kafkaP99, 1),
  });
  const fifty = r.steps.find((s) => s.targetRate >= 50_000);
  targets.push({
    name: 'sustained ≥ 50,000 readings/s, zero loss, bounded lag',
    value: `max sustained ${r.maxSustainedRate ?? 'none'}/s`,
    pass: fifty ? fifty.sustained : null,
  });
  const raw = r.kafka?.consumer.fetchMsgPerS ?? r.kafka?.consumer.msgPerS ?? null;
  targets.push({
    name: '≥ 50 % of Kafka raw consumer rate',
    value: raw === null || r.maxSustainedRate === null ? 'n/a' : `${r.maxSustainedRate} / ${Math.round(raw)} = ${Math.round((100 * r.maxSustainedRate) / raw)} %`,
    // Not measured when no step asked for half of Kafka's rate.
    pass: raw === null || r.maxSustainedRate === null || Math.max(...r.steps.map((s) => s.targetRate)) < raw * 0.5 ? null : r.maxSustainedRate >= raw * 0.5,
  });
  const rss = r.steps.map((s) => s.processes.pipeline?.rssMbEnd).filter((v): v is number => typeof v === 'number');
  targets.push({
    name: 'pipeline memory flat across steps',
    value: rss.length ? `RSS ${rss.join(' → ')} MB` : 'n/a',
    pass: null,
  });
  return targets;
}
