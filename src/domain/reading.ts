/**
 * The collar reading: the one message every part of the pipeline agrees on.
 * The zod schema is both the validation at the edge (bad readings go to the dead-letter topic)
 * and the TypeScript type. Bounds are physical plausibility limits, not clinical ranges:
 * a value outside them is a broken sensor or a broken producer, never a sick pet.
 */
import { isUtf8 } from 'node:buffer';
import { z } from 'zod';

/** Physical plausibility bounds. Clinical ranges live in src/analysis/clinical-ranges.ts. */
export const PLAUSIBLE = {
  // No mammal heart beats above ~400/min at rest or in exercise (shrews excepted); 0 = asystole.
  heartRate: { min: 0, max: 400 },
  // Panting dogs reach 300-400 breaths/min.
  respiratoryRate: { min: 0, max: 400 },
  // Skin/core sensor range a collar can physically report.
  temperatureC: { min: 20, max: 46 },
  hrvMs: { min: 0, max: 3000 },
} as const;

const nullableBounded = (min: number, max: number, unit: string) =>
  z
    .number()
    .refine(Number.isFinite, { message: 'must be a finite number' })
    .refine((v) => v >= min && v <= max, { message: `must be between ${min} and ${max} ${unit}` })
    .nullable();

/** Text every store and browser can hold: no lone UTF-16 surrogate (JSON's "\\ud800" escape
 * parses, but DuckDB refuses it and a browser shows garbage). */
const wellFormed = (s: string) => s.isWellFormed();
const id = (max: number) => z.string().min(1).max(max).refine(wellFormed, { message: 'must be valid Unicode text (it holds a lone surrogate such as \\ud800)' });

export const VitalsReadingSchema = z
  .object({
    eventId: id(200),
    petId: id(100),
    deviceId: id(100),
    /** When the collar measured, ms since the Unix epoch. */
    ts: z.number().int().positive(),
    /** Per-device counter, to spot gaps and reordering. */
    seq: z.number().int().nonnegative(),
    heartRate: nullableBounded(PLAUSIBLE.heartRate.min, PLAUSIBLE.heartRate.max, 'bpm'),
    respiratoryRate: nullableBounded(PLAUSIBLE.respiratoryRate.min, PLAUSIBLE.respiratoryRate.max, 'breaths/min'),
    temperatureC: nullableBounded(PLAUSIBLE.temperatureC.min, PLAUSIBLE.temperatureC.max, '°C'),
    activity: nullableBounded(0, 1, '(fraction)'),
    hrvMs: nullableBounded(PLAUSIBLE.hrvMs.min, PLAUSIBLE.hrvMs.max, 'ms'),
    batteryPct: nullableBounded(0, 100, '%'),
    signalQuality: nullableBounded(0, 1, '(fraction)'),
  })
  .strict();

export type VitalsReading = z.infer<typeof VitalsReadingSchema>;

export type ParseResult =
  | { ok: true; reading: VitalsReading }
  | { ok: false; reason: string };

const READING_KEYS = Object.keys(VitalsReadingSchema.shape) as Array<keyof VitalsReading>;
const BOUNDED: ReadonlyArray<readonly [keyof VitalsReading, number, number]> = [
  ['heartRate', PLAUSIBLE.heartRate.min, PLAUSIBLE.heartRate.max],
  ['respiratoryRate', PLAUSIBLE.respiratoryRate.min, PLAUSIBLE.respiratoryRate.max],
  ['temperatureC', PLAUSIBLE.temperatureC.min, PLAUSIBLE.temperatureC.max],
  ['activity', 0, 1],
  ['hrvMs', PLAUSIBLE.hrvMs.min, PLAUSIBLE.hrvMs.max],
  ['batteryPct', 0, 100],
  ['signalQuality', 0, 1],
];
const idOk = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && v.length <= max && v.isWellFormed();

/**
 * The hot path's check: accepts exactly what VitalsReadingSchema accepts for well-formed
 * readings (a unit test holds the two in agreement on thousands of generated inputs), at a
 * fraction of zod's cost. Anything it rejects goes through zod, which names the problem.
 */
export function isValidReadingFast(o: unknown): o is VitalsReading {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const r = o as Record<string, unknown>;
  let keys = 0;
  for (const k in r) {
    if (!Object.prototype.hasOwnProperty.call(r, k)) continue;
    keys++;
  }
  if (keys !== READING_KEYS.length) return false;
  if (!idOk(r.eventId, 200) || !idOk(r.petId, 100) || !idOk(r.deviceId, 100)) return false;
  const ts = r.ts;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts <= 0) return false;
  const seq = r.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return false;
  for (const [k, min, max] of BOUNDED) {
    const v = r[k];
    if (v === null) continue;
    if (typeof v !== 'number' || !(v >= min && v <= max)) return false;
  }
  return true;
}

/** Decodes raw Kafka bytes into a reading, or says precisely why it cannot. Never throws. */
export function parseReading(bytes: Buffer | Uint8Array | string | null | undefined): ParseResult {
  if (bytes === null || bytes === undefined || bytes.length === 0) return { ok: false, reason: 'empty message' };
  // JSON is UTF-8 text (RFC 8259): decoding would quietly turn a bad byte into U+FFFD, changing an
  // id, and the stored copy of the original bytes would be refused by the database.
  if (typeof bytes !== 'string' && !isUtf8(bytes)) {
    return { ok: false, reason: 'not valid UTF-8: a reading is JSON text, which must be UTF-8 (check the producer\'s encoding)' };
  }
  let json: unknown;
  try {
    // A Buffer (what the Kafka client hands over) decodes itself; only a bare Uint8Array needs a view.
    const text = typeof bytes === 'string' ? bytes : Buffer.isBuffer(bytes) ? bytes.toString('utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: capReason(`malformed JSON: ${(err as Error).message}`) };
  }
  if (isValidReadingFast(json)) return { ok: true, reading: json };
  const result = VitalsReadingSchema.safeParse(json);
  if (result.success) return { ok: true, reading: result.data };
  const reason = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason: capReason(`schema violation: ${reason}`) };
}

/** Quote characters in the JSON of a valid reading written without escapes: its 12 keys and its
 * three string values (eventId, petId, deviceId), two each. */
const READING_QUOTES = (READING_KEYS.length + 3) * 2;

/**
 * True when the bytes a valid reading was parsed from can be stored as they are, as one line of
 * newline-delimited JSON that any JSON reader takes to be exactly that reading: no line break,
 * and exactly READING_QUOTES quote characters. The parsed reading has 12 distinct keys and 3
 * string values, 15 quoted tokens of 2 quotes each, so one more key (a duplicate, which JSON.parse
 * resolves to the last value but DuckDB rejects) or an escaped quote makes the count differ.
 */
export function rawReadingIsStorable(bytes: Buffer): boolean {
  if (bytes.indexOf(10) !== -1 || bytes.indexOf(13) !== -1) return false;
  let quotes = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 34) quotes++;
  return quotes === READING_QUOTES;
}

/** A dead-letter reason travels in a Kafka header beside the original bytes: 60,000 unknown
 * keys must not make it 660 KB and push the record over the broker's size limit (tester report). */
export const MAX_REASON_CHARS = 500;

export function capReason(reason: string): string {
  return reason.length <= MAX_REASON_CHARS ? reason : `${reason.slice(0, MAX_REASON_CHARS - 1)}…`;
}
