import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrowableColumn } from '../../../src/shared/run-state';
import { smoothEma } from '../../../src/shared/smoothing';
import { SmoothedStore } from '../../../src/webview/smoothed-store';

function column(values: number[]): GrowableColumn {
  const c = new GrowableColumn();
  values.forEach((v, i) => c.set(i, v));
  return c;
}

test('a new column under the same series id is smoothed from scratch, not continued from the old one', () => {
  const store = new SmoothedStore();
  const a = column([1, 0.8, 0.6, 0.5]);
  const b = column([5, 4, 3, 2, 1, 0.5]);
  const w = 0.6;
  assert.deepEqual(Array.from(store.get('main:loss', a, w)), Array.from(smoothEma([1, 0.8, 0.6, 0.5], w)));
  // Same length and rewrite count as A (the bug: A's values came back under B's header).
  const sameLength = column([9, 8, 7, 6]);
  assert.deepEqual(Array.from(store.get('main:loss', sameLength, w)), Array.from(smoothEma([9, 8, 7, 6], w)));
  // Longer than the previous one: no prefix of the old run survives.
  assert.deepEqual(Array.from(store.get('main:loss', b, w)), Array.from(smoothEma([5, 4, 3, 2, 1, 0.5], w)));
  // And back to A.
  assert.deepEqual(Array.from(store.get('main:loss', a, w)), Array.from(smoothEma([1, 0.8, 0.6, 0.5], w)));
});
