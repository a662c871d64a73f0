/**
 * One pet: profile, live charts (seeded from the last ten minutes of GET /vitals, then fed by
 * the socket through the store's watched series), open alerts, scenario buttons.
 * Loaded lazily, so uPlot is not in the fleet view's bundle.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LiveReading, ScenarioInfo } from '../../src/api/protocol.ts';
import type { PetTwin } from '../../src/analysis/engine-contract.ts';
import type { Alert } from '../../src/domain/alert.ts';
import { AckButton } from './alert-feed.tsx';
import { errorMessage, fetchVitals } from './api-client.ts';
import { currentState, STATE_LABEL } from './fleet-view.tsx';
import { clock, kindLabel, num, pct, plural } from './format.ts';
import { LiveChart, type Band, type Baseline } from './live-chart.tsx';
import type { LiveStore } from './live-stream.ts';
import { ScenarioPanel } from './scenario-panel.tsx';
import { CHART_WINDOW_MS, createSeries, MAX_CHART_POINTS, seedSeries, type SeriesBuffer } from './series-buffer.ts';

type Props = {
  store: LiveStore;
  petId: string;
  twin: PetTwin | undefined;
  reading: LiveReading | undefined;
  openAlerts: readonly Alert[];
  scenarios: readonly ScenarioInfo[];
  /** Played by the simulator, so it accepts scenarios. */
  simulated: boolean;
  /** No reading for STALE_AFTER_MS: the numbers are frozen. */
  stale: boolean;
  hasHello: boolean;
  onBack: () => void;
};

