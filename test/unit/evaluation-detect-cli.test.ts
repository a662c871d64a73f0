/**
 * `pettwin detect` without a shell: the exported functions read timestamp,value CSV and write
 * timestamp,value,anomaly_score,label with timestamps and values verbatim, one row per input row.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OUTPUT_HEADER, detectCsv, detectFile } from '../../src/evaluation/detect-csv.ts';

function series(n: number, at: (i: number) => string, value: (i: number) => string): string {
  const rows = ['timestamp,value'];
  for (let i = 0; i < n; i++) rows.push(`${at(i)},${value(i)}`);
  return `${rows.join('\n')}\n`;
}

test('ISO timestamps and values are kept verbatim, label is 0 and the spike scores highest', () => {
  const text = series(60, (i) => `2014-04-01 00:${String(i).padStart(2, '0')}:00`, (i) => (i === 50 ? '95.5' : String(10 + (i % 3))));
  const { csv, rows } = detectCsv(text);
  const lines = csv.trimEnd().split('\n');
  assert.equal(rows, 60);
  assert.equal(lines[0], OUTPUT_HEADER);
  assert.equal(lines.length, 61);
  const cells = lines.slice(1).map((l) => l.split(','));
  assert.deepEqual(cells[0]!.slice(0, 2), ['2014-04-01 00:00:00', '10']);
  assert.ok(cells.every((c) => c.length === 4 && c[3] === '0'));
  const scores = cells.map((c) => Number(c[2]));
  assert.ok(scores.every((s) => s >= 0 && s <= 1));
  assert.equal(scores.indexOf(Math.max(...scores)), 50);
});

test('numeric timestamps, quoted fields, extra columns and empty values pass through', () => {
  const text = 'value,timestamp,is_anomaly\n1.0,1396310400,0\n,1396310700,0\n"2,5","1396311000",1\n';
  const { csv } = detectCsv(text);
  assert.equal(csv, `${OUTPUT_HEADER}\n1396310400,1.0,0,0\n1396310700,,0,0\n1396311000,"2,5",0,0\n`);
});

test('detectFile writes the scored series next to nothing else and reports the row count', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-detect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, 'series.csv');
  const output = join(dir, 'scored.csv');
  writeFileSync(input, series(30, (i) => String(i), () => '7'));
  assert.deepEqual(detectFile(input, output), { rows: 30 });
  const out = readFileSync(output, 'utf8').trimEnd().split('\n');
  assert.equal(out.length, 31);
  assert.ok(out.slice(1).every((l) => l.endsWith(',7,0,0')));
});

test('a missing file and an empty file are named in the error', () => {
  assert.throws(() => detectFile('/nonexistent/series.csv', '/tmp/x.csv'), { code: 'PETTWIN_INPUT_FILE_INVALID', message: /nonexistent\/series\.csv: cannot read/ });
  assert.throws(() => detectCsv(''), { code: 'PETTWIN_INPUT_FILE_INVALID', message: /empty/ });
});
