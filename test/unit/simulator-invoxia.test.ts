/**
 * The Invoxia dataset.csv reader: the real file, the CSV corner cases, and errors that name the
 * file, the line, the column and the problem.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isPetTwinError } from '../../src/errors.ts';
import { invoxiaDogs, parseInvoxiaCsv, parsePythonLiteral, readInvoxiaFile } from '../../src/simulator/invoxia.ts';

const DATASET = '/work/shared/data/invoxia-dog-vitals/dataset.csv';
const MINI = fileURLToPath(new URL('./fixtures/invoxia-mini.csv', import.meta.url));
const HEADER = '_id,ecg_path,duration,pet_id,breeds,weight,age,segments_br,segments_hr,ecg_pulses,bad_ecg';

function tempFile(t: { after(fn: () => void): void }, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-invoxia-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'dataset.csv');
  writeFileSync(path, content);
  return path;
}

function assertInvalid(fn: () => unknown, ...fragments: (string | RegExp)[]) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isPetTwinError(err), `expected a PetTwinError, got ${String(err)}`);
    assert.equal(err.code, 'PETTWIN_INPUT_FILE_INVALID');
    for (const f of fragments) assert.match(err.message, typeof f === 'string' ? new RegExp(escape(f)) : f);
    return true;
  });
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('reads the real Invoxia file: 891 sessions of 32 dogs', () => {
  const sessions = readInvoxiaFile(DATASET);
  assert.equal(sessions.length, 891);
  const dogs = invoxiaDogs(sessions);
  assert.equal(dogs.size, 32);
  assert.equal([...dogs.values()].reduce((n, d) => n + d.sessions, 0), 891);
  const boxer = dogs.get('14');
  assert.ok(boxer);
  assert.equal(boxer.breed, 'boxer');
  assert.equal(boxer.weightKg, 34);
  assert.equal(boxer.ageYears, 4.5);
  assert.equal(boxer.sessions, 39);
});

test('real dogs rest between 42 and 82 bpm (README: per-dog medians 42–82)', () => {
  const dogs = [...invoxiaDogs(readInvoxiaFile(DATASET)).values()];
  for (const d of dogs) {
    assert.ok(d.heartRate, `dog ${d.petId} has heart-rate windows`);
    assert.ok(d.heartRate.median >= 42 && d.heartRate.median <= 82, `dog ${d.petId} median ${d.heartRate.median}`);
    assert.ok(d.heartRate.p5 <= d.heartRate.median && d.heartRate.median <= d.heartRate.p95);
    assert.ok(d.respiratoryRate && d.respiratoryRate.median > 5 && d.respiratoryRate.median < 35);
  }
});

test('parses quoted fields with commas and doubled quotes, and empty list cells', () => {
  const sessions = readInvoxiaFile(MINI);
  assert.equal(sessions.length, 3);
  const [s1, s2, s3] = sessions;
  assert.deepEqual(s1!.segmentsHr, [
    { startS: 0, endS: 20, value: 60 },
    { startS: 10, endS: 30, value: 70 },
  ]);
  assert.deepEqual(s1!.badEcg, [[2, 32]]);
  assert.deepEqual(s1!.ecgPulses, [0.5, 1.5, 2.5]);
  assert.deepEqual(s2!.segmentsBr, []);
  assert.deepEqual(s2!.badEcg, []);
  assert.equal(s3!.ecgPath, 'ecg_data/s3, "quoted".wav');
  assert.equal(s3!.breed, 'labrador, mixed');
  assert.equal(s3!.petId, 'x-9');
  assert.equal(s3!.weightKg, null);
  assert.equal(s3!.ageYears, null);
});

test('summarises each dog: median, sd and percentiles over all its windows', () => {
  const dogs = invoxiaDogs(readInvoxiaFile(MINI));
  assert.deepEqual([...dogs.keys()], ['7', 'x-9']);
  const beagle = dogs.get('7')!;
  assert.equal(beagle.sessions, 2);
  assert.equal(beagle.heartRate?.median, 70);
  assert.equal(beagle.heartRate?.n, 3);
  assert.equal(beagle.heartRate?.sd, 10);
  assert.equal(beagle.respiratoryRate?.median, 13);
  assert.equal(beagle.badEcgFraction, 30 / 400);
  assert.equal(dogs.get('x-9')!.heartRate, null);
});

test('parses CRLF line ends and a byte-order mark', () => {
  const text = `\ufeff${HEADER}\r\na,p,10,1,pug,8,3,[],"[{'deb': 0, 'fin': 20, 'value': 90}]",[],[]\r\n`;
  const [s] = parseInvoxiaCsv(text);
  assert.equal(s!.segmentsHr[0]!.value, 90);
});

test('parses the Python literals the dataset uses', () => {
  assert.deepEqual(parsePythonLiteral("[{'a': 1.5e2, 'b': None}, (1, -2.0), True]"), [{ a: 150, b: null }, [1, -2], true]);
  assert.ok(Number.isNaN(parsePythonLiteral('nan')));
});

test('a missing file is named in the error', () => {
  assertInvalid(() => readInvoxiaFile('/nonexistent/dataset.csv'), '/nonexistent/dataset.csv', 'no such file');
});

test('a file with the wrong header names the file and the missing columns', (t) => {
  const path = tempFile(t, 'petId,ts,heartRate\npet-1,1,80\n');
  assertInvalid(() => readInvoxiaFile(path), path, 'missing column(s) _id, ecg_path', 'segments_hr');
});

test('an empty file is reported as empty', (t) => {
  const path = tempFile(t, '');
  assertInvalid(() => readInvoxiaFile(path), path, 'empty');
});

test('a malformed segment list names the line, the column and the position', (t) => {
  const path = tempFile(t, `${HEADER}\na,p,10,1,pug,8,3,[],"[{'deb': 0, 'fin': 20 'value': 90}]",[],[]\n`);
  assertInvalid(() => readInvoxiaFile(path), path, 'line 2, column segments_hr', 'expected "," or "}"');
});

test('a segment without a value names the missing key', () => {
  assertInvalid(
    () => parseInvoxiaCsv(`${HEADER}\na,p,10,1,pug,8,3,"[{'deb': 0, 'fin': 20}]",[],[],[]\n`),
    'line 2, column segments_br',
    /value/,
  );
});

test('a non-numeric duration and a short row are reported with their line', () => {
  assertInvalid(() => parseInvoxiaCsv(`${HEADER}\na,p,long,1,pug,8,3,[],[],[],[]\n`), 'line 2, column duration', 'expected a number');
  assertInvalid(() => parseInvoxiaCsv(`${HEADER}\na,p,10,1,pug\n`), 'line 2: 5 fields where the header has 11');
});

test('an unclosed quote is reported at the line where it opens', () => {
  assertInvalid(() => parseInvoxiaCsv(`${HEADER}\na,p,10,1,pug,8,3,"[,[],[],[]\n`), 'line 2', 'never closed');
});
