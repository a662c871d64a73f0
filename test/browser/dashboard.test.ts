/**
 * The dashboard end to end in a real browser: the whole product (broker, analyzer, simulator,
 * API, built dashboard) on a fresh topic prefix and data directory, driven by headless Chromium.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import type { PetTwin } from '../../src/analysis/engine-contract.ts';
import { startPetTwin } from '../../src/app/pettwin-app.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const SIM_PETS = 6;
/** An injected tachycardia must be on screen within this long (detector window + pipeline). */
const ALERT_TIMEOUT_MS = 30_000;

test('dashboard shows six pets, and an injected tachycardia appears as a feed row and a latency toast', { timeout: 180_000 }, async (t) => {
  // Serve what the sources say today, not whatever web/dist was left behind.
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });

  // One hook that unwinds in reverse: screenshot, browser, app, then the data directory.
  const cleanups: (() => unknown)[] = [];
  t.after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'pettwin-browser-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const app = await startPetTwin({
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    TOPIC_PREFIX: `t${Date.now()}-`,
    ANALYZER_GROUP_ID: `browser-test-${Date.now()}-${process.pid}`,
    SIM_PETS: String(SIM_PETS),
    SIM_SEED: '7',
  });
  cleanups.push(() => app.stop());

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  let passed = false;
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await page.goto(app.url);
  const cards = page.locator('[data-testid="fleet"] [data-testid^="pet-card-"]');
  await cards.nth(SIM_PETS - 1).waitFor({ timeout: 20_000 });
  assert.equal(await cards.count(), SIM_PETS, 'the fleet shows one card per simulated pet');

  // The scenario drives HR to 200–260 bpm: pick the pet whose resting range tops out lowest (a large
  // dog), so the run crosses its tachycardia line whatever the seed made of the others.
  const { pets } = (await (await fetch(`${app.url}/api/v1/pets`)).json()) as { pets: PetTwin[] };
  const target = [...pets].sort((a, b) => a.ranges.heartRate.high - b.ranges.heartRate.high)[0];
  assert.ok(target, 'the API lists the simulated pets');
  const petId = target.profile.id;
  await page.getByTestId(`pet-card-${petId}`).click();
  await page.locator(`[data-testid="pet-view"][data-pet-id="${petId}"]`).waitFor();
  await page.getByTestId('scenario-tachycardia').click();

  const row = page.locator(`[data-testid="alert-feed"] [data-testid^="alert-row-"][data-kind="tachycardia"][data-pet-id="${petId}"]`).first();
  cleanups.push(async () => {
    // On failure, leave a picture of what the page showed.
    if (!passed) await page.screenshot({ path: join(resultsDir, 'dashboard-failure.png') }).catch(() => undefined);
  });
  await row.waitFor({ timeout: ALERT_TIMEOUT_MS });
  const toast = page.getByTestId('toast').filter({ hasText: 'ms after the collar reading' }).first();
  await toast.waitFor({ timeout: ALERT_TIMEOUT_MS });
  const toastText = await toast.innerText();
  assert.match(toastText, /shown -?\d+ ms after the collar reading/);
  assert.equal(await row.getAttribute('data-status'), 'active');

  // The browser reported the paint; the server folds it into the shown latency on its 1 s stream frame.
  const p50 = page.locator('[data-testid="stream-panel"] [data-testid="latency-shown-p50"]');
  await page.waitForFunction(
    () => /^-?\d+(\.\d+)?$/.test(document.querySelector('[data-testid="latency-shown-p50"]')?.textContent?.trim() ?? ''),
    undefined,
    { timeout: 15_000 },
  );
  const shownP50 = Number((await p50.innerText()).trim());
  assert.ok(Number.isFinite(shownP50), `shown-latency p50 is a number (got ${shownP50})`);
  assert.ok(shownP50 < ALERT_TIMEOUT_MS, `shown-latency p50 ${shownP50} ms is plausible`);
  await page.screenshot({ path: join(resultsDir, 'dashboard.png') });

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  passed = true;
});
