/** fit.classWeight: the spec field, its resolution to per-row weights, and its errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveClassWeights, rowWeights } from '../../../src/data/class-weights';
import { finishDataset } from '../../../src/data/finish-dataset';
import { FitwatchError } from '../../../src/shared/location';
import { parseSpec } from '../../../src/shared/spec/index';
import type { RawTable } from '../../../src/data/raw-table';

const base = (fit: string): string =>
  `{ "data": { "path": "d.csv" }, "model": { "layers": [{ "type": "dense", "units": 1, "activation": "sigmoid" }] }, "compile": { "loss": "binaryCrossentropy", "optimizer": "adam" }, "fit": { "epochs": 2${fit} } }`;

test('fit.classWeight reads "balanced" and an object of class index → weight', () => {
  assert.equal(parseSpec(base(', "classWeight": "balanced"'), 's').spec?.fit.classWeight, 'balanced');
  assert.deepEqual(parseSpec(base(', "classWeight": { "0": 1, "1": 4.5 }'), 's').spec?.fit.classWeight, { '0': 1, '1': 4.5 });
  assert.equal(parseSpec(base(''), 's').spec?.fit.classWeight, undefined, 'absent: no weighting');
});

test('fit.classWeight errors name the field and say what to write', () => {
  const cases: [string, RegExp][] = [
    ['"even"', /only named choice is "balanced"/],
    ['{ "pos": 2 }', /keys are class indices/],
    ['{ "01": 2 }', /keys are class indices/],
    ['{ "1": -1 }', /must be a number ≥ 0|must be a number at least 0|-1/],
    ['{}', /is empty/],
    ['4', /"balanced" or an object/],
  ];
  for (const [value, message] of cases) {
    const { problems } = parseSpec(base(`, "classWeight": ${value}`), 's');
    const errors = problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, `${value}: ${JSON.stringify(errors.map((e) => e.message))}`);
    assert.match(errors[0].message, message, value);
    assert.ok(errors[0].fix && errors[0].fix.length > 0, `${value}: a fix`);
    assert.equal(errors[0].location?.jsonPath?.[1], 'classWeight', `${value}: points at fit.classWeight`);
  }
});

test('"balanced" is n / (k · n_c) over the training rows, as scikit-learn compute_class_weight', () => {
  assert.deepEqual(resolveClassWeights('balanced', [80, 20], ['0', '1'], 'd.csv'), [100 / 160, 100 / 40]);
  assert.deepEqual(resolveClassWeights('balanced', [10, 10, 10], ['a', 'b', 'c'], 'd.csv'), [1, 1, 1]);
  assert.deepEqual(resolveClassWeights('balanced', [5, 0], ['0', '1'], 'd.csv'), [0.5, 0], 'a class with no training rows weighs nothing');
  assert.deepEqual(resolveClassWeights({ '1': 3 }, [5, 5, 5], ['a', 'b', 'c'], 'd.csv'), [1, 3, 1], 'unnamed classes weigh 1, as in Keras');
});

test('a class index beyond the data names the classes there are', () => {
  assert.throws(
    () => resolveClassWeights({ '2': 3 }, [5, 5], ['no', 'yes'], 'd.csv'),
    (err: unknown) =>
      err instanceof FitwatchError &&
      /class 2/.test(err.problem.message) &&
      /0 = no, 1 = yes/.test(err.problem.message) &&
      err.problem.location?.jsonPath?.join('.') === 'fit.classWeight.2',
  );
});

test('rowWeights gives each training row its class weight', () => {
  assert.deepEqual([...rowWeights(Int32Array.from([0, 1, 1, 0, 1]), 4, [0.5, 2])], [0.5, 2, 2, 0.5]);
});

/** A one-feature table with numeric labels, as the CSV reader hands it over. */
function table(labels: number[]): RawTable {
  return {
    source: 'd.csv',
    format: 'csv',
    rows: labels.length,
    features: 1,
    x: Float32Array.from(labels, (_, i) => i),
    columns: ['x', 'y'],
    featureNames: ['x'],
    labelName: 'y',
    labels: { rows: labels.length, num: Float64Array.from(labels), strings: [] },
    labelSite: (row) => ({ text: String(labels[row]), location: { file: 'd.csv', line: row + 2, column: 2 } }),
  };
}

test('the loaded dataset carries per-row weights of the training rows only', () => {
  const labels = [0, 0, 0, 1, 0, 0, 1, 0, 1, 1];
  const d = finishDataset(table(labels), 'binaryCrossentropy', 0.2, 'none', 0, { classWeight: 'balanced' });
  assert.equal(d.sampleWeight?.length, 8, 'validation rows are not weighted');
  assert.deepEqual(d.summary.classWeights, [8 / 12, 8 / 4]);
  for (let r = 0; r < 8; r++) assert.equal(d.sampleWeight?.[r], Math.fround(labels[r] === 1 ? 2 : 8 / 12));
});

test('classWeight on a regression target is refused, naming the field', () => {
  assert.throws(
    () => finishDataset(table([1.5, 2.5, 3.5, 4.5, 5.5]), 'meanSquaredError', 0.2, 'none', 0, { classWeight: 'balanced' }),
    (err: unknown) =>
      err instanceof FitwatchError && /regression target/.test(err.problem.message) && err.problem.location?.jsonPath?.join('.') === 'fit.classWeight',
  );
});
