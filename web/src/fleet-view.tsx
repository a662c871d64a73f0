/**
 * Fleet view: one tile per pet, coloured by state. Cards are memoized on what they display, so a
 * flush re-renders only the pets whose visible numbers or state changed.
 */
import { memo, useMemo, useState } from 'react';
import type { LiveReading } from '../../src/api/protocol.ts';
import type { PetState, PetTwin } from '../../src/analysis/engine-contract.ts';
import { num, pct } from './format.ts';

const STATES: readonly PetState[] = ['critical', 'warning', 'technical', 'ok', 'unknown'];

/** The reading's state when it is at least as new as the twin's, else the twin's. */
export function currentState(twin: PetTwin, reading: LiveReading | undefined): PetState {
  if (reading && (!twin.latest || reading.ts >= twin.latest.ts)) return reading.state;
  return twin.state;
}

type FleetProps = {
  pets: readonly PetTwin[];
  latest: ReadonlyMap<string, LiveReading>;
  onOpen: (petId: string) => void;
};

export function FleetView({ pets, latest, onOpen }: FleetProps) {
  const [filter, setFilter] = useState<PetState | 'all'>('all');
  const counts = useMemo(() => {
    const c: Record<PetState, number> = { ok: 0, warning: 0, critical: 0, technical: 0, unknown: 0 };
    for (const p of pets) c[currentState(p, latest.get(p.profile.id))]++;
    return c;
  }, [pets, latest]);
  const shown = filter === 'all' ? pets : pets.filter((p) => currentState(p, latest.get(p.profile.id)) === filter);

  return (
    <section className="fleet" data-testid="fleet" aria-label="Fleet">
      <div className="fleet-head">
        <h1>Fleet</h1>
        <div className="filters" role="group" aria-label="Filter by state">
          <button type="button" className={filter === 'all' ? 'chip active' : 'chip'} onClick={() => setFilter('all')}>
            All <b>{pets.length}</b>
          </button>
          {STATES.map((st) => (
            <button
              key={st}
              type="button"
              className={`chip chip-${st}${filter === st ? ' active' : ''}`}
              onClick={() => setFilter(filter === st ? 'all' : st)}
            >
              {st} <b>{counts[st]}</b>
            </button>
          ))}
        </div>
      </div>
      {pets.length === 0 ? (
        <p className="empty">No pets yet. Collars appear here as soon as they send a reading.</p>
      ) : (
        <div className="fleet-grid">
          {shown.map((twin) => (
            <PetCard key={twin.profile.id} model={cardModel(twin, latest.get(twin.profile.id))} onOpen={onOpen} />
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
  breed: string;
  state: PetState;
  open: number;
  hr: string;
  rr: string;
  temp: string;
  activity: string;
  battery: string;
  signal: string;
};

function cardModel(twin: PetTwin, r: LiveReading | undefined): CardModel {
  const p = twin.profile;
  return {
    id: p.id,
    name: p.name,
    breed: `${p.species} · ${p.breed}`,
    state: currentState(twin, r),
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
    x.id === y.id && x.name === y.name && x.breed === y.breed && x.state === y.state && x.open === y.open &&
    x.hr === y.hr && x.rr === y.rr && x.temp === y.temp && x.activity === y.activity && x.battery === y.battery && x.signal === y.signal
  );
}

const PetCard = memo(function PetCard({ model: m, onOpen }: CardProps) {
  return (
    <button type="button" className={`pet-card state-${m.state}`} data-testid={`pet-card-${m.id}`} data-state={m.state} onClick={() => onOpen(m.id)}>
      <span className="pet-card-head">
        <span className="pet-name">{m.name}</span>
        <span className={`state-badge state-${m.state}`}>{m.state}</span>
      </span>
      <span className="pet-breed">
        {m.breed}
        {m.open > 0 ? <span className="open-count"> · {m.open} open</span> : null}
      </span>
      <span className="vitals">
        <Vital label="HR" value={m.hr} unit="bpm" />
        <Vital label="RR" value={m.rr} unit="/min" />
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
