import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLogFormat, parseKerasLog } from '../../../src/keras/logs';
import { FitwatchError } from '../../../src/shared/location';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/keras', name), 'utf8');

test("the seed question's exact verbose=2 lines parse, epochs 0-based, acc kept", () => {
  const log = parseKerasLog(fixture('seed-verbose2.txt'), 'seed.txt');
  assert.equal(log.format, 'text');
  assert.equal(log.totalEpochs, 1000);
  assert.deepEqual(log.history, [
    { epoch: 81, logs: { loss: 0.2036, acc: 0.9144, val_loss: 0.24, val_acc: 0.8885 }, durationMs: 0 },
    { epoch: 82, logs: { loss: 0.2036, acc: 0.9146, val_loss: 0.2375, val_acc: 0.8901 }, durationMs: 0 },
  ]);
  assert.equal(log.hasDurations, true);
});

test('the seed question as pasted, with its prose and the epoch gap, keeps the four printed epochs', () => {
  const text = fixture('seed-question.txt');
  const log = parseKerasLog(text, 'seed-question.txt');
  assert.deepEqual(
    log.history.map((r) => r.epoch),
    [81, 82, 454, 455],
  );
  assert.equal(log.history[3].logs.val_acc, 0.9443);
});

test('the one-line form "Epoch 83/1000 - 0s - loss: …" (as Fitwatch itself prints it) parses', () => {
  const log = parseKerasLog('Epoch 83/1000 - 0s - loss: 0.2036 - acc: 0.9146 - val_loss: 0.2375 - val_acc: 0.8901\n', 'x.log');
  assert.deepEqual(log.history, [{ epoch: 82, logs: { loss: 0.2036, acc: 0.9146, val_loss: 0.2375, val_acc: 0.8901 }, durationMs: 0 }]);
});

test('Keras 3 verbose=2: accuracy becomes acc, learning_rate kept, duration is ms/step × steps', () => {
  const log = parseKerasLog(fixture('keras3-verbose2.txt'), 'run.txt');
  assert.equal(log.history.length, 2);
  assert.deepEqual(log.history[0], {
    epoch: 81,
    logs: { acc: 0.9144, loss: 0.2036, val_acc: 0.8885, val_loss: 0.24, learning_rate: 0.01 },
    durationMs: 1250,
  });
  assert.equal(log.history[1].logs.learning_rate, 0.005);
});

test('Keras 3 verbose=1 progress bars: the final redraw of each epoch wins, a later evaluate() line is ignored', () => {
  const log = parseKerasLog(fixture('keras3-progress.log'), 'run.log');
  assert.equal(log.totalEpochs, 2);
  assert.deepEqual(log.history, [
    { epoch: 0, logs: { acc: 0.7501, loss: 0.4999, val_acc: 0.76, val_loss: 0.49 }, durationMs: 1250 },
    { epoch: 1, logs: { acc: 0.81, loss: 0.44, val_acc: 0.8, val_loss: 0.46 }, durationMs: 1200 },
  ]);
});

test('Keras 2 verbose=1 with \\b erasing and [=====] bars; callback messages are not epochs', () => {
  const log = parseKerasLog(fixture('keras2-progress.log'), 'run.log');
  assert.deepEqual(log.history, [
    { epoch: 0, logs: { loss: 0.3, acc: 0.87, val_loss: 0.31, val_acc: 0.86 }, durationMs: 1000 },
    { epoch: 1, logs: { loss: 0.24, acc: 0.91, val_loss: 0.26, val_acc: 0.9 }, durationMs: 1200 },
  ]);
});

test('text with two fit runs keeps the last and says so', () => {
  const text = 'Epoch 1/2\n - 0s - loss: 0.9\nEpoch 2/2\n - 0s - loss: 0.8\nEpoch 1/3\n - 1s - loss: 0.7\n';
  const log = parseKerasLog(text, 'two.txt');
  assert.deepEqual(log.history, [{ epoch: 0, logs: { loss: 0.7 }, durationMs: 1000 }]);
  assert.equal(log.totalEpochs, 3);
  assert.match(log.notes[0], /2 runs/);
});

test('an epoch interrupted before its metrics is left out; nan and inf values are kept as numbers', () => {
  const log = parseKerasLog('Epoch 1/3\n - 0s - loss: nan - acc: 0.5\nEpoch 2/3\n', 'x.txt');
  assert.equal(log.history.length, 1);
  assert.ok(Number.isNaN(log.history[0].logs.loss));
});

test('CSVLogger (Keras 3): keys normalised, NA left out, no durations', () => {
  const log = parseKerasLog(fixture('csvlogger.csv'), 'log.csv');
  assert.equal(log.format, 'csv');
  assert.equal(log.hasDurations, false);
  assert.deepEqual(log.history[0], { epoch: 0, logs: { acc: 0.7501, learning_rate: 0.01, loss: 0.4999, val_acc: 0.76, val_loss: 0.49 }, durationMs: 0 });
  assert.deepEqual(log.history[2].logs, { acc: 0.83, learning_rate: 0.005, loss: 0.41, val_loss: 0.45 });
});

