import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearBaseline } from '../../../src/trainer/linear-baseline';
import { toTargetUnits } from '../../../src/trainer/target-units';
import type { TrainingArrays } from '../../../src/shared/dataset';

function arrays(rows: number, f: (r: number) => [number[], number]): TrainingArrays {
  const first = f(0)[0].length;
  const x = new Float32Array(rows * first);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const [xs, label] = f(r);
    x.set(xs, r * first);
    y[r] = label;
  }
  return { x, y, labelWidth: 1, rows, features: first, trainRows: Math.floor(rows * 0.8) };
}

test('linear baseline: an exactly linear target scores ~0 MSE; a constant target scores what predicting the mean does', () => {
  const exact = linearBaseline(
    arrays(200, (r) => [[r, (r * 7) % 13], 3 * r - 2 * ((r * 7) % 13) + 5]),
    'meanSquaredError',
    {},
  );
  // The ridge term shrinks a little: 0.1 against a target variance of ~1e4.
  assert.ok(exact && exact.valLoss < 1, `val ${exact?.valLoss}`);
  const noise = linearBaseline(
    arrays(400, (r) => [[(r * 37) % 101], r % 2 === 0 ? 1 : -1]),
    'meanSquaredError',
    {},
  );
  assert.ok(noise && Math.abs(noise.valLoss - 1) < 0.1, `val ${noise?.valLoss}`);
});

test('linear baseline scores classification with the spec loss, in the target units when the target was standardised', () => {
  const sep = linearBaseline(
    arrays(300, (r) => [[r % 2 === 0 ? -1 : 1, (r * 13) % 7], r % 2]),
    'binaryCrossentropy',
    {},
  );
  assert.ok(sep && sep.valLoss < 0.05, `separable BCE ${sep?.valLoss}`);
  const scaled = linearBaseline(
    arrays(400, (r) => [[(r * 37) % 101], r % 2 === 0 ? 1 : -1]),
    'meanSquaredError',
    { targetScaling: { mean: 0, std: 10 } },
  );
  assert.ok(scaled && Math.abs(scaled.valLoss - 100) < 10, `×std² ${scaled?.valLoss}`);
  assert.equal(linearBaseline({ ...arrays(10, (r) => [[r], r]), trainRows: 10 }, 'meanSquaredError', {}), undefined, 'no validation rows, no baseline');
});

test('standardised-target logs are reported in the target units: MSE × std², MAE × std, accuracy untouched', () => {
  const logs = toTargetUnits({ loss: 0.5, val_loss: 0.25, mae: 0.1, val_mae: 0.2, acc: 0.9 }, 'meanSquaredError', 10);
  assert.deepEqual(logs, { loss: 50, val_loss: 25, mae: 1, val_mae: 2, acc: 0.9 });
  assert.deepEqual(toTargetUnits({ loss: 0.5, mse: 0.3 }, 'meanAbsoluteError', 10), { loss: 5, mse: 30 });
});
