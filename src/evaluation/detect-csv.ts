/**
 * `npx pettwin detect`: scores one series from a CSV with the online detector. Input: a header
 * row, then `timestamp,value` rows (columns found by name, else the first two); timestamps are
 * kept verbatim, ISO strings or numbers alike. Output: `timestamp,value,anomaly_score,label`, one
 * row per input row, in order; label is always 0 (the detector scores, it does not decide).
 * A value that is empty or not a number scores 0 and is passed through as written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PetTwinError } from '../errors.ts';
import { CsvSyntaxError, parseCsv } from '../simulator/csv.ts';
import { OnlineDetector } from './online-detector.ts';

export const OUTPUT_HEADER = 'timestamp,value,anomaly_score,label';
/** Digits kept in anomaly_score: finer than any threshold a benchmark sweeps. */
const SCORE_DECIMALS = 6;

const invalid = (message: string, cause?: unknown) =>
  new PetTwinError('INPUT_FILE_INVALID', message, cause === undefined ? undefined : { cause });

/** RFC 4180 quoting, only where needed, so plain fields come out exactly as they went in. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function parseValue(raw: string): number {
  const t = raw.trim();
  if (t === '') return Number.NaN;
  const v = Number(t);
  return Number.isFinite(v) ? v : Number.NaN;
}

/** Scores the CSV text of one series; returns the output CSV text (with a final newline). */
export function detectCsv(text: string): { csv: string; rows: number } {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw invalid(`not valid CSV, ${err.message}`, err);
    throw err;
  }
  const header = records[0];
  if (!header) throw invalid('the file is empty: expected a header row "timestamp,value" and one row per point');
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const ti = names.indexOf('timestamp') >= 0 ? names.indexOf('timestamp') : 0;
  const vi = names.indexOf('value') >= 0 ? names.indexOf('value') : 1;
  if (header.fields.length < 2 && names.indexOf('value') < 0) {
    throw invalid(`line 1: expected at least two columns (timestamp,value), found "${header.fields.join(',')}"`);
  }
  const detector = new OnlineDetector();
  const lines: string[] = [OUTPUT_HEADER];
  for (let i = 1; i < records.length; i++) {
    const fields = records[i]!.fields;
    const ts = fields[ti] ?? '';
    const raw = fields[vi] ?? '';
    const score = detector.score(parseValue(raw));
    const rounded = Math.round(score * 10 ** SCORE_DECIMALS) / 10 ** SCORE_DECIMALS;
    lines.push(`${csvField(ts)},${csvField(raw)},${rounded},0`);
  }
  return { csv: `${lines.join('\n')}\n`, rows: records.length - 1 };
}

/** Reads `input`, writes the scored series to `output`; every failure names the file. */
export function detectFile(input: string, output: string): { rows: number } {
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw invalid(`${input}: cannot read the series (${reason})`, err);
  }
  let result;
  try {
    result = detectCsv(text);
  } catch (err) {
    if (err instanceof PetTwinError) throw invalid(`${input}: ${err.message}`, err);
    throw err;
  }
  try {
    writeFileSync(output, result.csv);
  } catch (err) {
    throw invalid(`${output}: cannot write the scored series (${(err as Error).message})`, err);
  }
  return { rows: result.rows };
}
