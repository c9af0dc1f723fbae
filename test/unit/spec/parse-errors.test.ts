import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpec } from '../../../src/shared/spec/index';
import { BASE, broken } from './base-spec';
import { summary, where } from './helpers';

/** One broken field: what to replace in BASE, the single problem expected, and words its message and fix must contain. */
interface Case {
  name: string;
  from: string;
  to: string;
  expect: string;
  message: string;
  fix: string;
}

const cases: Case[] = [
  {
    name: 'unknown field, with did-you-mean',
    from: '"learningRate": 0.01',
    to: '"learningRat": 0.01',
    expect: 'spec/unknown-field@9:77',
    message: "Unknown field 'learningRat' in compile.optimizer",
    fix: "Did you mean 'learningRate'?",
  },
  {
    name: 'Keras snake_case field',
    from: '"batchSize": 200',
    to: '"batch_size": 200',
    expect: 'spec/unknown-field@10:26',
    message: "Unknown field 'batch_size' in fit",
    fix: "Rename it to 'batchSize'",
  },
  {
    name: 'Keras lr= spelling',
    from: '"learningRate": 0.01',
    to: '"lr": 0.01',
    expect: 'spec/unknown-field@9:77',
    message: "Unknown field 'lr'",
    fix: "Rename it to 'learningRate'",
  },
  {
    name: 'a Keras argument Fitwatch does not need',
    from: '{ "type": "dense", "units": 16, "activation": "relu" }',
    to: '{ "type": "dense", "units": 16, "activation": "relu", "input_dim": 64 }',
    expect: 'spec/unknown-field@5:61',
    message: "Unknown field 'input_dim' in model.layers[0] (a dense layer)",
    fix: 'takes the input size from the data',
  },
  {
    name: 'duplicate field',
    from: '"epochs": 10,',
    to: '"epochs": 10, "epochs": 20,',
    expect: 'spec/duplicate-field@10:26',
    message: "'epochs' appears twice in fit",
    fix: 'Keep only one',
  },
  {
    name: 'quoted number',
    from: '"epochs": 10',
    to: '"epochs": "10"',
    expect: 'spec/wrong-type@10:22',
    message: 'fit.epochs must be an integer, got the string "10"',
    fix: 'Remove the quotes: 10.',
  },
  {
    name: 'object where a number belongs',
    from: '"validationSplit": 0.2',
    to: '"validationSplit": {}',
    expect: 'spec/wrong-type@10:63',
    message: 'fit.validationSplit must be a number, got an object',
    fix: 'e.g. 0.2',
  },
  {
    name: 'units below 1',
    from: '"units": 16',
    to: '"units": 0',
    expect: 'spec/out-of-range@5:35',
    message: 'model.layers[0].units must be an integer at least 1, got 0',
    fix: 'e.g. 16',
  },
  {
    name: 'units not an integer',
    from: '"units": 16',
    to: '"units": 2.5',
    expect: 'spec/out-of-range@5:35',
    message: 'must be an integer at least 1, got 2.5',
    fix: 'e.g. 16',
  },
  {
    name: 'dropout rate of 1',
    from: '{ "type": "dense", "units": 16, "activation": "relu" },',
    to: '{ "type": "dense", "units": 16, "activation": "relu" }, { "type": "dropout", "rate": 1 },',
    expect: 'spec/out-of-range@5:92',
    message: 'model.layers[1].rate must be a number at least 0 and below 1, got 1',
    fix: 'fraction of inputs dropped',
  },
  {
    name: 'validationSplit of 1',
    from: '"validationSplit": 0.2',
    to: '"validationSplit": 1',
    expect: 'spec/out-of-range@10:63',
    message: 'fit.validationSplit must be a number at least 0 and below 1, got 1',
    fix: 'held out for validation',
  },
  {
    name: 'learning rate of 0',
    from: '"learningRate": 0.01',
    to: '"learningRate": 0',
    expect: 'spec/out-of-range@9:93',
    message: 'compile.optimizer.learningRate must be a number above 0, got 0',
    fix: 'must be positive',
  },
  {
    name: 'factor of 1',
    from: '"factor": 0.5',
    to: '"factor": 1',
    expect: 'spec/out-of-range@11:51',
    message: 'callbacks.reduceLROnPlateau.factor must be a number above 0 and below 1, got 1',
    fix: 'lr × factor',
  },
  {
    name: 'epochs of 0',
    from: '"epochs": 10',
    to: '"epochs": 0',
    expect: 'spec/out-of-range@10:22',
    message: 'fit.epochs must be an integer at least 1, got 0',
    fix: 'e.g. 100',
  },
  {
    name: 'batchSize of 0',
    from: '"batchSize": 200',
    to: '"batchSize": 0',
    expect: 'spec/out-of-range@10:39',
    message: 'fit.batchSize must be an integer at least 1, got 0',
    fix: 'e.g. 32',
  },
  {
    name: 'unknown activation',
    from: '"activation": "relu"',
    to: '"activation": "relu6"',
    expect: 'spec/unknown-value@5:53',
    message: 'model.layers[0].activation has the unknown value "relu6"',
    fix: 'Did you mean "relu"? Allowed: "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus".',
  },
  {
    name: 'Keras loss name',
    from: '"loss": "binaryCrossentropy"',
    to: '"loss": "binary_crossentropy"',
    expect: 'spec/unknown-value@9:24',
    message: 'compile.loss has the unknown value "binary_crossentropy"',
    fix: 'Use "binaryCrossentropy"',
  },
  {
    name: 'unknown optimizer name',
    from: '{ "type": "adam", "learningRate": 0.01 }',
    to: '"nadam"',
    expect: 'spec/unknown-value@9:59',
    message: 'compile.optimizer has the unknown value "nadam"',
    fix: 'Did you mean "adam"?',
  },
  {
    name: 'missing data',
    from: '"data": { "sample": "seed" },',
    to: '',
    expect: 'spec/missing-field@1:1',
    message: "The spec is missing the required field 'data'",
    fix: '"data": { "path": "data/train.csv" }',
  },
  {
    name: 'missing loss',
    from: '"loss": "binaryCrossentropy", ',
    to: '',
    expect: 'spec/missing-field@9:3',
    message: "compile is missing the required field 'loss'",
    fix: '"loss": one of "binaryCrossentropy"',
  },
  {
    name: 'missing layer units',
    from: '"units": 16, ',
    to: '',
    expect: 'spec/missing-field@5:7',
    message: "model.layers[0] is missing the required field 'units'",
    fix: '"units": 16',
  },
  {
    name: 'empty layers',
    from: `[
      { "type": "dense", "units": 16, "activation": "relu" },
      { "type": "dense", "units": 1, "activation": "sigmoid" }
    ]`,
    to: '[]',
    expect: 'spec/no-layers@4:15',
    message: 'model.layers is empty',
    fix: 'Add at least one dense layer',
  },
  {
    name: 'no dense layer',
    from: `[
      { "type": "dense", "units": 16, "activation": "relu" },
      { "type": "dense", "units": 1, "activation": "sigmoid" }
    ]`,
    to: '[{ "type": "dropout", "rate": 0.5 }]',
    expect: 'spec/no-dense-layer@4:15',
    message: 'model.layers has no dense layer',
    fix: 'Add a dense layer',
  },
  {
    name: 'last layer not dense',
    from: '{ "type": "dense", "units": 1, "activation": "sigmoid" }',
    to: '{ "type": "dense", "units": 1, "activation": "sigmoid" }, { "type": "dropout", "rate": 0.5 }',
    expect: 'spec/last-layer-not-dense@6:65',
    message: 'The last layer (model.layers[2]) is a dropout layer',
    fix: 'add a dense output layer after it',
  },
  {
    name: 'layer without a type',
    from: '{ "type": "dense", "units": 16, "activation": "relu" }',
    to: '{ "units": 16, "activation": "relu" }',
    expect: 'spec/missing-field@5:7',
    message: "Layer 0 has no 'type'",
    fix: '"type": "dense"',
  },
  {
    name: 'absolute data path',
    from: '{ "sample": "seed" }',
    to: '{ "path": "/home/me/train.csv" }',
    expect: 'spec/absolute-path@2:21',
    message: 'is an absolute path; it must be relative to the folder that contains this spec',
    fix: "relative to this spec's folder",
  },
  {
    name: 'Windows drive path',
    from: '{ "sample": "seed" }',
    to: '{ "path": "C:\\\\data\\\\train.csv" }',
    expect: 'spec/absolute-path@2:21',
    message: 'an absolute path',
    fix: "relative to this spec's folder",
  },
  {
    name: 'labelsPath with a CSV file',
    from: '{ "sample": "seed" }',
    to: '{ "path": "train.csv", "labelsPath": "y.npy" }',
    expect: 'spec/labels-path-not-npy@2:48',
    message: 'data.labelsPath is only used with a .npy features file',
    fix: 'labelColumn',
  },
  {
    name: 'binaryCrossentropy with 3 output units',
    from: '"units": 1, "activation": "sigmoid"',
    to: '"units": 3, "activation": "sigmoid"',
    expect: 'spec/output-units@6:35',
    message: 'binaryCrossentropy needs 1 output unit (the probability of the positive class), but the last layer (model.layers[1]) has 3',
    fix: 'sparseCategoricalCrossentropy',
  },
  {
    name: 'sparseCategoricalCrossentropy with 1 output unit',
    from: '"loss": "binaryCrossentropy"',
    to: '"loss": "sparseCategoricalCrossentropy"',
    expect: 'spec/output-units@6:35',
    message: 'sparseCategoricalCrossentropy needs one output unit per class (at least 2)',
    fix: '"binaryCrossentropy" with 1 sigmoid unit',
  },
  {
    name: 'monitoring a metric that is not logged',
    from: '"factor": 0.5',
    to: '"factor": 0.5, "monitor": "val_mae"',
    expect: 'spec/monitor-not-logged@11:67',
    message: 'monitors \'val_mae\', which is not logged because compile.metrics does not include "mae"',
    fix: 'Add "mae" to compile.metrics',
  },
  {
    name: 'Keras 3 monitor name',
    from: '"factor": 0.5',
    to: '"factor": 0.5, "monitor": "val_accuracy"',
    expect: 'spec/unknown-value@11:67',
    message: 'has the unknown value "val_accuracy"',
    fix: 'Use "val_acc"',
  },
];

