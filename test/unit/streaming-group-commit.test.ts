import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGroupCommit } from '../../src/streaming/group-commit.ts';

function deferredWriter() {
  const calls: Array<{ items: number[]; done: () => void; fail: (e: Error) => void }> = [];
  const write = (items: number[]) =>
    new Promise<void>((done, fail) => {
      calls.push({ items, done, fail });
    });
  return { calls, write };
}

test('items added while a write is in flight go out together in the next write, and each caller settles after its own write', async () => {
  const w = deferredWriter();
  const gc = createGroupCommit<number>(w.write);
  const settled: string[] = [];
  const a = gc.add([1]).then(() => settled.push('a'));
  const b = gc.add([2, 3]).then(() => settled.push('b'));
  const c = gc.add([4]).then(() => settled.push('c'));
  assert.deepEqual(w.calls.map((c) => c.items), [[1]]);
  w.calls[0]!.done();
  await a;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(w.calls.map((c) => c.items), [[1], [2, 3, 4]]);
  assert.deepEqual(settled, ['a']);
  w.calls[1]!.done();
  await Promise.all([b, c]);
  assert.deepEqual(settled, ['a', 'b', 'c']);
});

test('a failed write rejects exactly its callers; the next group still goes out', async () => {
  const w = deferredWriter();
  const gc = createGroupCommit<number>(w.write);
  const first = gc.add([1]);
  const second = gc.add([2]);
  w.calls[0]!.fail(new Error('disk full'));
  await assert.rejects(first, /disk full/);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(w.calls.map((c) => c.items), [[1], [2]]);
  w.calls[1]!.done();
  await second;
  await gc.idle();
});
