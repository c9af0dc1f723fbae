import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireFit } from '../../../src/keras/python';
import { FitwatchError } from '../../../src/shared/location';
import { analyze, script } from './python-helpers';

test('the seed script (valid): three Dense layers, compile with Adam(lr=0.01), fit arguments', async () => {
  const a = await analyze(script('seed.py'), 'seed.py');
  assert.deepEqual(a.problems, []);
  assert.equal(a.model?.variable, 'model');
  assert.equal(a.model?.construction, 'list');
  assert.deepEqual(
    a.model?.layers.map((l) => [l.kind, l.units?.value, l.activation]),
    [
      ['dense', 16, 'relu'],
      ['dense', 16, 'relu'],
      ['dense', 1, 'sigmoid'],
    ],
  );
  assert.equal(a.compile?.loss?.value, 'binary_crossentropy');
  assert.deepEqual(a.compile?.metrics, ['accuracy']);
  const opt = a.compile?.optimizer;
  assert.ok(opt?.form === 'call');
  assert.equal(opt.className, 'Adam');
  assert.equal(opt.learningRate?.keyword, 'lr');
  assert.equal(opt.learningRate?.value, 0.01);
  const { epochs, batchSize, validationSplit, shuffle, verbose, callbacks } = requireFit(a);
  assert.deepEqual(
    { epochs, batchSize, validationSplit, shuffle, verbose, callbacks },
    { epochs: 1000, batchSize: 200, validationSplit: 0.2, shuffle: true, verbose: 2, callbacks: undefined },
  );
  assert.equal(a.imports.package, 'keras');
});

test('ranges point at the text they name (fit call, units, learning rate), 0-based lines', async () => {
  const src = script('seed.py');
  const a = await analyze(src);
  const text = (s: { offset: number; length: number }): string => src.slice(s.offset, s.offset + s.length);
  const fit = requireFit(a);
  assert.ok(text(fit.call.span).startsWith('model.fit(X, y, shuffle=True'));
  assert.equal(fit.call.span.start.line, 15);
  assert.equal(fit.call.span.start.column, 0);
  assert.equal(text(a.model!.layers[1].units!.valueSpan), '16');
  assert.equal(a.model!.layers[1].units!.valueSpan.start.line, 7);
  const opt = a.compile!.optimizer!;
  assert.ok(opt.form === 'call');
  assert.equal(text(opt.learningRate!.span), 'lr=0.01');
  assert.equal(text(opt.learningRate!.valueSpan), '0.01');
});

test('offsets are UTF-16 code units, as in JS strings and VS Code, even after non-ASCII text', async () => {
  const src = '# Modèle 😀 für Daten\nmodel.fit(X, y, epochs=5)  # ünïcode\n';
  const a = await analyze(src);
  const fit = requireFit(a);
  assert.equal(fit.call.span.offset, src.indexOf('model.fit'));
  assert.equal(src.slice(fit.call.span.offset, fit.call.span.offset + fit.call.span.length), 'model.fit(X, y, epochs=5)');
});

test('the seed script as printed (missing "])") gives a clear, located syntax error and no trusted fit', async () => {
  const a = await analyze(script('seed-as-printed.py'), 'seed.py');
  assert.equal(a.fit, undefined);
  const syntax = a.problems.find((p) => p.code === 'keras/python-syntax');
  assert.ok(syntax);
  assert.deepEqual([syntax.location?.line, syntax.location?.column], [6, 19]);
  assert.match(syntax.message, /never closed/);
  assert.match(syntax.fix ?? '', /'\]\)'/);
  assert.throws(
    () => requireFit(a),
    (e: unknown) =>
      e instanceof FitwatchError && e.problem.code === 'keras/fit-not-found' && e.problem.location?.line === 6 && /No readable model\.fit/.test(e.message),
  );
});

