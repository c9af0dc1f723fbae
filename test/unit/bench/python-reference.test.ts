import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReferenceLine } from '../../../tools/bench/python-reference';

const TORCH =
  '{"engine": "torch", "version": "torch 2.13.0+cpu", "threads": 2, "rows": 50000, "features": 64, "hidden": "128,128", "epochs": 4, "load_ms": 80.1, "median_ms_per_epoch": 310.5, "min_ms_per_epoch": 290.25}';
const KERAS =
  '{"engine": "keras", "version": "keras 3.15.1, tensorflow 2.21.0", "threads": 1, "rows": 500000, "features": 64, "hidden": "16,16", "epochs": 3, "load_ms": 62.6, "median_ms_per_epoch": 534.65, "min_ms_per_epoch": 508.6}';

test('parseReferenceLine reads either script summary into camelCase fields', () => {
  const t = parseReferenceLine(TORCH, 'torch');
  assert.equal(t.version, 'torch 2.13.0+cpu');
  assert.equal(t.threads, 2);
  assert.deepEqual(t.hidden, [128, 128]);
  assert.equal(t.msPerEpochMedian, 310.5);
  assert.equal(t.msPerEpochMin, 290.25);
  assert.match(t.data, /synthetic 50,000 × 64 \(torch_reference\.py\)/);
  const k = parseReferenceLine(KERAS, 'keras');
  assert.equal(k.framework, 'keras');
  assert.equal(k.rows, 500_000);
  assert.match(k.data, /synthetic 500,000 × 64 \(keras_reference\.py\)/);
});

test('parseReferenceLine names the field that is wrong', () => {
  assert.throws(
    () => parseReferenceLine(TORCH.replace('"median_ms_per_epoch": 310.5', '"median_ms_per_epoch": "fast"'), 'torch'),
    /field "median_ms_per_epoch" is "fast", expected a number/,
  );
  assert.throws(() => parseReferenceLine('[1, 2]', 'keras'), /not a JSON object/);
  assert.throws(() => parseReferenceLine('Epoch 3/4 - 300ms', 'torch'), SyntaxError);
});
