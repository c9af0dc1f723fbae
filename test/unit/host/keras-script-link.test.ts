import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kerasDataChoice, specPathBeside } from '../../../src/keras/data-choice';
import { csvLoggerFileOf, pythonFixes, usesKeras } from '../../../src/keras/script-facts';
import { looksLikeKerasLog, scriptsWritingLog } from '../../../src/keras/script-link';
import { FitwatchError } from '../../../src/shared/location';
import { analyze, fix, script } from '../keras/python-helpers';

const W = join('/', 'w');

test('the script whose CSVLogger writes the log is found, relative to its folder or the workspace, or absolute', () => {
  const scripts = [
    { script: join(W, 'a/train.py'), scriptDir: join(W, 'a'), loggerPath: 'training.csv' },
    { script: join(W, 'b/train.py'), scriptDir: join(W, 'b'), loggerPath: 'logs/run.csv' },
    { script: join(W, 'c/train.py'), scriptDir: join(W, 'c'), loggerPath: join(W, 'abs.csv') },
    { script: join(W, 'd/train.py'), scriptDir: join(W, 'd') },
  ];
  assert.deepEqual(scriptsWritingLog(join(W, 'a/training.csv'), scripts, [W]), [join(W, 'a/train.py')]);
  assert.deepEqual(scriptsWritingLog(join(W, 'logs/run.csv'), scripts, [W]), [join(W, 'b/train.py')]);
  assert.deepEqual(scriptsWritingLog(join(W, 'b/logs/./run.csv'), scripts, [W]), [join(W, 'b/train.py')]);
  assert.deepEqual(scriptsWritingLog(join(W, 'abs.csv'), scripts, [W]), [join(W, 'c/train.py')]);
  assert.deepEqual(scriptsWritingLog(join(W, 'other.csv'), scripts, [W]), []);
});

test('Keras log file names: logs, text, CSV and JSON dumps, but not specs', () => {
  for (const n of ['train.log', 'out.TXT', 'training.csv', 'history.json']) assert.equal(looksLikeKerasLog(n), true, n);
  for (const n of ['seed.fitwatch.json', 'train.py', 'X.npy']) assert.equal(looksLikeKerasLog(n), false, n);
});

test('the spec goes beside the source: train.py → train.fitwatch.json, model.json → model.fitwatch.json', () => {
  assert.equal(specPathBeside(join(W, 'k/train.py')), join(W, 'k/train.fitwatch.json'));
  assert.equal(specPathBeside(join(W, 'model.json')), join(W, 'model.fitwatch.json'));
  assert.equal(specPathBeside(join(W, 'noext')), join(W, 'noext.fitwatch.json'));
});

test('the picked dataset as the spec’s relative paths; an X .npy needs its labels', () => {
  const dir = join(W, 'k');
  assert.deepEqual(kerasDataChoice(dir, 'train.fitwatch.json', join(dir, 'data/train.csv')), { dataPath: 'data/train.csv' });
  assert.deepEqual(kerasDataChoice(dir, 'train.fitwatch.json', join(dir, 'X.npy'), join(dir, 'y.npy')), { dataPath: 'X.npy', labelsPath: 'y.npy' });
  assert.throws(
    () => kerasDataChoice(dir, 'train.fitwatch.json', join(dir, 'X.npy')),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'keras/labels-missing' && /y \.npy/.test(e.problem.fix ?? ''),
  );
});

test('a dataset outside the script’s folder, or of another kind, is an error that says what to do', () => {
  const dir = join(W, 'k');
  assert.throws(
    () => kerasDataChoice(dir, 'train.fitwatch.json', join(W, 'data/train.csv')),
    (e: unknown) =>
      e instanceof FitwatchError &&
      e.problem.code === 'keras/data-outside' &&
      e.problem.message.includes(join(W, 'data/train.csv')) &&
      /Move or link the file into/.test(e.problem.fix ?? ''),
  );
  assert.throws(
    () => kerasDataChoice(dir, 'train.fitwatch.json', join(dir, 'X.npy'), join(W, 'y.npy')),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'keras/data-outside' && /labels file/.test(e.problem.message),
  );
  assert.throws(
    () => kerasDataChoice(dir, 'train.fitwatch.json', join(dir, 'data.parquet')),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'keras/data-kind',
  );
});

test('script facts: Keras or not, the CSVLogger file resolved beside the script', async () => {
  assert.equal(usesKeras(await analyze(script('seed.py'), join(W, 'seed.py'))), true);
  assert.equal(
    usesKeras(await analyze('from sklearn.linear_model import LogisticRegression\nm = LogisticRegression()\nm.fit(X, y)\n', join(W, 'sk.py'))),
    false,
  );
  const withLogger = "from keras.callbacks import CSVLogger\nmodel.fit(X, y, epochs=3, callbacks=[CSVLogger('logs/training.csv')])\n";
  assert.equal(csvLoggerFileOf(await analyze(withLogger, join(W, 'k/train.py'))), join(W, 'k/logs/training.csv'));
  assert.equal(csvLoggerFileOf(await analyze(script('seed.py'), join(W, 'seed.py'))), undefined);
});

test('only fixes with a Python form are offered, and one of them is preferred', () => {
  const rlr = { ...fix('addReduceLROnPlateau', {}), preferred: false };
  const layer = fix('addLayer', {});
  const widen = { ...fix('widenLayers', { factor: 2 }), preferred: false };
  assert.deepEqual(
    pythonFixes([layer, rlr, widen]).map((f) => [f.kind, f.preferred]),
    [
      ['addReduceLROnPlateau', true],
      ['widenLayers', false],
    ],
  );
  assert.deepEqual(
    pythonFixes([rlr, { ...widen, preferred: true }]).map((f) => [f.kind, f.preferred]),
    [
      ['addReduceLROnPlateau', false],
      ['widenLayers', true],
    ],
  );
  assert.deepEqual(pythonFixes([layer]), []);
});