export default function PetView({ store, petId, twin, reading, openAlerts, scenarios, simulated, stale, hasHello, onBack }: Props) {
  const series = useWatchedSeries(store, petId);
  const petAlerts = useMemo(() => openAlerts.filter((a) => a.petId === petId), [openAlerts, petId]);
  const bands = useMemo(() => bandsOf(twin), [twin]);

  if (!twin) {
    return (
      <section className="pet-view" data-testid="pet-view">
        <button type="button" className="link back" onClick={onBack}>
          ← Fleet
        </button>
        <p className="empty">{hasHello ? `No pet with id “${petId}”.` : 'Connecting…'}</p>
      </section>
    );
  }
  const p = twin.profile;
  const state = stale ? 'nodata' : currentState(twin, reading);
  const lastTs = reading?.ts ?? twin.latest?.ts ?? null;
  return (
    <section className="pet-view" data-testid="pet-view" data-pet-id={petId}>
      <button type="button" className="link back" onClick={onBack}>
        ← Fleet
      </button>
      <header className={`pet-header state-${state}`}>
        <div>
          <h1>
            {p.name} <small className="pet-id">· {p.id}</small> <span className={`state-badge state-${state}`}>{STATE_LABEL[state]}</span>
          </h1>
          <p className="muted">
            <span className="cap">{p.species}</span> · {p.breed} · {p.weightKg} kg · {p.ageYears < 1 ? plural(Math.round(p.ageYears * 12), 'month') : plural(p.ageYears, 'year')} old · {simulated ? 'simulated collar' : 'registered collar'}
          </p>
        </div>
        <div className="pet-header-vitals">
          <span>activity {pct(reading?.activity)}</span>
          <span>battery {reading?.batteryPct == null ? '—' : `${Math.round(reading.batteryPct)}%`}</span>
          <span>signal {pct(reading?.signalQuality)}</span>
          <span className={stale ? 'nodata-count' : ''}>last reading {lastTs === null ? '—' : clock(lastTs)}</span>
        </div>
      </header>

      <div className="charts">
        {series.error ? <p className="error-text">History unavailable. {series.error}</p> : null}
        {stale ? (
          <p className="stale-note" data-testid="stale-note">
            {lastTs === null
              ? 'No readings from this collar yet: the charts fill in as soon as it sends one.'
              : `No reading since ${clock(lastTs)}: these values are not live.`}
          </p>
        ) : null}
        <LiveChart store={store} series={series.buffer} field="hr" label="Heart rate" unit="bpm" color="#ff7b72" band={bands.hr} baseline={bands.hrBase} minSpan={20} />
        <LiveChart store={store} series={series.buffer} field="rr" label="Respiratory rate" unit="breaths/min" color="#79c0ff" band={bands.rr} baseline={bands.rrBase} minSpan={10} />
        <LiveChart
          store={store}
          series={series.buffer}
          field="temp"
          label="Temperature"
          unit="°C"
          color="#e3b341"
          band={bands.temp}
          baseline={bands.tempBase}
          digits={1}
          minSpan={1}
        />
      </div>

      <div className="pet-columns">
        <section className="panel" aria-label="Open alerts for this pet">
          <h2>
            Open alerts <span className="muted">{petAlerts.length}</span>
          </h2>
          {petAlerts.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <ul className="pet-alerts">
              {petAlerts.map((a) => (
                <li key={a.alertId} className={`alert-row sev-${a.severity} status-${a.status}`}>
                  <div className="alert-row-head">
                    <span className={`sev-badge sev-${a.severity}`}>{a.severity}</span>
                    <span className="alert-kind">{kindLabel(a.kind)}</span>
                    <span className={`status-chip status-${a.status}`}>{a.status}</span>
                    <span className="alert-time muted" title="opened at">
                      opened {clock(a.openedAt)}
                    </span>
                  </div>
                  <p className="alert-explanation">{a.explanation}</p>
                  {a.status === 'active' ? <AckButton store={store} alertId={a.alertId} testId={`pet-ack-${a.alertId}`} /> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <div>
          <ScenarioPanel petId={petId} simulated={simulated} scenarios={scenarios} />
          <section className="panel" aria-label="Normal ranges">
            <h2>Normal for {p.name}</h2>
            <table className="ranges">
              <thead>
                <tr>
                  <th />
                  <th>clinical range</th>
                  <th>own baseline ±2 sd</th>
                </tr>
              </thead>
              <tbody>
                <RangeRow label="Heart rate" unit="bpm" band={bands.hr} base={bands.hrBase} n={twin.baseline.heartRate?.n} />
                <RangeRow label="Resp. rate" unit="breaths/min" band={bands.rr} base={bands.rrBase} n={twin.baseline.respiratoryRate?.n} />
                <RangeRow label="Temperature" unit="°C" band={bands.temp} base={bands.tempBase} n={twin.baseline.temperatureC?.n} digits={1} />
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </section>
  );
}

type RangeRowProps = { label: string; unit: string; band: Band; base: Baseline | null; n: number | undefined; digits?: number };

function RangeRow({ label, unit, band, base, n, digits = 0 }: RangeRowProps) {
  return (
    <tr>
      <th scope="row">
        {label} <span className="muted">({unit})</span>
      </th>
      <td>
        {band.low}–{band.high}
      </td>
      <td>
        {base ? `${num(base.mean - 2 * base.sd, digits)}–${num(base.mean + 2 * base.sd, digits)}` : 'learning…'}
        {base && n ? <span className="muted" title="readings the baseline has learned from"> ({plural(n, 'reading')})</span> : null}
      </td>
    </tr>
  );
}

type Bands = { hr: Band; rr: Band; temp: Band; hrBase: Baseline | null; rrBase: Baseline | null; tempBase: Baseline | null };

const NO_BAND: Band = { low: 0, high: 0 };

function bandsOf(twin: PetTwin | undefined): Bands {
  if (!twin) return { hr: NO_BAND, rr: NO_BAND, temp: NO_BAND, hrBase: null, rrBase: null, tempBase: null };
  const base = (b: { mean: number; sd: number } | null): Baseline | null => (b ? { mean: b.mean, sd: b.sd } : null);
  return {
    hr: twin.ranges.heartRate,
    rr: twin.ranges.respiratoryRate,
    temp: twin.ranges.temperatureC,
    hrBase: base(twin.baseline.heartRate),
    rrBase: base(twin.baseline.respiratoryRate),
    tempBase: base(twin.baseline.temperatureC),
  };
}

/** Watches the pet in the store while mounted, and seeds the series from the last ten minutes. */
function useWatchedSeries(store: LiveStore, petId: string): { buffer: SeriesBuffer; error: string | null } {
  // One buffer per mount; the app keys PetView by petId, so another pet starts from an empty chart.
  const [buffer] = useState(createSeries);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const unwatch = store.watchPet(petId, buffer);
    const ac = new AbortController();
    const to = Date.now();
    fetchVitals(petId, to - CHART_WINDOW_MS, to, MAX_CHART_POINTS, ac.signal)
      .then((res) => {
        setError(null);
        seedSeries(buffer, res.points);
        store.requestFlush();
      })
      .catch((err: unknown) => {
        if (!ac.signal.aborted) setError(errorMessage(err));
      });
    return () => {
      ac.abort();
      unwatch();
    };
  }, [store, petId, buffer]);
  return { buffer, error };
}
