/**
 * The analyzer's learned state survives a restart: saved in parts (so a big fleet never pauses
 * the event loop for long) into the real DuckDB store, and restored into a fresh engine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDetectionEngine } from '../../src/analysis/detection-engine.ts';
import { SNAPSHOT_PART_PETS, restoreEngineSnapshot, saveEngineSnapshot } from '../../src/app/pettwin-app.ts';
import { createFleet } from '../../src/simulator/fleet.ts';
import { openStore } from '../../src/storage/store.ts';

test('a fleet of 450 pets is saved in parts and restored with the same learned baselines', async (t) => {
  const store = await openStore({ dataDir: ':memory:' });
  t.after(() => store.close());
  const fleet = createFleet({ seed: 5, count: 450, startTs: 1_796_000_000_000 });
  const engine = createDetectionEngine();
  for (const p of fleet.pets()) engine.upsertPet(p);
  for (let s = 1; s <= 400; s++) for (const r of fleet.tick(1_796_000_000_000 + s * 1000)) engine.process(r, r.ts);

  await saveEngineSnapshot(engine, store);
  assert.deepEqual(await store.loadSnapshot('detection-engine'), { version: 1, parts: Math.ceil(450 / SNAPSHOT_PART_PETS) });
  assert.ok(SNAPSHOT_PART_PETS < 450, 'the fleet spans several parts');

  const restored = createDetectionEngine();
  await restoreEngineSnapshot(restored, store, () => {});
  assert.equal(restored.petCount(), 450);
  for (const id of ['pet-001', 'pet-225', 'pet-450']) {
    assert.deepEqual(restored.twin(id)!.baseline, engine.twin(id)!.baseline, id);
    assert.ok(engine.twin(id)!.baseline.heartRate, `${id} learned a heart-rate baseline`);
  }
});
