/**
 * The WebSocket hub's latency bookkeeping: only an alert a browser received live, drawn at a
 * plausible time, counts as "shown"; page loads and forged reports never do.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { WebSocket } from 'ws';
import { createEventBus } from '../../src/app/event-bus.ts';
import { LatencyWindow } from '../../src/app/latency-window.ts';
import { createWsHub } from '../../src/api/ws-hub.ts';
import type { ApiDeps } from '../../src/api/deps.ts';
import type { Alert } from '../../src/domain/alert.ts';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: Array<string | Buffer> = [];
  send(data: string | Buffer, opts?: { binary?: boolean }) {
    assert.notEqual(opts?.binary, true, 'frames go as text');
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.emit('close');
  }
  report(frame: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(frame)));
  }
}

function setup() {
  let now = 1_000_000;
  const bus = createEventBus();
  const shown = new LatencyWindow();
  const deps = {
    bus,
    now: () => now,
    engine: { twins: () => [] },
    scenarios: null,
    monitor: { status: () => ({}), recordShown: (sensorTs: number, shownAt: number) => shown.add(shownAt - sensorTs), shown },
  } as unknown as ApiDeps;
  const hub = createWsHub(deps);
  const alert = { alertId: 'al_1', sensorTs: 999_960, revision: 1 } as Alert;
  return { hub, bus, shown, alert, advance: (ms: number) => (now += ms), at: () => now };
}

test('a live alert drawn by the browser counts once, as paint time minus the collar time', (t) => {
  const { hub, bus, shown, alert, advance, at } = setup();
  t.after(() => hub.close());
  const ws = new FakeSocket();
  hub.attach(ws as unknown as WebSocket);
  bus.emit({ type: 'alert', transition: { type: 'opened', alert } });
  advance(30);
  ws.report({ type: 'alert-shown', alertId: 'al_1', revision: 1, sensorTs: 0, shownAt: at() });
  ws.report({ type: 'alert-shown', alertId: 'al_1', revision: 1, sensorTs: 0, shownAt: at() });
  assert.deepEqual(shown.summary(), { p50: 70, p99: 70, max: 70, count: 1 });
});

test('an alert that was already open when the page loaded is never counted', (t) => {
  const { hub, bus, shown, alert, at } = setup();
  t.after(() => hub.close());
  bus.emit({ type: 'alert', transition: { type: 'opened', alert } });
  const late = new FakeSocket();
  hub.attach(late as unknown as WebSocket);
  late.report({ type: 'alert-shown', alertId: 'al_1', revision: 1, sensorTs: alert.sensorTs, shownAt: at() });
  assert.equal(shown.summary().count, 0);
});

test('a report with an impossible paint time is ignored, whatever sensorTs it claims', (t) => {
  const { hub, bus, shown, alert } = setup();
  t.after(() => hub.close());
  const ws = new FakeSocket();
  hub.attach(ws as unknown as WebSocket);
  bus.emit({ type: 'alert', transition: { type: 'opened', alert } });
  ws.report({ type: 'alert-shown', alertId: 'al_1', revision: 1, sensorTs: 0, shownAt: 9e15 });
  assert.equal(shown.summary().count, 0);
});

test('browsers that connect within 250 ms share one hello buffer; a later one gets a fresh hello (tester report: 40 tabs)', (t) => {
  const { hub, advance } = setup();
  t.after(() => hub.close());
  const [a, b, c] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
  hub.attach(a as unknown as WebSocket);
  advance(200);
  hub.attach(b as unknown as WebSocket);
  advance(100);
  hub.attach(c as unknown as WebSocket);
  assert.equal(a.sent[0], b.sent[0]);
  assert.notEqual(c.sent[0], a.sent[0]);
  assert.equal(JSON.parse(String(a.sent[0])).serverTime, 1_000_000);
  assert.equal(JSON.parse(String(c.sent[0])).serverTime, 1_000_300);
  assert.equal(JSON.parse(String(c.sent[0])).type, 'hello');
});
