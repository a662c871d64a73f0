/**
 * End-to-end latency at the default simulated load, as a user sees it: starts the product
 * (24 simulated pets, its own broker on a free port, a throw-away data folder), opens the
 * dashboard in headless Chromium, injects tachycardia into one pet after another, and prints
 * what the product measured: collar reading → alert detected, and → alert drawn in the browser.
 * Usage: node --import tsx scripts/measure-latency.ts [alerts=20]
 * Needs /usr/bin/chromium (Debian's chromium package).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { StreamStatus } from '../src/api/protocol.ts';
import { startPetTwin } from '../src/app/pettwin-app.ts';
import { freeLocalPorts } from '../src/broker/ports.ts';
import { ensureDashboardBuilt } from '../src/cli/web-build.ts';

const wanted = Number(process.argv[2] ?? 20);
const dataDir = mkdtempSync(join(tmpdir(), 'pettwin-latency-'));
const kafkaPort = await freeLocalPorts(2);
ensureDashboardBuilt((m) => console.error(m));
const app = await startPetTwin({ ...process.env, KAFKA_BOOTSTRAP_SERVERS: undefined, PORT: '0', DATA_DIR: dataDir, LOCAL_KAFKA_PORT: String(kafkaPort), LOG_LEVEL: 'warn' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="fleet"]');
  const status = async () => (await (await fetch(`${app.url}/api/v1/stream/status`)).json()) as StreamStatus;
  const pets = ((await (await fetch(`${app.url}/api/v1/scenarios`)).json()) as { simulatedPetIds: string[] }).simulatedPetIds;
  let injected = 0;
  for (const petId of pets) {
    if (injected >= wanted) break;
    await fetch(`${app.url}/api/v1/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ petId, scenario: 'tachycardia', durationS: 60 }) });
    injected++;
    const before = (await status()).latency.shown.count;
    const deadline = Date.now() + 30_000;
    while ((await status()).latency.shown.count === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const s = await status();
    process.stderr.write(`\r${injected}/${wanted} injected; shown ${s.latency.shown.count} alerts`);
  }
  const s = await status();
  console.log(`\nDefault load: ${pets.length} simulated pets, ${s.rates.consumed} readings/s consumed.`);
  console.log(`collar → analyzer received:  p50 ${s.latency.ingest.p50} ms  p99 ${s.latency.ingest.p99} ms  (${s.latency.ingest.count} readings)`);
  console.log(`collar → alert detected:     p50 ${s.latency.detect.p50} ms  p99 ${s.latency.detect.p99} ms  (${s.latency.detect.count} alerts)`);
  console.log(`collar → alert shown:        p50 ${s.latency.shown.p50} ms  p99 ${s.latency.shown.p99} ms  max ${s.latency.shown.max} ms  (${s.latency.shown.count} alerts drawn)`);
} finally {
  await browser.close();
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
