/** The benchmark's terminal table. */
import type { BenchResult } from './bench-types.ts';

const f = (v: number | null | undefined, suffix = '') => (v === null || v === undefined ? '–' : `${v.toLocaleString('en-US')}${suffix}`);

export function formatReport(r: BenchResult): string {
  const out: string[] = [];
  if (r.kafka) {
    const k = r.kafka;
    out.push(`Kafka baseline (same broker, ${k.recordSize}-byte records):`);
    out.push(`  EndToEndLatency ${k.e2e.messages} msgs: p50 ${f(k.e2e.p50, ' ms')}  p99 ${f(k.e2e.p99, ' ms')}  p99.9 ${f(k.e2e.p999, ' ms')}  avg ${f(k.e2e.avgMs, ' ms')}`);
    out.push(`  ConsumerPerformance ${k.consumer.messages.toLocaleString('en-US')} msgs: ${f(Math.round(k.consumer.fetchMsgPerS ?? 0))} msg/s while fetching (${f(Math.round(k.consumer.msgPerS ?? 0))} msg/s incl. group join), ${f(k.consumer.mbPerS)} MB/s`);
    out.push('');
  }
  const head = ['target/s', 'produced/s', 'processed/s', 'lost', 'lag max', 'lag end', 'detect p50/p99/max ms', 'WebSocket p50/p99/max ms', 'alerts/injected', 'DLQ', 'not stored', 'loop max ms', 'CPU pipe/gen/broker %', 'RSS pipe MB', 'ok'];
  const rows = r.steps.map((s) => [
    f(s.targetRate),
    f(s.achievedRate),
    f(s.processedRate),
    f(s.lost),
    f(s.lag.max),
    f(s.lag.end),
    `${f(s.latencyMs.detect.p50)}/${f(s.latencyMs.detect.p99)}/${f(s.latencyMs.detect.max)}`,
    `${f(s.latencyMs.websocket.p50)}/${f(s.latencyMs.websocket.p99)}/${f(s.latencyMs.websocket.max)}`,
    `${f(s.alertsOpened)}/${f(s.injectedAnomalies)}`,
    f(s.deadLetters),
    f(s.storageDropped),
    f(s.eventLoopMaxMs),
    `${f(s.processes.pipeline?.cpuPct)}/${f(s.processes.generator?.cpuPct)}/${f(s.processes.broker?.cpuPct)}`,
    `${f(s.processes.pipeline?.rssMbStart)}→${f(s.processes.pipeline?.rssMbEnd)}`,
    s.sustained ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  out.push(line(head));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) out.push(line(row));
  out.push('');
  out.push(`Largest rate sustained with zero loss and bounded lag: ${r.maxSustainedRate === null ? 'none' : `${r.maxSustainedRate.toLocaleString('en-US')} readings/s`}`);
  out.push('Targets:');
  for (const t of r.targets) out.push(`  [${t.pass === null ? ' n/a' : t.pass ? 'PASS' : 'FAIL'}] ${t.name}: ${t.value}`);
  if (r.chart) out.push(`Chart: ${r.chart.png ?? r.chart.svg}${r.chart.png ? ` (and ${r.chart.svg})` : ''}`);
  return out.join('\n');
}
