/**
 * Reader for the Invoxia "Dog Health Vitals" dataset.csv format: one row per ECG recording
 * session of a dog, with heart-rate and breathing-rate segments as Python-literal lists.
 * General on purpose: any file of that format, any dogs. Used to calibrate the simulator,
 * to replay real dogs and by the evaluator. The only I/O in src/simulator is readInvoxiaFile.
 *
 * Data: Jarkoff H., Lorre G., Humbert E. (2023), Dog Health Vitals Dataset, Zenodo 8020390,
 * doi:10.5281/zenodo.8020390, CC BY 4.0; paper bioRxiv doi:10.1101/2023.06.09.544347.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PetTwinError } from '../errors.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { summarize, type Summary } from './stats.ts';

/** A rate measured over a window of the recording: `{'deb': start_s, 'fin': end_s, 'value': per_min}`. */
export const InvoxiaSegmentSchema = z.object({
  startS: z.number().nonnegative(),
  endS: z.number().nonnegative(),
  value: z.number().nonnegative(),
});
export type InvoxiaSegment = z.infer<typeof InvoxiaSegmentSchema>;

export const InvoxiaSessionSchema = z.object({
  id: z.string().min(1),
  ecgPath: z.string(),
  durationS: z.number().positive(),
  petId: z.string().min(1),
  breed: z.string(),
  /** kg at the time of the session; null when the cell is empty. */
  weightKg: z.number().positive().nullable(),
  /** years at the time of the session; null when the cell is empty. */
  ageYears: z.number().nonnegative().nullable(),
  /** Breathing rate per 40 s window (breaths/min). Empty cell = no windows. */
  segmentsBr: z.array(InvoxiaSegmentSchema),
  /** Heart rate per 20 s window, windows every 10 s (bpm). Empty cell = no windows. */
  segmentsHr: z.array(InvoxiaSegmentSchema),
  /** Beat times, seconds from the start of the recording. */
  ecgPulses: z.array(z.number()),
  /** Intervals of poor ECG signal, [start_s, end_s]. */
  badEcg: z.array(z.tuple([z.number(), z.number()])),
});
export type InvoxiaSession = z.infer<typeof InvoxiaSessionSchema>;

/** CSV column → session field. The header must contain all of them (any order). */
const COLUMNS = {
  _id: 'id',
  ecg_path: 'ecgPath',
  duration: 'durationS',
  pet_id: 'petId',
  breeds: 'breed',
  weight: 'weightKg',
  age: 'ageYears',
  segments_br: 'segmentsBr',
  segments_hr: 'segmentsHr',
  ecg_pulses: 'ecgPulses',
  bad_ecg: 'badEcg',
} as const satisfies Record<string, keyof InvoxiaSession>;
type Column = keyof typeof COLUMNS;
const COLUMN_NAMES = Object.keys(COLUMNS) as Column[];
const COLUMN_OF_FIELD = Object.fromEntries(COLUMN_NAMES.map((c) => [COLUMNS[c], c])) as Record<string, Column>;

/** Session field → the dataset's own key, for error messages. */
const SEGMENT_KEYS: Record<string, string> = { startS: "'deb'", endS: "'fin'", value: "'value'" };

const invalid = (message: string, cause?: unknown) =>
  new PetTwinError('INPUT_FILE_INVALID', message, cause === undefined ? undefined : { cause });

/**
 * Parses the text of an Invoxia dataset.csv. Throws PETTWIN_INPUT_FILE_INVALID naming the line,
 * the column and the problem (readInvoxiaFile adds the file name).
 */
export function parseInvoxiaCsv(text: string): InvoxiaSession[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw invalid(`not valid CSV, ${err.message}`, err);
    throw err;
  }
  const header = records[0];
  if (!header) throw invalid(`the file is empty (expected a header: ${COLUMN_NAMES.join(',')})`);
  const index = new Map(header.fields.map((name, i) => [name.trim(), i]));
  const missing = COLUMN_NAMES.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw invalid(
      `line 1: missing column(s) ${missing.join(', ')}; an Invoxia dataset.csv header has ${COLUMN_NAMES.join(',')} (found ${header.fields.slice(0, 12).join(',')})`,
    );
  }
  const sessions: InvoxiaSession[] = [];
  for (let r = 1; r < records.length; r++) {
    const { line, fields } = records[r]!;
    if (fields.length !== header.fields.length) {
      throw invalid(`line ${line}: ${fields.length} fields where the header has ${header.fields.length}`);
    }
    const cell = (c: Column) => fields[index.get(c)!]!.trim();
    let column: Column = '_id';
    try {
      const raw: Record<string, unknown> = {};
      for (column of COLUMN_NAMES) raw[COLUMNS[column]] = convertCell(column, cell(column));
      const parsed = InvoxiaSessionSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0]);
        const keys = issue.path.slice(1).map((k) => SEGMENT_KEYS[String(k)] ?? String(k));
        const where = keys.length > 0 ? ` at [${keys.join('][')}]` : '';
        throw new CellError(COLUMN_OF_FIELD[field] ?? column, `${issue.message}${where}`);
      }
      sessions.push(parsed.data);
    } catch (err) {
      if (err instanceof CellError) {
        const shown = cell(err.column);
        const excerpt = shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
        throw invalid(`line ${line}, column ${err.column}: ${err.message} (cell: ${JSON.stringify(excerpt)})`, err);
      }
      if (err instanceof LiteralError) {
        throw invalid(`line ${line}, column ${column}: ${err.message}`, err);
      }
      throw err;
    }
  }
  return sessions;
}

