import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmaSmoother, clampSmoothing, smoothEma } from '../../../src/shared/smoothing';

/** TensorBoard's loop, transcribed independently, as the reference. */
function tensorboard(values: number[], w: number): number[] {
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    n++;
    return last / (w === 1 ? 1 : 1 - Math.pow(w, n));
  });
}

test('debiased EMA matches hand-computed values', () => {
  const out = smoothEma([1, 2, 3], 0.6);
  assert.equal(out[0], 1); // debiasing makes the first point exact
  assert.ok(Math.abs(out[1] - 1.04 / 0.64) < 1e-12);
  assert.ok(Math.abs(out[2] - 1.824 / 0.784) < 1e-12);
});

test('matches the TensorBoard loop on a noisy curve, including NaN and Infinity pass-through', () => {
  const values = Array.from({ length: 200 }, (_, i) => 0.1 + 0.6 * Math.exp(-i / 20) + 0.01 * Math.sin(i * 1.7));
  values[50] = NaN;
  values[120] = Infinity;
  for (const w of [0, 0.3, 0.6, 0.95, 0.999]) {
    const got = Array.from(smoothEma(values, w));
    const want = w === 0 ? values : tensorboard(values, w);
    got.forEach((g, i) => {
      if (Number.isNaN(want[i])) assert.ok(Number.isNaN(g), `index ${i} should stay NaN`);
      else if (!Number.isFinite(want[i])) assert.equal(g, want[i]);
      else assert.ok(Math.abs(g - want[i]) < 1e-12, `w=${w} i=${i}: ${g} vs ${want[i]}`);
    });
  }
});

test('a non-finite value does not advance the average', () => {
  const a = smoothEma([1, NaN, 3], 0.5);
  const b = smoothEma([1, 3], 0.5);
  assert.ok(Number.isNaN(a[1]));
  assert.equal(a[2], b[1]);
});

test('incremental smoother equals the batch result', () => {
  const values = Array.from({ length: 500 }, (_, i) => Math.cos(i / 7) + i / 100);
  const batch = smoothEma(values, 0.8);
  const ema = new EmaSmoother(0.8);
  values.forEach((v, i) => assert.equal(ema.next(v), batch[i]));
});

test('a constant series stays constant (no bias toward zero)', () => {
  for (const v of smoothEma(new Array(100).fill(0.25), 0.9)) assert.ok(Math.abs(v - 0.25) < 1e-12);
});

test('clampSmoothing keeps weights in [0, 0.999]', () => {
  assert.equal(clampSmoothing(-1), 0);
  assert.equal(clampSmoothing(Number.NaN), 0);
  assert.equal(clampSmoothing(1), 0.999);
  assert.equal(clampSmoothing(0.6), 0.6);
});

test('reuses a long-enough output buffer and smooths only the given length', () => {
  const out = new Float64Array(10).fill(-1);
  const r = smoothEma([2, 2, 2, 9], 0.5, out, 3);
  assert.equal(r, out);
  assert.deepEqual(Array.from(out.subarray(0, 4)), [2, 2, 2, -1]);
});
