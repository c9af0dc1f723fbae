import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpec } from '../../../src/shared/spec/index';
import { BASE, broken } from './base-spec';
import { summary } from './helpers';

test('binaryCrossentropy with a sigmoid output is correct: no warning at all', () => {
  assert.deepEqual(parseSpec(BASE, 's.fitwatch.json').problems, []);
});

test('binaryCrossentropy with a non-sigmoid output warns that outputs are not probabilities', () => {
  const r = parseSpec(broken('"units": 1, "activation": "sigmoid"', '"units": 1, "activation": "relu"'), 's.fitwatch.json');
  assert.ok(r.spec, 'a warning keeps the spec');
  assert.deepEqual(summary(r.problems, 'warning'), ['spec/output-activation@6:52']);
  assert.match(r.problems[0].message, /outputs are not probabilities/);
  assert.equal(r.problems[0].fix, 'Set model.layers[1].activation to "sigmoid".');
});

test('a defaulted (linear) output activation is warned about at the layer', () => {
  const r = parseSpec(broken('"units": 1, "activation": "sigmoid"', '"units": 1'), 's.fitwatch.json');
  assert.deepEqual(summary(r.problems, 'warning'), ['spec/output-activation@6:7']);
  assert.match(r.problems[0].message, /uses "linear"/);
});

test('categorical losses want softmax: a sigmoid output warns, softmax does not', () => {
  const sigmoid = broken(
    '"units": 1, "activation": "sigmoid"',
    '"units": 4, "activation": "sigmoid"',
    broken('"loss": "binaryCrossentropy"', '"loss": "categoricalCrossentropy"'),
  );
  const r = parseSpec(sigmoid, 's.fitwatch.json');
  assert.ok(r.spec);
  assert.deepEqual(summary(r.problems, 'warning'), ['spec/output-activation@6:52']);
  assert.equal(r.problems[0].fix, 'Set model.layers[1].activation to "softmax".');
  const softmax = parseSpec(sigmoid.replace('"activation": "sigmoid"', '"activation": "softmax"'), 's.fitwatch.json');
  assert.deepEqual(softmax.problems, []);
});

test('regression losses take any output without complaint', () => {
  const text = broken('"metrics": ["accuracy"]', '"metrics": ["mae"]', broken('"loss": "binaryCrossentropy"', '"loss": "meanSquaredError"'));
  const r = parseSpec(broken('"activation": "sigmoid"', '"activation": "linear"', text), 's.fitwatch.json');
  assert.deepEqual(r.problems, []);
});

test('a val_* monitor with no validation split warns on the monitor field, or on the callback when it is defaulted', () => {
  const noVal = broken('"validationSplit": 0.2', '"validationSplit": 0');
  const defaulted = parseSpec(noVal, 's.fitwatch.json');
  assert.deepEqual(summary(defaulted.problems, 'warning'), ['spec/monitor-without-validation@11:18']);
  assert.match(defaulted.problems[0].fix ?? '', /Set fit.validationSplit to e.g. 0.2, or monitor "loss"/);
  const explicit = parseSpec(broken('"factor": 0.5', '"factor": 0.5, "monitor": "val_acc"', noVal), 's.fitwatch.json');
  assert.deepEqual(summary(explicit.problems, 'warning'), ['spec/monitor-without-validation@11:67']);
  const onLoss = parseSpec(broken('"factor": 0.5', '"factor": 0.5, "monitor": "loss"', noVal), 's.fitwatch.json');
  assert.deepEqual(onLoss.problems, []);
});

test('earlyStopping gets the same monitor checks', () => {
  const text = broken('"factor": 0.5 } }', '"factor": 0.5 }, "earlyStopping": { "monitor": "acc", "patience": 20 } }');
  assert.deepEqual(parseSpec(text, 's').problems, []);
  const r = parseSpec(broken('"metrics": ["accuracy"]', '"metrics": []', text), 's');
  assert.deepEqual(summary(r.problems), ['spec/monitor-not-logged@11:88']);
});
