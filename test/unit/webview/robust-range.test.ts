import assert from 'node:assert/strict';
import { test } from 'node:test';
import { robustRange, stickyRange } from '../../../src/webview/robust-range';

const curve = Array.from({ length: 1000 }, (_, i) => 0.09 + 0.2 * Math.exp(-i / 100));

test('a curve without outliers is shown whole, with a small margin', () => {
  const r = robustRange([curve]);
  assert.ok(r);
  assert.ok(r[0] < Math.min(...curve) && r[1] > Math.max(...curve));
  assert.ok(r[1] - r[0] < 1.2 * (Math.max(...curve) - Math.min(...curve)));
});

test('an early spike is left out of the range', () => {
  const spiky = [50, ...curve.slice(1)];
  const r = robustRange([spiky]);
  assert.ok(r);
  assert.ok(r[1] < 1, `top ${r[1]} should ignore the spike of 50`);
  assert.ok(r[0] < 0.1);
});

test('log mode works in decades and ignores non-positive values', () => {
  const values = [0, -1, 1e-3, 1e-2, 1e-1, 1];
  const r = robustRange([values], { log: true });
  assert.ok(r);
  assert.ok(r[0] > 0 && r[0] < 1e-3 && r[1] > 1);
});

test('respects the visible window and several columns', () => {
  const a = [100, 1, 2, 3, 100];
  const b = [100, 0.5, 4];
  const r = robustRange([a, b], { from: 1, to: 4 });
  assert.ok(r);
  assert.ok(r[0] < 0.5 && r[0] > 0 && r[1] > 4 && r[1] < 5);
});

test('a flat line gets room; nothing finite gives undefined', () => {
  const r = robustRange([[0.5, 0.5, 0.5]]);
  assert.ok(r && r[0] < 0.5 && r[1] > 0.5);
  assert.equal(robustRange([[NaN, Infinity]]), undefined);
  assert.equal(robustRange([]), undefined);
});

test('stays bounded in work on long runs (sampling) and still finds the bulk', () => {
  const long = new Float64Array(200_000).map((_, i) => 1 + Math.sin(i / 1000));
  long[10] = 1e6;
  const r = robustRange([long]);
  assert.ok(r && r[1] < 3.5 && r[0] < 0.1);
});

test('a sticky range is kept while the data fits, and grows with headroom when outgrown', () => {
  const o = { slack: 1.06, headroom: 0.05 };
  assert.deepEqual(stickyRange(undefined, [0, 1], o), [0, 1]);
  assert.deepEqual(stickyRange([0, 1], [0.01, 0.99], o), [0, 1], 'a new epoch inside: unchanged');
  const grown = stickyRange([0, 1], [-0.1, 0.99], o);
  assert.ok(grown[0] < -0.1 && grown[1] === 0.99, `grows past the new low only: ${grown}`);
  assert.deepEqual(stickyRange([0, 1], [0.4, 0.6], o), [0.4, 0.6], 'far too tall (a zoom): tightened');
});
