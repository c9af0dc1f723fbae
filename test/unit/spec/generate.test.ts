import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitwatchError } from '../../../src/shared/location';
import { generateSpecText, parseSpec } from '../../../src/shared/spec/index';
import { schemaValidator } from './helpers';

const validate = schemaValidator();

test('a binary spec: BCE, one sigmoid unit, accuracy, 64/32 relu, adam 0.001, standard scaling', () => {
  const text = generateSpecText({ dataPath: 'data/churn.csv', task: 'binary', features: 12 });
  const r = parseSpec(text, 'churn.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(validate(text), []);
  assert.deepEqual(r.spec, {
    name: 'churn',
    data: { kind: 'file', path: 'data/churn.csv', labelColumn: -1, header: 'auto', normalize: 'standard' },
    model: {
      layers: [
        { type: 'dense', units: 64, activation: 'relu', useBias: true },
        { type: 'dense', units: 32, activation: 'relu', useBias: true },
        { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
      ],
    },
    compile: { loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, metrics: ['accuracy'] },
    fit: { epochs: 100, batchSize: 32, validationSplit: 0.2, shuffle: true },
    callbacks: {},
    backend: 'auto',
    engine: 'auto',
  });
  assert.match(text, /^\/\/ A binary model for data\/churn\.csv \(12 features\)/);
});

test('a multiclass spec: sparse categorical crossentropy with k softmax units', () => {
  const text = generateSpecText({ dataPath: 'iris.csv', task: 'multiclass', classes: 3, features: 4, name: 'iris' });
  const r = parseSpec(text, 'iris.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(validate(text), []);
  assert.equal(r.spec?.compile.loss, 'sparseCategoricalCrossentropy');
  assert.deepEqual(r.spec?.model.layers[2], { type: 'dense', units: 3, activation: 'softmax', useBias: true });
  assert.equal(r.spec?.name, 'iris');
});

test('a regression spec: MSE, one linear unit, mae', () => {
  const text = generateSpecText({ dataPath: 'x/X.npy', labelsPath: 'x/y.npy', task: 'regression', features: 64 });
  const r = parseSpec(text, 'x.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(validate(text), []);
  assert.equal(r.spec?.compile.loss, 'meanSquaredError');
  assert.deepEqual(r.spec?.compile.metrics, ['mae']);
  assert.deepEqual(r.spec?.model.layers[2], { type: 'dense', units: 1, activation: 'linear', useBias: true });
  assert.deepEqual(r.spec?.data, { kind: 'file', path: 'x/X.npy', labelsPath: 'x/y.npy', labelColumn: -1, header: 'auto', normalize: 'standard' });
});

test('paths with quotes or backslashes are escaped, and no early stopping is added', () => {
  const text = generateSpecText({ dataPath: 'we"ird\\name.csv', task: 'binary', features: 2 });
  const r = parseSpec(text, 'w.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec?.data.kind === 'file' && r.spec.data.path, 'we"ird\\name.csv');
  assert.doesNotMatch(text, /earlyStopping/);
});

test('bad options are FitwatchErrors that say what to pass', () => {
  const isCode = (code: string) => (e: unknown) => e instanceof FitwatchError && e.problem.code === code;
  assert.throws(() => generateSpecText({ dataPath: 'a.csv', task: 'multiclass', features: 2 }), isCode('spec/generate-classes'));
  assert.throws(() => generateSpecText({ dataPath: 'a.csv', task: 'multiclass', classes: 1, features: 2 }), isCode('spec/generate-classes'));
  assert.throws(() => generateSpecText({ dataPath: '/a.csv', task: 'binary', features: 2 }), isCode('spec/absolute-path'));
  assert.throws(() => generateSpecText({ dataPath: 'a.npy', labelsPath: '/tmp/y.npy', task: 'binary', features: 2 }), isCode('spec/absolute-path'));
  // ".." may stay inside the workspace: the loader decides, by real path, when it opens the file.
  assert.doesNotThrow(() => generateSpecText({ dataPath: '../data/a.csv', task: 'binary', features: 2 }));
});
