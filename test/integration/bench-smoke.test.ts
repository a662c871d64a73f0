/**
 * The benchmark cannot rot: a few seconds at a low rate through the whole tool (Kafka's own
 * tools, the pipeline as a separate process, the generator, the WebSocket client, the chart).
 * It checks that the tool measures, not how fast this machine is.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBench } from '../../src/bench/bench-runner.ts';
import { writeChart } from '../../src/bench/chart.ts';
import { formatReport } from '../../src/bench/report.ts';

test('a short benchmark run measures Kafka, processes every reading it produced, and times the injected anomalies to the WebSocket', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pettwin-bench-smoke-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const result = await runBench({
    rates: [300],
    durationS: 4,
    triggersPerS: 2,
    kafkaBaseline: true,
    quick: true,
    env: process.env,
    progress: () => {},
  });
  const [step] = result.steps;
  assert.ok(step);
  assert.ok(step.produced > 600, `produced ${step.produced}`);
  assert.equal(step.lost, 0);
  assert.equal(step.processed, step.produced, 'every produced reading was processed exactly once');
  assert.ok(step.injectedAnomalies >= 3, `injected ${step.injectedAnomalies}`);
  // A spike in a pet that was just playing is rightly not judged "at rest", so not every injection must alert.
  assert.ok(step.latencyMs.websocket.count >= step.injectedAnomalies / 2, `${step.latencyMs.websocket.count} alerts for ${step.injectedAnomalies} injected anomalies`);
  assert.ok(step.latencyMs.detect.p50! >= 0 && step.latencyMs.websocket.p50! >= step.latencyMs.detect.p50!, 'WebSocket latency includes detection');
  assert.ok(result.kafka && result.kafka.e2e.p50 !== null && result.kafka.consumer.msgPerS! > 0, 'Kafka baseline measured');
  result.chart = await writeChart(result, join(dir, 'chart.svg'));
  assert.ok(existsSync(result.chart.svg));
  assert.match(formatReport(result), /Largest rate sustained/);
});
