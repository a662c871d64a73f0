/**
 * A bad setting or a missing tool stops the CLI with one line that names it and says what to do,
 * and every command answers --help. These run the real `pettwin` entry point.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { newClusterId } from '../../src/broker/local-broker.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'pettwin.js');

function pettwin(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a bad setting stops start-up with one line naming it', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^pettwin: PORT="abc" is invalid .*free TCP port/],
    [{ KAFKA_BOOTSTRAP_SERVERS: ' ' }, /^pettwin: KAFKA_BOOTSTRAP_SERVERS is blank/],
    [{ SIM_PETS: '-1' }, /^pettwin: SIM_PETS="-1" is invalid/],
    [{ KAFKA_BOOTSTRAP_SERVERS: 'x.example:9092', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' }, /^pettwin: KAFKA_API_KEY and KAFKA_API_SECRET are required with KAFKA_SECURITY_PROTOCOL=SASL_SSL/],
  ];
  for (const [env, expected] of cases) {
    const r = pettwin(['start'], env);
    assert.equal(r.status, 1, JSON.stringify(env));
    const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('building the dashboard'));
    assert.equal(lines.length, 1, `one line for ${JSON.stringify(env)}: ${r.stderr}`);
    assert.match(lines[0]!, expected);
  }
});

test('without Java on PATH the local broker refuses with one line naming the other two ways to get a broker', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pettwin-nojava-'));
  try {
    // PATH holds only a folder with node in it: no java, no mvn.
    const bin = join(dataDir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = pettwin(['broker', 'start'], { PATH: bin, DATA_DIR: dataDir, LOCAL_KAFKA_PORT: '19777' });
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /Java \(JDK 17\+\) is not on PATH/);
    assert.match(lines[0]!, /docker compose up -d/);
    assert.match(lines[0]!, /Confluent Cloud/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('every command and subcommand answers --help', () => {
  for (const cmd of [[], ['start'], ['broker'], ['broker', 'start'], ['broker', 'stop'], ['broker', 'status'], ['scenario'], ['produce'], ['evaluate'], ['replay'], ['detect'], ['bench']]) {
    const r = pettwin([...cmd, '--help']);
    assert.equal(r.status, 0, `${cmd.join(' ')} --help`);
    assert.match(r.stdout, /^Usage: pettwin/);
  }
});

test('regression: a KRaft cluster id never starts with "-" (kafka-storage took it for an option, 1 format in 64 failed)', () => {
  const draws = [Buffer.from('fb' + '00'.repeat(15), 'hex'), Buffer.from('00'.repeat(16), 'hex')];
  assert.equal(Buffer.from('fb' + '00'.repeat(15), 'hex').toString('base64url')[0], '-');
  let i = 0;
  assert.equal(newClusterId(() => draws[i++]!), 'AAAAAAAAAAAAAAAAAAAAAA');
  assert.equal(i, 2);
});
