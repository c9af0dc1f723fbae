// Ports keras-team/keras keras/src/callbacks/monitor_callback_test.py @ 16d7162a448d (direction cases, test_min_delta).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isImprovement, pythonFloatRepr, resolveDirection, signedMinDelta } from '../../../src/shared/callbacks';
import { FitwatchError } from '../../../src/shared/location';

const where = { jsonPath: ['callbacks', 'earlyStopping'] };

test('mode resolves like Keras MonitorCallback._set_monitor_op (monitor_callback_test cases)', () => {
  const cases: [mode: 'auto' | 'min' | 'max', monitor: string, expected: 'min' | 'max'][] = [
    ['max', 'val_mse', 'max'],
    ['min', 'val_loss', 'min'],
    ['auto', 'val_mse', 'min'],
    ['auto', 'loss', 'min'],
    ['auto', 'acc', 'max'],
    ['auto', 'val_accuracy', 'max'],
    ['auto', 'hinge', 'min'],
    ['auto', 'f1_score', 'max'],
    ['auto', 'val_acc', 'max'],
    ['auto', 'val_mae', 'min'],
  ];
  for (const [mode, monitor, expected] of cases) {
    assert.equal(resolveDirection('EarlyStopping', monitor, mode, where), expected, `${mode} ${monitor}`);
  }
});

test('an unknown metric in auto mode is an error naming the field and the fix', () => {
  assert.throws(
    () => resolveDirection('EarlyStopping', 'unknown', 'auto', { specFile: '/w/a.fitwatch.json', jsonPath: ['callbacks', 'earlyStopping'] }),
    (e: unknown) => {
      assert.ok(e instanceof FitwatchError);
      assert.equal(e.problem.code, 'spec/callback-mode');
      assert.match(e.problem.message, /monitor="unknown"/);
      assert.match(e.problem.fix ?? '', /"mode": "max"/);
      assert.deepEqual(e.problem.location, { file: '/w/a.fitwatch.json', jsonPath: ['callbacks', 'earlyStopping', 'mode'] });
      return true;
    },
  );
});

test('_is_improvement with min_delta 0.5 in max mode (monitor_callback_test.test_min_delta)', () => {
  const d = signedMinDelta('max', 0.5);
  assert.equal(isImprovement('max', d, 0.75, 0), true);
  assert.equal(isImprovement('max', d, 0.5, null), true);
  assert.equal(isImprovement('max', d, 0.5, 0), false);
  assert.equal(isImprovement('max', d, 0.2, 0.5), false);
});

test('min_delta takes its absolute value and points the right way in min mode', () => {
  const d = signedMinDelta('min', -0.1);
  assert.equal(d, -0.1);
  assert.equal(isImprovement('min', d, 0.85, 1), true);
  assert.equal(isImprovement('min', d, 0.95, 1), false);
  assert.equal(isImprovement('min', signedMinDelta('min', 0), 1, 1), false, 'equal is not an improvement');
});

test('Python float repr, as Keras f-strings print learning rates', () => {
  assert.equal(pythonFloatRepr(0.001), '0.001');
  assert.equal(pythonFloatRepr(0.01), '0.01');
  assert.equal(pythonFloatRepr(1e-5), '1e-05');
  assert.equal(pythonFloatRepr(1.5e-7), '1.5e-07');
  assert.equal(pythonFloatRepr(0.0001), '0.0001');
  assert.equal(pythonFloatRepr(2), '2.0');
  assert.equal(pythonFloatRepr(123.25), '123.25');
  assert.equal(pythonFloatRepr(1e16), '1e+16');
  assert.equal(pythonFloatRepr(0.1 * 0.1), '0.010000000000000002');
  assert.equal(pythonFloatRepr(Math.fround(0.01) * 0.1), '0.0009999999776482583');
  assert.equal(pythonFloatRepr(-0.5), '-0.5');
  assert.equal(pythonFloatRepr(0), '0.0');
});
