/**
 * Alerts in the DuckDB store: current state per alert, history per revision, filters.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Alert } from '../../src/domain/alert.ts';
import { openStore, type Store } from '../../src/storage/store.ts';

const T0 = 1_700_000_000_000;

async function freshStore(t: TestContext): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-alerts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore({ dataDir: dir });
  t.after(() => store.close());
  return store;
}

function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    alertId: id,
    petId: 'rex',
    kind: 'tachycardia',
    category: 'medical',
    severity: 'warning',
    status: 'active',
    revision: 1,
    openedAt: T0,
    updatedAt: T0,
    resolvedAt: null,
    acknowledgedAt: null,
    sensorTs: T0 - 150,
    eventId: `ev-${id}`,
    detectedAt: T0 + 12,
    values: { heartRate: 187.5, respiratoryRate: 30, temperatureC: 38.9, activity: 0.05, signalQuality: 0.93, batteryPct: null },
    peakValue: 187.5,
    normal: { low: 60, high: 140, baseline: 92.25, unit: 'bpm' },
    explanation: 'Rex\'s resting heart rate is 188 bpm, well above his usual 92: call your vet if it lasts.',
    ...over,
  };
}

test('an alert round-trips exactly, nulls and nested objects included', async (t) => {
  const store = await freshStore(t);
  const a = alert('al_1', { normal: null, peakValue: null, kind: 'collar_removed', category: 'technical' });
  const b = alert('al_2');
  await store.upsertAlert(a);
  await store.upsertAlert(b);
  assert.deepEqual(await store.getAlert('al_1'), a);
  assert.deepEqual(await store.getAlert('al_2'), b);
  assert.equal(await store.getAlert('al_missing'), null);
});

test('upsert keeps the highest revision whatever the arrival order, and history has one row per revision', async (t) => {
  const store = await freshStore(t);
  const r1 = alert('al_1');
  const r2 = alert('al_1', { revision: 2, severity: 'critical', updatedAt: T0 + 5000, peakValue: 201 });
  const r3 = alert('al_1', {
    revision: 3, status: 'resolved', updatedAt: T0 + 9000, resolvedAt: T0 + 9000,
    values: { ...r1.values, heartRate: 120 },
  });
  await store.upsertAlert(r1);
  await store.upsertAlert(r3);
  await store.upsertAlert(r2); // late: must not move the alert back
  await store.upsertAlerts([r1, r2, r3, r3]); // a replay of everything
  assert.deepEqual(await store.getAlert('al_1'), r3);
  assert.deepEqual(await store.alertHistory('al_1'), [
    { alertId: 'al_1', revision: 1, status: 'active', severity: 'warning', at: T0, values: r1.values },
    { alertId: 'al_1', revision: 2, status: 'active', severity: 'critical', at: T0 + 5000, values: r2.values },
    { alertId: 'al_1', revision: 3, status: 'resolved', severity: 'warning', at: T0 + 9000, values: r3.values },
  ]);
  assert.equal((await store.stats()).alerts, 1);
});

test('a batch holding several revisions of one alert stores the highest one', async (t) => {
  const store = await freshStore(t);
  const revs = [2, 4, 1, 3].map((revision) => alert('al_1', { revision, updatedAt: T0 + revision }));
  await store.upsertAlerts(revs);
  assert.equal((await store.getAlert('al_1'))?.revision, 4);
  assert.deepEqual((await store.alertHistory('al_1')).map((e) => e.revision), [1, 2, 3, 4]);
});

test('listAlerts filters by pet, status, open, kind and since, newest first, up to limit', async (t) => {
  const store = await freshStore(t);
  await store.upsertAlerts([
    alert('a1', { petId: 'rex', openedAt: T0 + 1, updatedAt: T0 + 1 }),
    alert('a2', { petId: 'rex', openedAt: T0 + 2, updatedAt: T0 + 50, status: 'acknowledged', acknowledgedAt: T0 + 50 }),
    alert('a3', { petId: 'rex', openedAt: T0 + 3, updatedAt: T0 + 60, status: 'resolved', resolvedAt: T0 + 60, kind: 'fever' }),
    alert('a4', { petId: 'tom', openedAt: T0 + 4, updatedAt: T0 + 4 }),
  ]);
  const ids = (as: Alert[]) => as.map((a) => a.alertId);
  assert.deepEqual(ids(await store.listAlerts()), ['a4', 'a3', 'a2', 'a1']);
  assert.deepEqual(ids(await store.listAlerts({ petId: 'rex' })), ['a3', 'a2', 'a1']);
  assert.deepEqual(ids(await store.listAlerts({ status: 'active' })), ['a4', 'a1']);
  assert.deepEqual(ids(await store.listAlerts({ status: 'resolved' })), ['a3']);
  assert.deepEqual(ids(await store.listAlerts({ status: 'open' })), ['a4', 'a2', 'a1']);
  assert.deepEqual(ids(await store.listAlerts({ petId: 'rex', status: 'open' })), ['a2', 'a1']);
  assert.deepEqual(ids(await store.listAlerts({ kind: 'fever' })), ['a3']);
  assert.deepEqual(ids(await store.listAlerts({ since: T0 + 10 })), ['a3', 'a2']);
  assert.deepEqual(ids(await store.listAlerts({ limit: 2 })), ['a4', 'a3']);
  await assert.rejects(store.listAlerts({ kind: 'hiccups' }), { code: 'PETTWIN_BAD_REQUEST' });
});

test('openAlerts returns active and acknowledged alerts, oldest first, for restoring the analyzer', async (t) => {
  const store = await freshStore(t);
  const open1 = alert('o1', { openedAt: T0 + 10 });
  const open2 = alert('o2', { openedAt: T0 + 5, status: 'acknowledged', acknowledgedAt: T0 + 7, revision: 2 });
  await store.upsertAlerts([open1, open2, alert('c1', { status: 'resolved', resolvedAt: T0 + 9 })]);
  assert.deepEqual(await store.openAlerts(), [open2, open1]);
});
