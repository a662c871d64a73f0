/** Display formatting shared by the views. Missing values show as an em dash, never as 0. */
import type { PetProfile } from '../../src/domain/pet.ts';
import type { AlertKind } from '../../src/domain/alert.ts';

export const DASH = '—';

export function num(v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : v.toFixed(digits);
}

/** A 0..1 fraction as a whole percentage. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : `${Math.round(v * 100)}%`;
}

export function rate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
}

export function count(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : Math.round(v).toLocaleString('en-US');
}

/** "1 open alert", "2 open alerts", "1,204 readings": the count and the noun that agrees with it. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count(n)} ${Math.round(n) === 1 ? singular : pluralForm}`;
}

/** Abbreviations a vet writes in capitals ("sleeping_rr_rise" → "Sleeping RR rise"). */
const UPPER_WORDS = new Set(['rr', 'hr', 'hrv']);

export function kindLabel(kind: AlertKind | string): string {
  const s = kind.split('_').map((w) => (UPPER_WORDS.has(w) ? w.toUpperCase() : w)).join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** 24-hour local time, "19:15:35": the one time format of the dashboard (charts included). */
export function clock(ts: number): string {
  return new Date(ts).toLocaleTimeString('en-GB', { hour12: false });
}

/** "3 Dec": prefixed to clock() only where a range spans more than one day. */
export function shortDate(ts: number): string {
  return new Date(ts).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

/** "12 s ago", "4 min ago", "2 h ago": how old a reading is. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return plural(Math.floor(s / 86_400), 'day') + ' ago';
}

/** Names repeat across a fleet (two Bellas): the id is what tells pets apart. */
export function petTitle(name: string, id: string): string {
  return name === id ? id : `${name} · ${id}`;
}

/** "dog · Labrador": species and breed, for where there is room. */
export function breedLine(p: Pick<PetProfile, 'species' | 'breed'>): string {
  return `${p.species} · ${p.breed}`;
}
