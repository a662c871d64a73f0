#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [unit|integration|browser ...]   (default: all three)
// Integration and browser suites need a Kafka broker: unless KAFKA_BOOTSTRAP_SERVERS is set,
// this starts the bundled local broker once (on TEST_KAFKA_PORT, default a free port)
// and stops it afterwards.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'integration', 'browser'];

function findTests(dir) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(findTests(p));
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const needsBroker = suites.some((s) => s !== 'unit');
const env = { ...process.env };
let stopBroker = null;
if (needsBroker && !env.KAFKA_BOOTSTRAP_SERVERS) {
  // The same local broker the product uses, on its own port and a throw-away data folder.
  const { register } = await import('tsx/esm/api');
  register();
  const { startLocalBroker } = await import('../src/broker/local-broker.ts');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dataDir = mkdtempSync(join(tmpdir(), 'pettwin-test-broker-'));
  const { freeLocalPorts } = await import('../src/broker/ports.ts');
  // A free pair (broker, controller = broker + 1), so a developer's own broker never clashes.
  const port = Number(env.TEST_KAFKA_PORT ?? 0) || (await freeLocalPorts(2));
  const broker = await startLocalBroker({ port, dataDir, heapMb: 512, log: (l) => console.log(`[broker] ${l}`) });
  env.KAFKA_BOOTSTRAP_SERVERS = broker.bootstrap;
  stopBroker = async () => {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

let failed = false;
try {
  for (const suite of suites) {
    const files = findTests(join('test', suite));
    if (files.length === 0) continue;
    console.log(`\n=== ${suite} tests (${files.length} files) ===`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
      { stdio: 'inherit', env },
    );
    if (r.status !== 0) failed = true;
  }
} finally {
  if (stopBroker) await stopBroker();
}
process.exit(failed ? 1 : 0);
