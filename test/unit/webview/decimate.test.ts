import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketLayout, decimateColumn } from '../../../src/webview/decimate';
import { compressSteps } from '../../../src/webview/step-compress';

const x = Float64Array.from({ length: 10_000 }, (_, i) => i + 1);

test('keeps every bucket min and max, in order, at 2 rows per bucket', () => {
  const noisy = Float64Array.from(x, (e) => Math.sin(e / 50) + (e === 5000 ? 10 : 0));
  const d = bucketLayout(x, 500);
  assert.ok(d);
  const y = decimateColumn(d, noisy);
  assert.ok(y instanceof Float64Array);
  assert.equal(d.x.length, 1000);
  assert.equal(d.x[0], 1);
  assert.equal(d.x[d.x.length - 1], 10_000);
  assert.equal(Math.max(...y), Math.max(...noisy), 'the spike survives');
  assert.ok(Math.max(...noisy) > 9);
  assert.equal(Math.min(...y), Math.min(...noisy));
  for (let i = 1; i < d.x.length; i++) assert.ok(d.x[i] >= d.x[i - 1], 'x stays sorted');
});

test('a shorter series gets NaN past its end; no gain means undefined', () => {
  const short = new Float64Array(3000).fill(1);
  const d = bucketLayout(x, 100);
  assert.ok(d);
  const y = decimateColumn(d, short);
  assert.equal(y[0], 1);
  assert.ok(Number.isNaN(y[y.length - 1]));
  assert.equal(bucketLayout(x.subarray(0, 250), 100), undefined);
});

test('step compression keeps only change points and each run end', () => {
  const a = [0.01, 0.01, 0.01, 0.005, 0.005, 0.0025];
  const b = [0.01, 0.01, 0.01];
  const s = compressSteps([a, b]);
  assert.deepEqual(Array.from(s.x), [1, 3, 4, 6]);
  assert.deepEqual(s.ys[0], [0.01, 0.01, 0.005, 0.0025]);
  assert.deepEqual(s.ys[1], [0.01, 0.01, null, null]);
});

test('smooth series keep one real point per bucket, undefined in the other row', () => {
  const smooth = Float64Array.from(x, (e) => 1 / e);
  const d = bucketLayout(x, 200);
  assert.ok(d);
  const y = decimateColumn(d, smooth, true);
  assert.ok(!(y instanceof Float64Array));
  for (let r = 0; r < d.x.length; r += 2) {
    assert.equal(y[r], undefined);
    assert.equal(y[r + 1], 1 / d.x[r + 1], 'the value at that epoch, not an extreme');
  }
});
