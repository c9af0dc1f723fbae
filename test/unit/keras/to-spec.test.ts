import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kerasModelJsonToSpecText } from '../../../src/keras/model-json';
import { kerasDiagnosticsTargets } from '../../../src/keras/targets';
import { kerasScriptToSpecText } from '../../../src/keras/to-spec';
import type { Finding } from '../../../src/shared/findings';
import { FitwatchError } from '../../../src/shared/location';
import { parseSpec } from '../../../src/shared/spec';
import { analyze, script } from './python-helpers';

test('the seed script becomes a spec that parses with no problems and matches the question', async () => {
  const text = kerasScriptToSpecText(await analyze(script('seed.py'), 'seed.py'), { dataPath: 'data/X.npy', labelsPath: 'data/y.npy' });
  const { spec, problems } = parseSpec(text, 'seed.fitwatch.json');
  assert.deepEqual(problems, []);
  assert.deepEqual(spec?.model.layers, [
    { type: 'dense', units: 16, activation: 'relu', useBias: true },
    { type: 'dense', units: 16, activation: 'relu', useBias: true },
    { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
  ]);
  assert.equal(spec?.compile.loss, 'binaryCrossentropy');
  assert.deepEqual(spec?.compile.optimizer, { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  assert.deepEqual(spec?.compile.metrics, ['accuracy']);
  assert.deepEqual(spec?.fit, { epochs: 1000, batchSize: 200, validationSplit: 0.2, shuffle: true });
  assert.deepEqual(spec?.data, { kind: 'file', path: 'data/X.npy', labelsPath: 'data/y.npy', labelColumn: -1, header: 'auto', normalize: 'none' });
  // Each field names the Keras code it came from.
  assert.ok(text.includes('"optimizer": { "type": "adam", "learningRate": 0.01 },  // optimizer=Adam(lr=0.01)'));
  assert.ok(text.includes("// Dense(16, input_dim=X.shape[1], activation='relu')"));
  assert.ok(text.includes('"validationSplit": 0.2,  // validation_split=0.2'));
});

test('model.add script with Dropout, l2 and an EarlyStopping callback maps to a spec with callbacks', async () => {
  const text = kerasScriptToSpecText(await analyze(script('tf-keras-add.py')), { dataPath: 'churn.csv' });
  const { spec, problems } = parseSpec(text, 'churn.fitwatch.json');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    spec?.model.layers.map((l) => l.type),
    ['dense', 'dropout', 'dense', 'dense'],
  );
  assert.deepEqual(spec?.model.layers[0].type === 'dense' && spec.model.layers[0].kernelRegularizer, { l1: 0, l2: 1e-4 });
  assert.equal(spec?.compile.optimizer.learningRate, 0.001);
  assert.equal(spec?.callbacks.earlyStopping?.patience, 5);
  assert.equal(spec?.data.kind === 'file' && spec.data.labelColumn, -1);
});

test("keras 3 style: 'adam' string, Input layer dropped, val_accuracy monitor normalised", async () => {
  const src = script('import-keras.py').replace(
    'validation_split=0.2)',
    "validation_split=0.2, callbacks=[keras.callbacks.ReduceLROnPlateau(monitor='val_accuracy', factor=0.5, patience=4), keras.callbacks.CSVLogger('log.csv')])",
  );
  const text = kerasScriptToSpecText(await analyze(src), { dataPath: 'X.npy', labelsPath: 'y.npy' });
  const { spec, problems } = parseSpec(text, 'k.fitwatch.json');
  assert.deepEqual(problems, []);
  assert.equal(spec?.model.layers.length, 3);
  assert.equal(spec?.compile.optimizer.type, 'adam');
  assert.equal(spec?.callbacks.reduceLROnPlateau?.monitor, 'val_acc');
  assert.ok(text.includes('callbacks not mapped (Fitwatch logs and saves runs itself): CSVLogger'));
});

test('unsupported layers and losses are clear errors naming the layer and line', async () => {
  const conv =
    'from keras.layers import Conv1D, Dense\nfrom keras import Sequential\nmodel = Sequential([\n    Conv1D(8, 3),\n    Dense(1)])\nmodel.compile(loss="mse")\nmodel.fit(X, y)\n';
  const convAnalysis = await analyze(conv);
  assert.throws(
    () => kerasScriptToSpecText(convAnalysis, { dataPath: 'd.csv' }),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'keras/unsupported-layer' && e.problem.location?.line === 4 && /Conv1D/.test(e.message),
  );
  const hinge = await analyze(
    'from keras import Sequential\nfrom keras.layers import Dense\nmodel = Sequential([Dense(1)])\nmodel.compile(loss="hinge")\nmodel.fit(X, y)\n',
  );
  assert.throws(() => kerasScriptToSpecText(hinge, { dataPath: 'd.csv' }), /The loss "hinge" is not one Fitwatch trains/);
});

test('a Keras 3 model.to_json() file becomes a spec that parses, with the loss chosen from the output layer', () => {
  const json = readFileSync(join(__dirname, '../../fixtures/keras/seed-model.json'), 'utf8');
  const text = kerasModelJsonToSpecText(json, 'model.json', { dataPath: 'X.npy', labelsPath: 'y.npy' });
  const { spec, problems } = parseSpec(text, 'model.fitwatch.json');
  assert.deepEqual(problems, []);
  assert.deepEqual(spec?.model.layers, [
    { type: 'dense', units: 16, activation: 'relu', useBias: true, kernelRegularizer: { l1: 0, l2: 0.001 } },
    { type: 'dropout', rate: 0.2 },
    { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
  ]);
  assert.equal(spec?.compile.loss, 'binaryCrossentropy');
  assert.throws(
    () => kerasModelJsonToSpecText(json.replace('"Dropout"', '"LSTM"'), 'model.json', { dataPath: 'X.npy' }),
    (e: unknown) =>
      e instanceof FitwatchError && e.problem.code === 'keras/unsupported-layer' && /LSTM layer 'dropout'/.test(e.message) && e.problem.location?.line === 1,
  );
  assert.throws(() => kerasModelJsonToSpecText('{"class_name": "Functional"}', 'f.json', { dataPath: 'X.npy' }), /this file holds Functional/);
  assert.throws(() => kerasModelJsonToSpecText('{', 'bad.json', { dataPath: 'X.npy' }), /not valid JSON/);
});

test('findings are placed on the Python that holds their setting', async () => {
  const src = script('seed.py');
  const a = await analyze(src);
  const finding = (specPath: Finding['specPath']): Finding => ({
    code: 'plateau',
    severity: 'warning',
    epochs: { start: 0, end: 1 },
    evidence: {},
    rule: '',
    message: '',
    specPath,
    fixes: [],
  });
  const targets = kerasDiagnosticsTargets(a, [
    finding(['model', 'layers', 1, 'units']),
    finding(['compile', 'optimizer', 'learningRate']),
    finding(['fit', 'epochs']),
    finding(undefined),
  ]);
  const text = (t: (typeof targets)[number]): string => src.slice(t.span.offset, t.span.offset + t.span.length);
  assert.deepEqual(
    targets.map((t) => t.on),
    ['layer', 'learningRate', 'fit', 'fit'],
  );
  assert.equal(text(targets[0]), '16');
  assert.equal(targets[0].span.start.line, 7);
  assert.equal(text(targets[1]), 'lr=0.01');
  assert.ok(text(targets[2]).startsWith('model.fit('));
});
