import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextEdits, pythonEditsForFix } from '../../../src/keras/python-fixes';
import { layoutCall } from '../../../src/keras/python-format';
import { removeItems } from '../../../src/keras/python-sequence-edits';
import { kerasScriptChecks } from '../../../src/keras/script-checks';
import { kerasDiagnosticsTargets } from '../../../src/keras/targets';
import type { Finding } from '../../../src/shared/findings';
import { analyze, fix, fixedUnwrapped, REDUCE_LR } from './python-helpers';

const lines = (...l: string[]): string => l.join('\n') + '\n';

const IF_ELSE = lines(
  'import sys',
  'import keras',
  "model = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])",
  "model.compile(optimizer='adam', loss='binary_crossentropy')",
  "if '--smoke' in sys.argv:",
  '    model.fit(X[:8], y[:8], epochs=1)',
  'else:',
  '    model.fit(X, y, epochs=100, validation_split=0.2)',
);

test('fit in if/else: the callback goes into every fit of the model, so it runs whichever branch trains', async () => {
  const out = await fixedUnwrapped(IF_ELSE, fix('addEarlyStopping', { monitor: 'val_loss', patience: 5 }));
  const cb = "callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=5, restore_best_weights=True)]";
  assert.equal(out, IF_ELSE.replace('epochs=1)', `epochs=1, ${cb})`).replace('validation_split=0.2)', `validation_split=0.2, ${cb})`));
  assert.deepEqual(await fixedUnwrapped(out, fix('addEarlyStopping', { monitor: 'val_loss', patience: 5 })), out, 'applied once, offered no more');
});

