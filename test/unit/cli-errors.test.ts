/**
 * A bad setting or a missing tool stops the CLI with one line that names it and says what to do,
 * and every command answers --help. These run the real `pettwin` entry point.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { exitReason, newClusterId } from '../../src/broker/kraft-config.ts';
import { startLocalBroker } from '../../src/broker/local-broker.ts';
import { freeLocalPorts } from '../../src/broker/ports.ts';

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

function listen(port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(port, '127.0.0.1', () => done(srv));
  });
}

test('a broker that exits at start-up is reported with the reason from its log, not only "exited with code 1" (CI report)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-exit-'));
  try {
    // The first 60 lines of a real Kafka 4.1.1 log whose SASL_SSL port was taken.
    const log = join(dir, 'broker.log');
    writeFileSync(log, readFileSync(join(import.meta.dirname, 'fixtures', 'kafka-bind-failure.log')));
    assert.equal(exitReason(log), 'Unable to start acceptor for SASL_SSL: Socket server failed to bind to 127.0.0.1:30764: Address already in use.');
    writeFileSync(log, 'Error: Could not find or load main class kafka.Kafka\nCaused by: java.lang.ClassNotFoundException: kafka.Kafka\n');
    assert.equal(exitReason(log), 'Caused by: java.lang.ClassNotFoundException: kafka.Kafka');
    writeFileSync(log, '[2026-12-04 03:52:30,724] INFO started\n');
    assert.equal(exitReason(log), null);
    assert.equal(exitReason(join(dir, 'missing.log')), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('freeLocalPorts gives consecutive ports that can be bound, below the range outgoing connections draw from', async () => {
  const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  for (let i = 0; i < 5; i++) {
    const p = await freeLocalPorts(3);
    assert.ok(p >= 20000 && p + 3 <= low, `${p} outside 20000–${low}`);
    const servers = [await listen(p), await listen(p + 1), await listen(p + 2)];
    for (const s of servers) s.close();
  }
});

test('a taken controller port (LOCAL_KAFKA_PORT + 1) stops the local broker before Java starts, naming the setting', async () => {
  const port = await freeLocalPorts(2);
  const srv = await listen(port + 1);
  try {
    await assert.rejects(startLocalBroker({ port, dataDir: join(tmpdir(), `pettwin-ctl-${port}`), heapMb: 256 }), (err: Error) => {
      assert.match(err.message, new RegExp(`^port ${port + 1} \\(the local broker's controller, LOCAL_KAFKA_PORT \\+ 1\\) is already in use`));
      return true;
    });
  } finally {
    srv.close();
  }
});

test('bench options that cannot work stop it at once with one line saying what to fix (tester report: --anomalies x ran the whole benchmark with no anomalies)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-bench-args-'));
  try {
    writeFileSync(join(dir, 'a-file'), '');
    const cases: Array<[string[], RegExp]> = [
      [['--anomalies', 'x'], /^pettwin: --anomalies "x" must be a number of anomalies per second above 0 and at most 100/],
      [['--anomalies', '0'], /^pettwin: --anomalies "0" must be/],
      [['--rates', 'abc'], /^pettwin: --rates "abc" must be positive whole numbers/],
      [['--duration', '-1'], /^pettwin: --duration "-1" must be a positive number of seconds/],
      [['--json', join(dir, 'a-file', 'x.json')], /^pettwin: --json ".*a-file\/x\.json": cannot write there \((EEXIST|ENOTDIR)\)/],
    ];
    for (const [args, re] of cases) {
      const r = pettwin(['bench', ...args]);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr.trim(), re);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
