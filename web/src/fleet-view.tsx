/**
 * Fleet view: one tile per pet, coloured by state. Cards are memoized on what they display, so a
 * flush re-renders only the pets whose visible numbers or state changed. A pet whose newest
 * reading is older than STALE_AFTER_MS shows as "no data" (grey): its numbers are frozen, not live.
 */
import { memo, useMemo, useState } from 'react';
import type { LiveReading } from '../../src/api/protocol.ts';
import type { PetState, PetTwin } from '../../src/analysis/engine-contract.ts';
import { breedLine, clock, num, pct, plural } from './format.ts';

/** What a tile shows: the analyzer's state, or "no data" when there is nothing recent to judge. */
export type DisplayState = PetState | 'nodata';

const STATES: readonly DisplayState[] = ['critical', 'warning', 'technical', 'ok', 'unknown', 'nodata'];

export const STATE_LABEL: Record<DisplayState, string> = {
  critical: 'critical',
  warning: 'warning',
  technical: 'technical',
  ok: 'ok',
  unknown: 'unknown',
  nodata: 'no data',
};

/** The reading's state when it is at least as new as the twin's, else the twin's. */
export function currentState(twin: PetTwin, reading: LiveReading | undefined): PetState {
  if (reading && (!twin.latest || reading.ts >= twin.latest.ts)) return reading.state;
  return twin.state;
}

export function displayState(twin: PetTwin, reading: LiveReading | undefined, stale: ReadonlySet<string>): DisplayState {
  return stale.has(twin.profile.id) ? 'nodata' : currentState(twin, reading);
}

type FleetProps = {
  pets: readonly PetTwin[];
  latest: ReadonlyMap<string, LiveReading>;
  stale: ReadonlySet<string>;
  onOpen: (petId: string) => void;
};

export function FleetView({ pets, latest, stale, onOpen }: FleetProps) {
  const [filter, setFilter] = useState<DisplayState | 'all'>('all');
  const counts = useMemo(() => {
    const c: Record<DisplayState, number> = { ok: 0, warning: 0, critical: 0, technical: 0, unknown: 0, nodata: 0 };
    for (const p of pets) c[displayState(p, latest.get(p.profile.id), stale)]++;
    return c;
  }, [pets, latest, stale]);
  const shown = filter === 'all' ? pets : pets.filter((p) => displayState(p, latest.get(p.profile.id), stale) === filter);

  return (
    <section className="fleet" data-testid="fleet" aria-label="Fleet">
      <div className="fleet-head">
        <h1>Fleet</h1>
        <div className="filters" role="group" aria-label="Filter by state">
          <button type="button" className={filter === 'all' ? 'chip active' : 'chip'} onClick={() => setFilter('all')}>
            All <b>{pets.length}</b>
          </button>
          {STATES.map((st) =>
            st === 'nodata' && counts.nodata === 0 && filter !== 'nodata' ? null : (
              <button
                key={st}
                type="button"
                className={`chip chip-${st}${filter === st ? ' active' : ''}`}
                data-testid={`filter-${st}`}
                onClick={() => setFilter(filter === st ? 'all' : st)}
              >
                {STATE_LABEL[st]} <b>{counts[st]}</b>
              </button>
            ),
          )}
        </div>
      </div>
      {pets.length === 0 ? (
        <p className="empty">No pets yet. Collars appear here as soon as they send a reading.</p>
      ) : (
        <div className="fleet-grid">
          {shown.map((twin) => (
            <PetCard key={twin.profile.id} model={cardModel(twin, latest.get(twin.profile.id), stale)} onOpen={onOpen} />
          ))}
        </div>
      )}
    </section>
  );
}

/** What a card shows, already formatted: cards compare these strings, so a reading that changes
 *  nothing visible (same rounded HR, same temperature to 0.1 °C…) costs no render and no layout. */
type CardModel = {
  id: string;
  name: string;
  /** "dog · Labrador", or when the data is stale, when the last reading came. */
  subtitle: string;
  state: DisplayState;
  open: number;
  hr: string;
  rr: string;
  temp: string;
  activity: string;
  battery: string;
  signal: string;
};

function cardModel(twin: PetTwin, r: LiveReading | undefined, stale: ReadonlySet<string>): CardModel {
  const p = twin.profile;
  const state = displayState(twin, r, stale);
  const lastTs = r?.ts ?? twin.latest?.ts ?? null;
  return {
    id: p.id,
    name: p.name,
    subtitle: state === 'nodata' ? (lastTs === null ? 'no reading yet' : `last reading ${clock(lastTs)}`) : breedLine(p),
    state,
    open: twin.openAlerts.length,
    hr: num(r?.heartRate),
    rr: num(r?.respiratoryRate),
    temp: num(r?.temperatureC, 1),
    activity: pct(r?.activity),
    battery: r?.batteryPct == null ? '—' : `${Math.round(r.batteryPct)}%`,
    signal: pct(r?.signalQuality),
  };
}

type CardProps = { model: CardModel; onOpen: (petId: string) => void };

function sameCard(a: CardProps, b: CardProps): boolean {
  if (a.onOpen !== b.onOpen) return false;
  const x = a.model;
  const y = b.model;
  return (
    x.id === y.id && x.name === y.name && x.subtitle === y.subtitle && x.state === y.state && x.open === y.open &&
    x.hr === y.hr && x.rr === y.rr && x.temp === y.temp && x.activity === y.activity && x.battery === y.battery && x.signal === y.signal
  );
}

const PetCard = memo(function PetCard({ model: m, onOpen }: CardProps) {
  return (
    <button
      type="button"
      className={`pet-card state-${m.state}`}
      data-testid={`pet-card-${m.id}`}
      data-state={m.state}
      title={`${m.name} (${m.id})`}
      onClick={() => onOpen(m.id)}
    >
      <span className="pet-card-head">
        <span className="pet-name">
          {m.name}
          {m.name !== m.id ? <small className="pet-id"> · {m.id}</small> : null}
        </span>
        <span className={`state-badge state-${m.state}`}>{STATE_LABEL[m.state]}</span>
      </span>
      <span className="pet-breed">
        <span className={m.state === 'nodata' ? '' : 'cap'}>{m.subtitle}</span>
        {m.open > 0 ? <span className="open-count"> · {plural(m.open, 'open alert')}</span> : null}
      </span>
      <span className="vitals">
        <Vital label="Heart" value={m.hr} unit="bpm" />
        <Vital label="Breathing" value={m.rr} unit="/min" />
        <Vital label="Temp" value={m.temp} unit="°C" />
        <Vital label="Activity" value={m.activity} />
        <Vital label="Battery" value={m.battery} />
        <Vital label="Signal" value={m.signal} />
      </span>
    </button>
  );
}, sameCard);

function Vital({ label, value, unit }: { label: string; value: string; unit?: string }) {
  return (
    <span className="vital">
      <span className="vital-label">{label}</span>
      <span className="vital-value">
        {value}
        {unit && value !== '—' ? <small> {unit}</small> : null}
      </span>
    </span>
  );
}