test('a callbacks list shared by two fits is extended once; a fit of another object (scaler.fit) is left alone', async () => {
  const src = lines(
    'from keras.callbacks import EarlyStopping',
    'scaler.fit(X)',
    'cbs = [EarlyStopping()]',
    "model.compile(optimizer='adam', loss='mse')",
    'model.fit(X, y, epochs=2, callbacks=cbs)',
    'model.fit(X, y, epochs=5, callbacks=cbs)',
  );
  const a = await analyze(src);
  assert.equal(a.fits.length, 2);
  const out = await fixedUnwrapped(src, REDUCE_LR);
  assert.equal((out.match(/ReduceLROnPlateau\(/g) ?? []).length, 1);
  assert.ok(out.includes("cbs = [EarlyStopping(), ReduceLROnPlateau(monitor='val_loss'"));
  assert.ok(out.includes('scaler.fit(X)\n'));
});

test('the functional API: the model is the object compile is called on; re.compile is not compile', async () => {
  const src = lines(
    'import re',
    'import keras',
    "pattern = re.compile('x')",
    'inputs = keras.Input((8,))',
    'model = keras.Model(inputs, keras.layers.Dense(1)(inputs))',
    "model.compile(optimizer='adam', loss='mse')",
    'other.fit(X)',
    'model.fit(X, y)',
  );
  const a = await analyze(src);
  assert.equal(a.compile?.call.callee, 'model.compile');
  assert.deepEqual(
    a.fits.map((f) => f.call.callee),
    ['model.fit'],
  );
});

test('fit-level findings of a live run go on the fit that ran (its 1-based line), else on the first', async () => {
  const a = await analyze(IF_ELSE);
  const finding: Finding = { code: 'plateau', severity: 'warning', epochs: { start: 0, end: 9 }, evidence: {}, rule: 'r', message: 'm', fixes: [] };
  assert.equal(kerasDiagnosticsTargets(a, [finding], 8)[0]?.span.start.line, 7);
  assert.equal(kerasDiagnosticsTargets(a, [finding])[0]?.span.start.line, 5);
});

test('Adam(lr=...) is a finding: Keras 3 rejects lr, the fix writes learning_rate= and keeps the value', async () => {
  const src = lines(
    'import tensorflow as tf',
    'opt = tf.keras.optimizers.SGD(lr=0.05, momentum=0.9)',
    "model.compile(optimizer=opt, loss='mse')",
    'model.fit(X, y)',
  );
  const a = await analyze(src, 'train.py');
  const [check, ...rest] = kerasScriptChecks(src, a);
  assert.equal(rest.length, 0);
  assert.equal(check.code, 'keras/lr-keyword');
  assert.equal(check.span.start.line, 1);
  assert.match(check.message, /SGD\(lr=0\.05\): Keras 3 optimizers reject 'lr'.*learning_rate/);
  assert.equal(applyTextEdits(src, check.fix.edits), src.replace('SGD(lr=0.05', 'SGD(learning_rate=0.05'));
  const again = await analyze(applyTextEdits(src, check.fix.edits));
  assert.deepEqual(kerasScriptChecks(applyTextEdits(src, check.fix.edits), again), []);
});

test('a learning-rate finding on Adam(lr=...) and the lr check write the same keyword', async () => {
  const src = lines('from keras.optimizers import Adam', "model.compile(optimizer=Adam(lr=0.01), loss='mse')", 'model.fit(X, y)');
  const a = await analyze(src);
  assert.equal(applyTextEdits(src, pythonEditsForFix(src, a, fix('setLearningRate', { learningRate: 0.001 }))), src.replace('lr=0.01', 'learning_rate=0.001'));
});

test('fit_generator only: read as the fit (callback fixes apply), and a check says Keras 3 replaced it by fit', async () => {
  const src = lines(
    'from tensorflow.keras.models import Sequential',
    "model.compile(optimizer='adam', loss='mse')",
    'model.fit_generator(gen(), 10, 5,',
    '                    validation_data=val,',
    '                    workers=4, use_multiprocessing=True)',
    'model.evaluate_generator(gen(), 3)',
  );
  const a = await analyze(src);
  assert.equal(a.fit?.method, 'fit_generator');
  assert.equal(a.fit?.epochs, 5);
  const checks = kerasScriptChecks(src, a);
  assert.deepEqual(
    checks.map((c) => c.code),
    ['keras/generator-method', 'keras/generator-method'],
  );
  assert.match(checks[0].message, /fit_generator was removed in Keras 3.*fit takes the generator.*no workers, use_multiprocessing/);
  assert.equal(checks[0].fix.title, 'Call fit instead of fit_generator (Keras 3), without workers, use_multiprocessing');
  assert.equal(
    applyTextEdits(src, checks[0].fix.edits),
    src.replace(
      'model.fit_generator(gen(), 10, 5,\n                    validation_data=val,\n                    workers=4, use_multiprocessing=True)',
      'model.fit(gen(), steps_per_epoch=10, epochs=5,\n          validation_data=val)',
    ),
  );
  assert.equal(applyTextEdits(src, checks[1].fix.edits), src.replace('model.evaluate_generator(gen(), 3)', 'model.evaluate(gen(), steps=3)'));
  assert.ok(applyTextEdits(src, pythonEditsForFix(src, a, REDUCE_LR)).includes('use_multiprocessing=True,\n                    callbacks=[ReduceLROnPlateau('));
});

test('removeItems: a middle item up to the next, a trailing run from the last kept item, all of them', () => {
  const items = [0, 3, 6, 9].map((offset) => ({ span: { offset, length: 1 } })); // "a, b, c, d"
  const text = 'a, b, c, d';
  assert.equal(applyTextEdits(text, removeItems(items, new Set([1]))), 'a, c, d');
  assert.equal(applyTextEdits(text, removeItems(items, new Set([0, 2, 3]))), 'b');
  assert.equal(applyTextEdits(text, removeItems(items, new Set([0, 1, 2, 3]))), '');
});

test('layoutCall: one line when it fits, else arguments packed and aligned after the bracket', () => {
  assert.equal(layoutCall('f', ['a=1', 'b=2'], 0, 79), 'f(a=1, b=2)');
  assert.equal(layoutCall('Callback', ['first=1', 'second=2', 'third=3'], 4, 31), 'Callback(first=1, second=2,\n             third=3)');
  assert.equal(layoutCall('f', ['x'.repeat(100)], 0, 79), `f(${'x'.repeat(100)})`, 'a single argument cannot wrap');
});
