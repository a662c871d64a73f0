/** Display formatting shared by the views. Missing values show as an em dash, never as 0. */
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

export function kindLabel(kind: AlertKind | string): string {
  const s = kind.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function clock(ts: number): string {
  return new Date(ts).toLocaleTimeString('en-GB', { hour12: false });
}
