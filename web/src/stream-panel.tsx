/**
 * Pipeline health: rates, consumer lag, dead letters, the history writer, latencies, broker.
 * Redrawn once per 'stream' frame. Every figure carries its unit; "alert changes" are revisions
 * (opened, updated, resolved…), not alerts, so they are never called alerts.
 */
import { memo } from 'react';
import type { LatencySummary, StreamStatus } from '../../src/api/protocol.ts';
import { count, DASH, plural, rate } from './format.ts';
import type { ClientRates } from './live-stream.ts';

/** Partitions listed individually; a 100-partition topic would otherwise push the alert feed off screen. */
export const MAX_PARTITIONS_SHOWN = 24;
/** Consumer lag (messages) above which the figure turns amber. */
const LAG_WARN = 1000;

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
  const st = stream.storage;
  return (
    <section className="panel stream-panel" data-testid="stream-panel" aria-label="Stream">
      <h2>
        Stream <span className="muted">consumer group {stream.consumerGroup}</span>
      </h2>
      <div className="stats">
        <Stat label="produced" value={rate(stream.rates.produced)} unit="msg/s" />
        <Stat label="consumed" value={rate(stream.rates.consumed)} unit="msg/s" />
        <Stat label="alert changes" value={rate(stream.rates.alertsOut)} unit="/s" />
        <Stat label="consumer lag" value={count(stream.lag.total)} unit="msgs" testId="lag-total" level={stream.lag.total > LAG_WARN ? 'warn' : undefined} />
        <Stat label="dead letters, total" value={count(stream.totals.dlq)} unit="msgs" testId="dlq-count" level={stream.totals.dlq > 0 ? 'warn' : undefined} />
        <Stat
          label={st.dropped > 0 ? `DB queue · ${count(st.dropped)} dropped` : 'DB write queue'}
          value={count(st.queued)}
          unit="readings"
          testId="storage-queued"
          level={st.dropped > 0 ? 'bad' : undefined}
        />
      </div>
      <p className="ws-rate" data-testid="ws-rate">
        WebSocket: {plural(client.framesPerS, 'frame')}/s, {plural(client.readingsPerS, 'reading')}/s
      </p>
      <table className="latency">
        <thead>
          <tr>
            <th>latency, ms</th>
            <th>p50</th>
            <th>p99</th>
            <th>samples</th>
          </tr>
        </thead>
        <tbody>
          <LatencyRow name="detect" label="collar → detected" s={stream.latency.detect} />
          <LatencyRow name="shown" label="collar → shown" s={stream.latency.shown} />
          <LatencyRow name="ingest" label="collar → analyzer" s={stream.latency.ingest} />
        </tbody>
      </table>
      {parts.length > 0 ? (
        <div className="partitions" aria-label="Consumer lag per partition, messages">
          <span className="part-label muted">lag per partition</span>
          {parts.slice(0, MAX_PARTITIONS_SHOWN).map((p) => (
            <span
              key={p.partition}
              className={p.lag > 0 ? 'part lagging' : 'part'}
              title={`partition ${p.partition}: ${plural(p.lag, 'message')} behind (committed offset ${p.committedOffset}, end offset ${p.endOffset})`}
            >
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
        <dt>storage</dt>
        <dd data-testid="storage-line">
          {plural(st.written, 'reading')} written · {count(st.queued)} queued ·{' '}
          <span className={st.dropped > 0 ? 'bad' : ''} data-testid="storage-dropped">
            {count(st.dropped)} dropped
          </span>
          {st.failed > 0 ? (
            <>
              {' '}
              · <span className="bad">{plural(st.failed, 'failed write')}</span>
            </>
          ) : null}{' '}
          · last flush {st.lastFlushMs === null ? DASH : `${ms(st.lastFlushMs)} ms`}
        </dd>
        <dt>totals</dt>
        <dd data-testid="stream-totals">
          {plural(stream.totals.produced, 'reading')} produced · {count(stream.totals.consumed)} consumed ·{' '}
          {plural(stream.totals.alertsOut, 'alert change')} · {count(stream.totals.storedReadings)} stored
          {stream.totals.skipped > 0 ? ` · ${count(stream.totals.skipped)} skipped as duplicate or late` : ''}
        </dd>
      </dl>
    </section>
  );
});

type StatProps = { label: string; value: string; unit: string; testId?: string; level?: 'warn' | 'bad' | undefined };

function Stat({ label, value, unit, testId, level }: StatProps) {
  return (
    <div className={level ? `stat ${level}` : 'stat'}>
      <span className="stat-line">
        <span className="stat-value" data-testid={testId}>
          {value}
        </span>{' '}
        <small className="stat-unit">{unit}</small>
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
