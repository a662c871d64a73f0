/**
 * Replays the Invoxia Dog Health Vitals subset (real healthy dogs, mostly resting; Jarkoff, Lorre
 * & Humbert 2023, doi:10.5281/zenodo.8020390, CC BY 4.0) as 1 Hz collar readings, to check that
 * the detectors stay silent on healthy animals. Each 20-s HR / 40-s breathing window value is
 * held for the seconds it covers (newest window wins); temperature is not in the data set, so a
 * normal 38.6 °C is used. Sessions of one dog are laid end to end, an hour apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PetProfile } from '../../../src/domain/pet.ts';
import type { VitalsReading } from '../../../src/domain/reading.ts';

export const INVOXIA_CSV = process.env.INVOXIA_DATASET ?? '/work/shared/data/invoxia-dog-vitals/dataset.csv';

type Segment = { deb: number; fin: number; value: number | null };
type Session = { durationS: number; hr: Segment[]; br: Segment[] };
export type InvoxiaDog = { profile: PetProfile; sessions: Session[] };

/** Gap between one dog's sessions: the data set has no wall-clock time. */
const SESSION_GAP_MS = 3_600_000;
const T0 = 1_700_000_000_000;

export function invoxiaAvailable(): boolean {
  return existsSync(INVOXIA_CSV);
}

export function loadInvoxiaDogs(): InvoxiaDog[] {
  const rows = parseCsv(readFileSync(INVOXIA_CSV, 'utf8'));
  const header = rows[0]!;
  const col = (name: string) => header.indexOf(name);
  const [iPet, iBreed, iWeight, iAge, iDur, iHr, iBr] = ['pet_id', 'breeds', 'weight', 'age', 'duration', 'segments_hr', 'segments_br'].map(col);
  const dogs = new Map<string, InvoxiaDog>();
  for (const row of rows.slice(1)) {
    if (row.length < header.length) continue;
    const id = `invoxia-${row[iPet!]}`;
    let dog = dogs.get(id);
    if (!dog) {
      dog = {
        profile: { id, name: `Dog ${row[iPet!]}`, species: 'dog', breed: row[iBreed!]!, weightKg: Number(row[iWeight!]), ageYears: Number(row[iAge!]) },
        sessions: [],
      };
      dogs.set(id, dog);
    }
    dog.sessions.push({ durationS: Number(row[iDur!]), hr: parseSegments(row[iHr!]!), br: parseSegments(row[iBr!]!) });
  }
  return [...dogs.values()];
}

/** Calls `emit` with every 1 Hz reading of one dog, in time order. */
export function replayDog(dog: InvoxiaDog, emit: (r: VitalsReading) => void): void {
  let seq = 0;
  dog.sessions.forEach((s, si) => {
    const start = T0 + si * SESSION_GAP_MS;
    for (let t = 0; t < Math.floor(s.durationS); t++) {
      emit({
        eventId: `${dog.profile.id}-${si}-${t}`,
        petId: dog.profile.id,
        deviceId: `collar-${dog.profile.id}`,
        ts: start + t * 1000,
        seq: seq++,
        heartRate: valueAt(s.hr, t),
        respiratoryRate: valueAt(s.br, t),
        temperatureC: 38.6,
        activity: 0.03,
        hrvMs: null,
        batteryPct: 80,
        signalQuality: 0.9,
      });
    }
  });
}

function valueAt(segs: Segment[], t: number): number | null {
  let best: Segment | null = null;
  for (const s of segs) if (s.value !== null && s.deb <= t && t < s.fin && (!best || s.deb > best.deb)) best = s;
  return best ? best.value : null;
}

/** The columns hold Python-literal lists of dicts: quote-swap them into JSON. */
function parseSegments(text: string): Segment[] {
  if (!text.trim()) return [];
  const json = text.replace(/'/g, '"').replace(/\bNone\b/g, 'null').replace(/\bnan\b/gi, 'null');
  return (JSON.parse(json) as Segment[]).filter((s) => typeof s.value === 'number' && Number.isFinite(s.value));
}

/** Minimal RFC 4180 reader: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