/** Reads and parses an Invoxia dataset.csv; every failure names the file and the problem. */
export function readInvoxiaFile(path: string): InvoxiaSession[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw invalid(`${path}: cannot read the Invoxia dataset (${reason})`, err);
  }
  try {
    return parseInvoxiaCsv(text);
  } catch (err) {
    if (err instanceof PetTwinError) throw invalid(`${path}: ${err.message}`, err);
    throw err;
  }
}

class CellError extends Error {
  constructor(
    readonly column: Column,
    message: string,
  ) {
    super(message);
  }
}

function convertCell(column: Column, text: string): unknown {
  switch (column) {
    case '_id':
    case 'ecg_path':
    case 'pet_id':
    case 'breeds':
      return text;
    case 'duration':
      return toNumber(column, text, false);
    case 'weight':
    case 'age':
      return toNumber(column, text, true);
    case 'segments_br':
    case 'segments_hr': {
      const list = text === '' ? [] : parsePythonLiteral(text);
      if (!Array.isArray(list)) throw new CellError(column, "expected a list of {'deb', 'fin', 'value'} dicts");
      return list.map((d: unknown) => {
        if (d === null || typeof d !== 'object' || Array.isArray(d)) {
          throw new CellError(column, "expected a list of {'deb', 'fin', 'value'} dicts");
        }
        const o = d as Record<string, unknown>;
        return { startS: o.deb, endS: o.fin, value: o.value };
      });
    }
    case 'ecg_pulses':
    case 'bad_ecg':
      return text === '' ? [] : parsePythonLiteral(text);
  }
}

function toNumber(column: Column, text: string, nullable: boolean): number | null {
  if (text === '' && nullable) return null;
  const v = Number(text);
  if (text === '' || !Number.isFinite(v)) throw new CellError(column, 'expected a number');
  return v;
}

class LiteralError extends Error {}

/**
 * Parses the subset of Python literals the dataset uses: lists, tuples (as arrays), dicts with
 * string keys, numbers (with nan/inf), quoted strings, None/True/False. Throws LiteralError.
 */
export function parsePythonLiteral(text: string): unknown {
  let i = 0;
  const n = text.length;
  const skip = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (what: string): never => {
    const near = text.slice(i, i + 20);
    throw new LiteralError(`${what} at character ${i + 1}${near ? ` (near ${JSON.stringify(near)})` : ' (text ends early)'}`);
  };
  const sequence = (close: string, item: () => void) => {
    i++;
    skip();
    while (text[i] !== close) {
      item();
      skip();
      if (text[i] === ',') {
        i++;
        skip();
      } else if (text[i] !== close) fail(`expected "," or "${close}"`);
    }
    i++;
  };
  const value = (): unknown => {
    skip();
    const c = text[i];
    if (c === '[' || c === '(') {
      const out: unknown[] = [];
      sequence(c === '[' ? ']' : ')', () => out.push(value()));
      return out;
    }
    if (c === '{') {
      const out: Record<string, unknown> = {};
      sequence('}', () => {
        const key = value();
        if (typeof key !== 'string') fail('expected a quoted dict key');
        skip();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        out[key as string] = value();
      });
      return out;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(?:[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)|None|True|False)/.exec(text.slice(i, i + 40));
    if (!m) return fail('expected a value');
    i += m[0].length;
    const word = m[0];
    if (word === 'None') return null;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word.endsWith('nan')) return Number.NaN;
    if (word.endsWith('inf')) return word.startsWith('-') ? -Infinity : Infinity;
    return Number(word);
  };
  const result = value();
  skip();
  if (i < n) fail('unexpected text after the value');
  return result;
}

/** Everything the simulator and the evaluator need to know about one real dog. */
export type InvoxiaDog = {
  petId: string;
  breed: string;
  /** Median over the dog's sessions (weight and age are recorded per session). */
  weightKg: number | null;
  ageYears: number | null;
  sessions: number;
  recordedS: number;
  /** Share of recorded time flagged as poor ECG signal. */
  badEcgFraction: number;
  /** Over all heart-rate windows of all sessions (bpm); null when the dog has none. */
  heartRate: Summary | null;
  /** Over all breathing-rate windows of all sessions (breaths/min). */
  respiratoryRate: Summary | null;
};

/** Groups sessions by dog id; dogs are ordered by id (numerically when ids are numbers). */
export function invoxiaDogs(sessions: readonly InvoxiaSession[]): Map<string, InvoxiaDog> {
  const byDog = new Map<string, InvoxiaSession[]>();
  for (const s of sessions) {
    const list = byDog.get(s.petId);
    if (list) list.push(s);
    else byDog.set(s.petId, [s]);
  }
  const ids = [...byDog.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const dogs = new Map<string, InvoxiaDog>();
  for (const id of ids) {
    const list = byDog.get(id)!;
    const recordedS = list.reduce((t, s) => t + s.durationS, 0);
    const badS = list.reduce((t, s) => t + s.badEcg.reduce((u, [a, b]) => u + Math.max(0, b - a), 0), 0);
    const medianOf = (xs: number[]) => summarize(xs)?.median ?? null;
    dogs.set(id, {
      petId: id,
      breed: list[0]!.breed,
      weightKg: medianOf(list.flatMap((s) => (s.weightKg === null ? [] : [s.weightKg]))),
      ageYears: medianOf(list.flatMap((s) => (s.ageYears === null ? [] : [s.ageYears]))),
      sessions: list.length,
      recordedS,
      badEcgFraction: recordedS > 0 ? Math.min(1, badS / recordedS) : 0,
      heartRate: summarize(list.flatMap((s) => s.segmentsHr.map((g) => g.value))),
      respiratoryRate: summarize(list.flatMap((s) => s.segmentsBr.map((g) => g.value))),
    });
  }
  return dogs;
}
