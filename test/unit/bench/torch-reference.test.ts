import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTorchLine } from '../../../tools/bench/torch-reference';

const LINE =
  '{"engine": "torch", "torch_version": "1.13.0a0", "threads": 2, "rows": 50000, "features": 64, "hidden": "128,128", "epochs": 4, "load_ms": 80.1, "median_ms_per_epoch": 310.5, "min_ms_per_epoch": 290.25}';

test('parseTorchLine reads the script summary into camelCase fields', () => {
  const m = parseTorchLine(LINE);
  assert.equal(m.torchVersion, '1.13.0a0');
  assert.equal(m.threads, 2);
  assert.deepEqual(m.hidden, [128, 128]);
  assert.equal(m.msPerEpochMedian, 310.5);
  assert.equal(m.msPerEpochMin, 290.25);
  assert.match(m.data, /synthetic 50,000 × 64/);
});

test('parseTorchLine names the field that is wrong', () => {
  assert.throws(
    () => parseTorchLine(LINE.replace('"median_ms_per_epoch": 310.5', '"median_ms_per_epoch": "fast"')),
    /field "median_ms_per_epoch" is "fast", expected a number/,
  );
  assert.throws(() => parseTorchLine('[1, 2]'), /not a JSON object/);
  assert.throws(() => parseTorchLine('Epoch 3/4 - 300ms'), SyntaxError);
});