for (const c of cases) {
  test(`error: ${c.name}`, () => {
    const r = parseSpec(broken(c.from, c.to), 'spec.fitwatch.json');
    assert.equal(r.spec, undefined, 'no spec when there is an error');
    assert.deepEqual(summary(r.problems), [c.expect]);
    const p = r.problems.find((x) => x.severity === 'error');
    assert.ok(p?.message.includes(c.message), `message: ${p?.message}`);
    assert.ok(p?.fix?.includes(c.fix), `fix: ${p?.fix}`);
    assert.equal(p?.location?.file, 'spec.fitwatch.json');
  });
}

test('the base spec the error cases break is itself valid', () => {
  const r = parseSpec(BASE, 'spec.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.ok(r.spec);
});

test('Keras snake_case names get their camelCase spelling', () => {
  const snake: [string, string, string][] = [
    ['"learningRate": 0.01', '"learning_rate": 0.01', 'learningRate'],
    ['"validationSplit": 0.2', '"validation_split": 0.2', 'validationSplit'],
    ['"factor": 0.5', '"factor": 0.5, "min_lr": 0.0001', 'minLr'],
    ['"factor": 0.5 } }', '"factor": 0.5 }, "earlyStopping": { "restore_best_weights": true } }', 'restoreBestWeights'],
    ['"learningRate": 0.01', '"learningRate": 0.01, "beta_1": 0.8', 'beta1'],
  ];
  for (const [from, to, camel] of snake) {
    const r = parseSpec(broken(from, to), 's.fitwatch.json');
    const errors = r.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, to);
    assert.equal(errors[0].code, 'spec/unknown-field');
    assert.ok(errors[0].fix?.includes(`Rename it to '${camel}'`), errors[0].fix);
  }
});

test('a problem carries offset, length and the JSON path of the offending node', () => {
  const text = broken('"units": 16', '"units": -4');
  const [p] = parseSpec(text, 's.fitwatch.json').problems;
  assert.deepEqual(p.location?.jsonPath, ['model', 'layers', 0, 'units']);
  assert.equal(text.slice(p.location?.offset, (p.location?.offset ?? 0) + (p.location?.length ?? 0)), '-4');
  assert.equal(where(p), 'spec/out-of-range@5:35');
});

test('a spec that is not an object, or is empty, is reported at the start', () => {
  assert.deepEqual(summary(parseSpec('[1, 2]', 'a.fitwatch.json').problems), ['spec/wrong-type@1:1']);
  assert.deepEqual(summary(parseSpec('  // nothing yet\n', 'a.fitwatch.json').problems), ['spec/empty@1:1']);
});
