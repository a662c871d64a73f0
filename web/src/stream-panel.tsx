/** Pipeline health: rates, consumer lag, dead letters, latencies, broker. Redrawn once per 'stream' frame. */
import { memo } from 'react';
import type { LatencySummary, StreamStatus } from '../../src/api/protocol.ts';
import { count, DASH, rate } from './format.ts';
import type { ClientRates } from './live-stream.ts';

/** Partitions listed individually; a 100-partition topic would otherwise push the alert feed off screen. */
export const MAX_PARTITIONS_SHOWN = 24;

type Props = { stream: StreamStatus | null; client: ClientRates };

export const StreamPanel = memo(function StreamPanel({ stream, client }: Props) {
  if (!stream) {
    return (
      <section className="panel stream-panel" data-testid="stream-panel" aria-label="Stream">
        <h2>Stream</h2>
        <p className="empty">Waiting for the first status…</p>
      </section>
    );
  }
  const parts = [...stream.lag.partitions].sort((a, b) => a.partition - b.partition);
  const hidden = parts.length - MAX_PARTITIONS_SHOWN;
  return (
    <section className="panel stream-panel" data-testid="stream-panel" aria-label="Stream">
      <h2>
        Stream <span className="muted">{stream.consumerGroup}</span>
      </h2>
      <div className="stats">
        <Stat label="produced/s" value={rate(stream.rates.produced)} />
        <Stat label="consumed/s" value={rate(stream.rates.consumed)} />
        <Stat label="alerts out/s" value={rate(stream.rates.alertsOut)} />
        <Stat label="lag" value={count(stream.lag.total)} testId="lag-total" warn={stream.lag.total > 1000} />
        <Stat label="dead letters" value={count(stream.totals.dlq)} testId="dlq-count" warn={stream.totals.dlq > 0} />
        <Stat label="ws in/s" value={`${client.framesPerS} fr · ${client.readingsPerS} rd`} />
      </div>
      <table className="latency">
        <thead>
          <tr>
            <th>latency ms</th>
            <th>p50</th>
            <th>p99</th>
            <th>n</th>
          </tr>
        </thead>
        <tbody>
          <LatencyRow name="detect" label="collar → detected" s={stream.latency.detect} />
          <LatencyRow name="shown" label="collar → shown" s={stream.latency.shown} />
          <LatencyRow name="ingest" label="collar → analyzer" s={stream.latency.ingest} />
        </tbody>
      </table>
      {parts.length > 0 ? (
        <div className="partitions" aria-label="Lag per partition">
          {parts.slice(0, MAX_PARTITIONS_SHOWN).map((p) => (
            <span key={p.partition} className={p.lag > 0 ? 'part lagging' : 'part'} title={`committed ${p.committedOffset} / end ${p.endOffset}`}>
              p{p.partition} <b>{count(p.lag)}</b>
            </span>
          ))}
          {hidden > 0 ? <span className="part muted">+{hidden} more</span> : null}
        </div>
      ) : null}
      <dl className="broker">
        <dt>broker</dt>
        <dd>
          {stream.broker.mode} · {stream.broker.bootstrap}
        </dd>
        <dt>totals</dt>
        <dd>
          {count(stream.totals.produced)} in · {count(stream.totals.consumed)} consumed · {count(stream.totals.alertsOut)} alerts ·{' '}
          {count(stream.totals.storedReadings)} stored
        </dd>
      </dl>
    </section>
  );
});

function Stat({ label, value, testId, warn }: { label: string; value: string; testId?: string; warn?: boolean }) {
  return (
    <div className={warn ? 'stat warn' : 'stat'}>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function ms(v: number | null): string {
  return v === null || !Number.isFinite(v) ? DASH : String(Math.round(v));
}

function LatencyRow({ name, label, s }: { name: string; label: string; s: LatencySummary }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td data-testid={`latency-${name}-p50`}>{ms(s.p50)}</td>
      <td data-testid={`latency-${name}-p99`}>{ms(s.p99)}</td>
      <td className="muted">{count(s.count)}</td>
    </tr>
  );
}
