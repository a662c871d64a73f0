/**
 * The dashboard end to end in a real browser: the whole product (broker, analyzer, simulator,
 * API, built dashboard) on a fresh topic prefix and data directory, driven by headless Chromium.
 * One product and one browser serve every test here (starting them is most of the run time);
 * each test opens its own page and sets up what it needs itself.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { PetTwin } from '../../src/analysis/engine-contract.ts';
import type { Alert } from '../../src/domain/alert.ts';
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

type Fixture = { url: string; browser: Browser; resultsDir: string };
let fx: Fixture;
const cleanups: (() => unknown)[] = [];

/** A fresh page that records uncaught errors and every 'alert-shown' frame it sends. */
async function openPage(name: string, t: { after: (fn: () => unknown) => void }): Promise<{ page: Page; pageErrors: string[]; shownFrames: string[]; passed: () => void }> {
  const page = await fx.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const pageErrors: string[] = [];
  const shownFrames: string[] = [];
  let ok = false;
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const text = String(f.payload);
      if (text.includes('"alert-shown"')) shownFrames.push(text);
    }),
  );
  t.after(async () => {
    // On failure, leave a picture of what the page showed.
    if (!ok) await page.screenshot({ path: join(fx.resultsDir, `${name}-failure.png`) }).catch(() => undefined);
    await page.close();
  });
  return { page, pageErrors, shownFrames, passed: () => (ok = true) };
}

async function listPets(): Promise<PetTwin[]> {
  return ((await (await fetch(`${fx.url}/api/v1/pets`)).json()) as { pets: PetTwin[] }).pets;
}

describe('dashboard', { timeout: 300_000 }, () => {
  before(async () => {
    // Serve what the sources say today, not whatever web/dist was left behind.
    await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
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
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
    mkdirSync(resultsDir, { recursive: true });
    fx = { url: app.url, browser, resultsDir };
  });

  // Unwinds in reverse: browser, app, then the data directory.
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('dashboard shows six pets, and an injected tachycardia appears as a feed row and a latency toast', { timeout: 180_000 }, async (t) => {
    const { page, pageErrors, shownFrames, passed } = await openPage('dashboard', t);
    await page.goto(fx.url);
    const cards = page.locator('[data-testid="fleet"] [data-testid^="pet-card-"]');
    await cards.nth(SIM_PETS - 1).waitFor({ timeout: 20_000 });
    assert.equal(await cards.count(), SIM_PETS, 'the fleet shows one card per simulated pet');

    // The scenario drives HR to 200–260 bpm: pick the pet whose resting range tops out lowest (a large
    // dog), so the run crosses its tachycardia line whatever the seed made of the others.
    const target = [...(await listPets())].sort((a, b) => a.ranges.heartRate.high - b.ranges.heartRate.high)[0];
    assert.ok(target, 'the API lists the simulated pets');
    const petId = target.profile.id;
    await page.getByTestId(`pet-card-${petId}`).click();
    await page.locator(`[data-testid="pet-view"][data-pet-id="${petId}"]`).waitFor();
    await page.getByTestId('scenario-tachycardia').click();

    const row = page.locator(`[data-testid="alert-feed"] [data-testid^="alert-row-"][data-kind="tachycardia"][data-pet-id="${petId}"]`).first();
    await row.waitFor({ timeout: ALERT_TIMEOUT_MS });
    const toast = page.getByTestId('toast').filter({ hasText: 'ms after the collar reading' }).first();
    await toast.waitFor({ timeout: ALERT_TIMEOUT_MS });
    const toastText = await toast.innerText();
    assert.match(toastText, /shown -?\d+ ms after the collar reading/);
    // Names repeat in a fleet: the toast and the row name the pet by id as well.
    assert.ok(toastText.includes(petId), `the toast names pet ${petId} (got ${JSON.stringify(toastText)})`);
    assert.ok((await row.innerText()).includes(petId), 'the feed row names the pet by id');
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
    assert.ok(shownFrames.length >= 1, 'the live alert was reported as shown');
    await page.screenshot({ path: join(fx.resultsDir, 'dashboard.png') });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    passed();
  });

  test('a pet registered through the API offers no scenario buttons, only a line saying scenarios are for simulated collars', { timeout: 60_000 }, async (t) => {
    const { page, pageErrors, passed } = await openPage('registered-pet', t);
    const pet = { id: `api-pet-${process.pid}`, name: 'Bella', species: 'dog', breed: 'Beagle', weightKg: 12, ageYears: 4 };
    const res = await fetch(`${fx.url}/api/v1/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pet) });
    assert.ok(res.ok, `POST /api/v1/pets answered ${res.status}`);

    await page.goto(`${fx.url}/#/pets/${pet.id}`);
    await page.locator(`[data-testid="pet-view"][data-pet-id="${pet.id}"]`).waitFor({ timeout: 20_000 });
    const note = page.getByTestId('scenario-unavailable');
    await note.waitFor();
    assert.match(await note.innerText(), /simulated collars only/);
    assert.equal(await page.locator('button[data-testid^="scenario-"]').count(), 0, 'no scenario buttons for a registered pet');
    // It has never sent a reading: the page says so rather than showing frozen numbers as live.
    await page.getByTestId('stale-note').waitFor();

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    passed();
  });

  test('alerts already open when the page loads raise no toast and are never reported as shown', { timeout: 120_000 }, async (t) => {
    // Make sure one alert is open before the page exists (the first test usually left one).
    const openAlerts = async () => ((await (await fetch(`${fx.url}/api/v1/alerts?status=open`)).json()) as { alerts: Alert[] }).alerts;
    if ((await openAlerts()).length === 0) {
      const target = [...(await listPets())].sort((a, b) => a.ranges.heartRate.high - b.ranges.heartRate.high)[0];
      assert.ok(target);
      await fetch(`${fx.url}/api/v1/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ petId: target.profile.id, scenario: 'tachycardia' }),
      });
      const deadline = Date.now() + ALERT_TIMEOUT_MS;
      while ((await openAlerts()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    }
    const known = await openAlerts();
    assert.ok(known.length > 0, 'an alert is open before the page loads');

    const { page, pageErrors, shownFrames, passed } = await openPage('loaded-alerts', t);
    await page.goto(fx.url);
    const first = known[0]!;
    await page.locator(`[data-testid="alert-row-${first.alertId}"]`).waitFor({ timeout: 20_000 });
    // Give the paint callback and the outbox time to run, then look at what the page sent.
    await page.waitForTimeout(1_500);
    const knownIds = new Set(known.map((a) => a.alertId));
    const reportedKnown = shownFrames.filter((f) => knownIds.has((JSON.parse(f) as { alertId: string }).alertId));
    assert.deepEqual(reportedKnown, [], 'alerts from the hello frame are not reported as shown');
    for (const a of known) assert.equal(await page.locator(`[data-testid="toast"][data-alert-id="${a.alertId}"]`).count(), 0, `no toast for loaded alert ${a.alertId}`);

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    passed();
  });
});
