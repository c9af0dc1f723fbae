import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpec } from '../../../src/shared/spec/index';
import type { FitwatchSpec } from '../../../src/shared/spec';

/** The smallest valid spec, with `extra` merged in at the top level. */
function minimal(extra = ''): string {
  return `{
  "data": { "path": "train.csv" },
  "model": { "layers": [{ "type": "dense", "units": 1, "activation": "sigmoid" }] },
  "compile": { "loss": "binaryCrossentropy" }${extra}
}`;
}

function specOf(text: string): FitwatchSpec {
  const r = parseSpec(text, 'x.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.ok(r.spec);
  return r.spec;
}

test('a minimal spec resolves every field to its Keras default', () => {
  assert.deepEqual(specOf(minimal()), {
    data: { kind: 'file', path: 'train.csv', labelColumn: -1, header: 'auto', normalize: 'none' },
    model: { layers: [{ type: 'dense', units: 1, activation: 'sigmoid', useBias: true }] },
    compile: {
      loss: 'binaryCrossentropy',
      optimizer: { type: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
      metrics: [],
    },
    fit: { epochs: 1, batchSize: 32, validationSplit: 0, shuffle: true },
    callbacks: {},
    backend: 'auto',
    engine: 'auto',
  });
});

test('a dense layer defaults to a linear activation with a bias', () => {
  const text = minimal().replace('"activation": "sigmoid"', '"activation": "sigmoid" }, { "type": "dense", "units": 1, "activation": "sigmoid"');
  const withHidden = text.replace('[{ "type": "dense", "units": 1, "activation": "sigmoid" },', '[{ "type": "dense", "units": 8 },');
  assert.deepEqual(specOf(withHidden).model.layers[0], { type: 'dense', units: 8, activation: 'linear', useBias: true });
});

test('a bare optimizer name gets Keras learning rate and defaults', () => {
  const opt = (name: string): FitwatchSpec['compile']['optimizer'] =>
    specOf(minimal().replace('"loss": "binaryCrossentropy"', `"loss": "binaryCrossentropy", "optimizer": "${name}"`)).compile.optimizer;
  assert.deepEqual(opt('adam'), { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.deepEqual(opt('sgd'), { type: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false });
  assert.deepEqual(opt('rmsprop'), { type: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 });
});

test('an optimizer object fills in what it leaves out', () => {
  const spec = specOf(minimal().replace('"loss": "binaryCrossentropy"', '"loss": "binaryCrossentropy", "optimizer": { "type": "adam", "learningRate": 0.01 }'));
  assert.deepEqual(spec.compile.optimizer, { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
});

test('empty callback objects get the Keras 3 defaults', () => {
  const spec = specOf(minimal(', "fit": { "validationSplit": 0.2 }, "callbacks": { "reduceLROnPlateau": {}, "earlyStopping": {} }'));
  assert.deepEqual(spec.callbacks.reduceLROnPlateau, {
    monitor: 'val_loss',
    factor: 0.1,
    patience: 10,
    mode: 'auto',
    minDelta: 1e-4,
    cooldown: 0,
    minLr: 0,
  });
  assert.deepEqual(spec.callbacks.earlyStopping, {
    monitor: 'val_loss',
    minDelta: 0,
    patience: 0,
    mode: 'auto',
    baseline: null,
    restoreBestWeights: false,
    startFromEpoch: 0,
  });
});

test('the sample data defaults to the seed shape: 50,000 rows, 64 features, seed 1', () => {
  const spec = specOf(minimal().replace('{ "path": "train.csv" }', '{ "sample": "seed" }'));
  assert.deepEqual(spec.data, { kind: 'sample', sample: 'seed', rows: 50000, features: 64, seed: 1, normalize: 'none' });
});

test('data paths are kept as written (relative to the spec folder), labelsPath included', () => {
  const spec = specOf(minimal().replace('{ "path": "train.csv" }', '{ "path": "arrays/X.npy", "labelsPath": "arrays/y.npy" }'));
  assert.deepEqual(spec.data, { kind: 'file', path: 'arrays/X.npy', labelsPath: 'arrays/y.npy', labelColumn: -1, header: 'auto', normalize: 'none' });
});

test('an explicit baseline of null and duplicate metrics are accepted', () => {
  const spec = specOf(
    minimal(', "fit": { "validationSplit": 0.2 }, "callbacks": { "earlyStopping": { "baseline": null } }').replace(
      '"loss": "binaryCrossentropy"',
      '"loss": "binaryCrossentropy", "metrics": ["accuracy", "accuracy"]',
    ),
  );
  assert.equal(spec.callbacks.earlyStopping?.baseline, null);
  assert.deepEqual(spec.compile.metrics, ['accuracy']);
});