test('model.add style with tensorflow.keras imports, Dropout, tf.nn.relu, l2 regularizer, optimizer via a variable', async () => {
  const a = await analyze(script('tf-keras-add.py'));
  assert.equal(a.model?.construction, 'add');
  assert.deepEqual(
    a.model?.layers.map((l) => [l.kind, l.units?.value ?? l.rate, l.activation]),
    [
      ['dense', 64, 'relu'],
      ['dropout', 0.2, undefined],
      ['dense', 32, 'relu'],
      ['dense', 1, 'sigmoid'],
    ],
  );
  assert.equal(a.model?.layers[0].units?.keyword, 'units');
  assert.deepEqual(a.model?.layers[0].kernelRegularizer, { l1: 0, l2: 1e-4 });
  const opt = a.compile?.optimizer;
  assert.ok(opt?.form === 'call');
  assert.equal(opt.viaVariable, 'opt');
  assert.equal(opt.learningRate?.keyword, 'learning_rate');
  assert.equal(opt.learningRate?.value, 0.001);
  assert.equal(a.imports.package, 'tensorflow.keras');
  const fit = requireFit(a);
  assert.deepEqual(
    fit.callbacks?.items.map((i) => i.className),
    ['EarlyStopping'],
  );
  assert.equal(fit.epochs, 200);
});

test('import keras style: keras.Sequential, keras.layers.Input is an input layer, optimizer given as a string', async () => {
  const a = await analyze(script('import-keras.py'));
  assert.deepEqual(
    a.model?.layers.map((l) => l.kind),
    ['input', 'dense', 'dense', 'dense'],
  );
  assert.deepEqual(a.compile?.optimizer && a.compile.optimizer.form === 'string' ? a.compile.optimizer.name : undefined, 'adam');
  assert.deepEqual(a.imports.bindings, [{ local: 'keras', target: 'keras' }]);
});

test('unsupported layers are named with their location; callbacks held in variables are resolved by class', async () => {
  const src = [
    'from tensorflow import keras',
    'from tensorflow.keras.layers import Conv1D, Dense, Flatten',
    'es = keras.callbacks.EarlyStopping(patience=3)',
    'cbs = [es]',
    'model = keras.Sequential()',
    'model.add(Conv1D(8, 3))',
    'model.add(Flatten())',
    'model.add(Dense(1))',
    "model.compile(loss='mse')",
    'model.fit(X, y, epochs=3, callbacks=cbs)',
    '',
  ].join('\n');
  const a = await analyze(src, 'conv.py');
  const unsupported = a.problems.filter((p) => p.code === 'keras/unsupported-layer');
  assert.deepEqual(
    unsupported.map((p) => [p.location?.line, /Conv1D|Flatten/.exec(p.message)?.[0]]),
    [
      [6, 'Conv1D'],
      [7, 'Flatten'],
    ],
  );
  const cbs = requireFit(a).callbacks;
  assert.equal(cbs?.list?.viaVariable, 'cbs');
  assert.deepEqual(
    cbs?.items.map((i) => i.className),
    ['EarlyStopping'],
  );
});

test('comments inside calls and lists do not become arguments or layers', async () => {
  const src = [
    'from keras.models import Sequential',
    'from keras.layers import Dense',
    'model = Sequential([',
    '    # input block',
    '    Dense(8, activation="relu"),  # hidden',
    '    # Dense(4),',
    '    Dense(1),',
    '])',
    'model.fit(X,  # features',
    '          y,  # labels',
    '          epochs=3)',
    '',
  ].join('\n');
  const a = await analyze(src);
  assert.equal(a.model?.layers.length, 2);
  assert.deepEqual(
    requireFit(a).call.args.map((x) => x.valueText),
    ['X', 'y', '3'],
  );
});

test("without a Sequential model, the Keras-looking fit is chosen over scikit-learn's", async () => {
  const src = 'scaler.fit(X)\nmodel = build()\nmodel.fit(X, y, epochs=10, batch_size=32)\n';
  const a = await analyze(src);
  assert.equal(requireFit(a).epochs, 10);
  const none = await analyze('print(1)\n', 'empty.py');
  assert.throws(() => requireFit(none), /no model\.fit/);
});
