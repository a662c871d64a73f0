/**
 * Prometheus metrics (prom-client). Values are read from the live counters when scraped, so the
 * hot path pays nothing for metrics.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiDeps } from './deps.ts';

export function createMetrics(deps: ApiDeps): { contentType: string; render(): Promise<string> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pettwin_' });
  const status = () => deps.monitor.status();

  const totals: Array<[string, string, (s: ReturnType<typeof status>) => number]> = [
    ['pettwin_readings_produced_total', 'Readings the simulator produced to pet-vitals', (s) => s.totals.produced],
    ['pettwin_readings_consumed_total', 'Messages the analyzer consumed from pet-vitals', (s) => s.totals.consumed],
    ['pettwin_alert_changes_published_total', 'Alert changes written to pet-alerts', (s) => s.totals.alertsOut],
    ['pettwin_dead_letters_total', 'Bad readings sent to the dead-letter topic', (s) => s.totals.dlq],
    ['pettwin_readings_stored_total', 'Readings written to the history database', (s) => s.storage.written],
    ['pettwin_readings_storage_dropped_total', 'Readings the history writer dropped because its queue was full', (s) => s.storage.dropped],
    ['pettwin_readings_storage_failed_total', 'Readings in batches the history database failed to write', (s) => s.storage.failed],
    ['pettwin_readings_storage_rejected_total', 'Readings the history database refused on their own as unreadable', (s) => s.storage.rejected],
  ];
  for (const [name, help, read] of totals) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(status()));
      },
    });
  }
  new Gauge({
    name: 'pettwin_consumer_lag',
    help: 'Analyzer consumer-group lag per pet-vitals partition (messages)',
    labelNames: ['partition'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of status().lag.partitions) this.set({ partition: String(p.partition) }, p.lag);
    },
  });
  new Gauge({
    name: 'pettwin_latency_ms',
    help: 'Recent latency from the collar reading: ingest (analyzer received), detect (alert decided), shown (browser drew it)',
    labelNames: ['path', 'quantile'],
    registers: [registry],
    collect() {
      this.reset();
      const l = status().latency;
      for (const [path, s] of Object.entries(l)) {
        if (s.p50 !== null) this.set({ path, quantile: '0.5' }, s.p50);
        if (s.p99 !== null) this.set({ path, quantile: '0.99' }, s.p99);
      }
    },
  });
  new Gauge({
    name: 'pettwin_open_alerts',
    help: 'Alerts not yet resolved, by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      this.reset();
      const counts: Record<string, number> = { critical: 0, warning: 0, info: 0 };
      for (const t of deps.engine.twins()) for (const a of t.openAlerts) counts[a.severity] = (counts[a.severity] ?? 0) + 1;
      for (const [severity, n] of Object.entries(counts)) this.set({ severity }, n);
    },
  });
  return { contentType: registry.contentType, render: () => registry.metrics() };
}
