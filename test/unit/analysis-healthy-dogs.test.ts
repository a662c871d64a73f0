// Calibration against real healthy dogs (Invoxia Dog Health Vitals, 32 dogs, ~74 h of mostly
// resting data): the detectors must stay silent on them. Skipped when the data set is absent
// (set INVOXIA_DATASET to its dataset.csv to run it elsewhere).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clinicalThresholdsFor } from '../../src/analysis/clinical-ranges.ts';
import { createDetectionEngine } from '../../src/analysis/detection-engine.ts';
import { invoxiaAvailable, loadInvoxiaDogs, replayDog } from './helpers/invoxia.ts';

const skip = invoxiaAvailable() ? false : 'Invoxia data set not found';

test('real healthy resting dogs raise no medical alert at all', { skip }, () => {
  const dogs = loadInvoxiaDogs();
  assert.equal(dogs.length, 32);
  const engine = createDetectionEngine();
  const opened: string[] = [];
  let readings = 0;
  for (const dog of dogs) {
    engine.upsertPet(dog.profile);
    replayDog(dog, (r) => {
      readings++;
      for (const t of engine.process(r, r.ts)) if (t.type === 'opened') opened.push(`${r.petId} ${t.alert.kind} ${t.alert.severity}`);
    });
  }
  assert.ok(readings > 250_000);
  // Dog 32 breathes 30–37/min for minutes on end in two sessions, held as "asleep" by this replay
  // (the data set has no activity). It used to raise one sleeping_rr_rise warning after 3 min over
  // the line; "sustained > 30/min" now needs 10 min (issue 3), which these healthy spells do not
  // reach. Intended change: every real healthy dog stays silent.
  assert.deepEqual(opened, []);
});

test('every healthy dog\u2019s lowest heart-rate window is above the bradycardia line of its size', { skip }, () => {
  for (const dog of loadInvoxiaDogs()) {
    const line = clinicalThresholdsFor(dog.profile).bradycardia.mild;
    let lowest = Infinity;
    for (const s of dog.sessions) for (const seg of s.hr) if (seg.value !== null && seg.value < lowest) lowest = seg.value;
    assert.ok(lowest > line, `${dog.profile.id} (${dog.profile.weightKg} kg): lowest ${lowest} bpm vs line ${line}`);
  }
});