test('CSVLogger (Keras 2): separator ";", CRLF, lr becomes learning_rate, any key order', () => {
  const log = parseKerasLog(fixture('csvlogger-keras2.csv'), 'log.csv');
  assert.deepEqual(log.history[1], { epoch: 1, logs: { acc: 0.61, loss: 0.63, learning_rate: 0.01, val_acc: 0.6, val_loss: 0.64 }, durationMs: 0 });
  const reordered = parseKerasLog('loss,epoch,val_loss\n0.5,0,0.6\n', 'r.csv');
  assert.deepEqual(reordered.history, [{ epoch: 0, logs: { loss: 0.5, val_loss: 0.6 }, durationMs: 0 }]);
});

test('CSVLogger of a real Keras 3 run with a list-valued metric (F1Score(average=None)): quoted list cells left out, numbers kept', () => {
  // Written by keras.callbacks.CSVLogger (Keras 3.15.1) for metrics=['accuracy', F1Score(average=None)].
  const log = parseKerasLog(fixture('csvlogger-list-metric.csv'), 'log.csv');
  assert.equal(log.format, 'csv');
  assert.equal(log.history.length, 2);
  assert.deepEqual(Object.keys(log.history[0].logs).sort(), ['acc', 'loss', 'val_acc', 'val_loss']);
  assert.equal(log.history[1].epoch, 1);
  assert.equal(log.history[1].logs.val_loss, 1.833221435546875);
  const semicolons = parseKerasLog('epoch;f1;loss\n0;"[0.5; 0.25]";0.7\n', 'log.csv');
  assert.deepEqual(semicolons.history, [{ epoch: 0, logs: { loss: 0.7 }, durationMs: 0 }]);
});

test('a broken CSVLogger row names its line and column', () => {
  assert.throws(
    () => parseKerasLog('epoch,loss\n0,0.5\n1,abc\n', 'log.csv'),
    (e: unknown) => e instanceof FitwatchError && e.problem.location?.line === 3 && e.problem.location.column === 3 && /'loss' holds 'abc'/.test(e.message),
  );
  assert.throws(
    () => parseKerasLog('epoch,loss\n0,0.5,9\n', 'log.csv'),
    (e: unknown) => e instanceof FitwatchError && e.problem.location?.line === 2 && /3 values/.test(e.message),
  );
});

test('history.history JSON dump with accuracy and lr', () => {
  const log = parseKerasLog(fixture('history.json'), 'history.json');
  assert.equal(log.format, 'history-json');
  assert.deepEqual(log.history[2], { epoch: 2, logs: { loss: 0.41, acc: 0.8, val_loss: 0.5, val_acc: 0.75, learning_rate: 0.005 }, durationMs: 0 });
});

test('history printed by Python (single quotes, nan, np.float64) and json.dump NaN', () => {
  const log = parseKerasLog(fixture('history-python-repr.txt'), 'history.txt');
  assert.equal(log.history[0].logs.loss, 0.69);
  assert.ok(Number.isNaN(log.history[0].logs.val_loss));
  assert.equal(log.history[1].logs.learning_rate, 0.005);
  const dumped = parseKerasLog('{"loss": [NaN, Infinity]}', 'h.json');
  assert.equal(dumped.history[1].logs.loss, Infinity);
  const wrapped = parseKerasLog('{"epoch": [5, 6], "history": {"loss": [1, 2]}}', 'h.json');
  assert.deepEqual(
    wrapped.history.map((r) => r.epoch),
    [5, 6],
  );
});

test('history dumps with ragged or non-numeric lists name the key', () => {
  assert.throws(() => parseKerasLog('{"loss": [1, 2], "val_loss": [1]}', 'h.json'), /'loss' has 2 values but 'val_loss' has 1/);
  assert.throws(() => parseKerasLog('{"loss": [1, "x"]}', 'h.json'), /'loss'\[1\] is "x"/);
  assert.throws(
    () => parseKerasLog('{"loss": [1, 2\n', 'h.json'),
    (e: unknown) => e instanceof FitwatchError && e.problem.location?.line === 2 && /Expected ',' or ']'/.test(e.message),
  );
});

test('detectLogFormat: by content first, by extension as a fallback, a clear error otherwise', () => {
  assert.equal(detectLogFormat('epoch,loss\n', 'run.txt'), 'csv');
  assert.equal(detectLogFormat('Using TensorFlow backend.\nEpoch 1/5\n', 'out'), 'text');
  assert.equal(detectLogFormat('  {"loss": []}', 'x'), 'history-json');
  assert.throws(
    () => detectLogFormat('hello\nworld\n', 'notes.txt'),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'keras/unknown-log' && e.problem.location?.file === 'notes.txt',
  );
  assert.throws(() => parseKerasLog('Epoch 1/3\nnothing yet\n', 'out.log'), /No finished epoch/);
});
