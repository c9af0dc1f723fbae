/**
 * Every form of real Keras 3.15.1 output Fitwatch imports, produced by test/keras/py/fit_logs.py
 * in one Python process: verbose 1 through a terminal (progress-bar redraws) and through a pipe,
 * verbose 2, CSVLogger, history.history JSON, a multi-output model, evaluate() after fit, a fit
 * interrupted mid-epoch, fit(epochs=1) and a notebook saved with its output. Each parse must give
 * Keras' own history.history (key names as Fitwatch spells them): the printed logs to their 4
 * printed decimals, the files exactly.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeLogKey } from '../../src/keras/log-keys';
import { parseKerasLog } from '../../src/keras/logs';
import { runPython } from './python-env';

type Truth = Record<string, Record<string, number[]>>;

let dir: string;
let truth: Truth;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fw-fit-logs-'));
  runPython(readFileSync(join(__dirname, 'py', 'fit_logs.py'), 'utf8'), dir, [], 300_000);
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
});

/** Parses `file` and checks it against Keras' history `name`; `printed` logs are rounded to 4 decimals. */
function check(file: string, name: string, printed: boolean): ReturnType<typeof parseKerasLog> {
  const log = parseKerasLog(readFileSync(join(dir, file), 'utf8'), file);
  const expected = truth[name];
  const epochs = expected.loss.length;
  assert.equal(log.history.length, epochs, `${file}: ${log.history.length} epochs, Keras ran ${epochs}`);
  for (const [key, values] of Object.entries(expected)) {
    values.forEach((want, e) => {
      // Fitwatch names Keras' `accuracy` as its own `acc` (one name for every source).
      const got = log.history[e].logs[normalizeLogKey(key)];
      assert.ok(got !== undefined, `${file}: epoch ${e + 1} has no ${normalizeLogKey(key)} (keys: ${Object.keys(log.history[e].logs).join(', ')})`);
      const tolerance = printed ? 5e-5 + 1e-4 * Math.abs(want) : 1e-6 * Math.max(1, Math.abs(want));
      assert.ok(Math.abs(got - want) <= tolerance, `${file}: epoch ${e + 1} ${key} = ${got}, Keras says ${want}`);
    });
  }
  return log;
}

test('verbose=1 through a terminal: the progress bar redraws are one epoch each, with Keras values', () => {
  check('v1_pty.txt', 'v1_pty', true);
});

test('verbose=1 through a pipe and verbose=2 give the same history as Keras', () => {
  check('v1_pipe.txt', 'v1_pipe', true);
  check('v2.txt', 'v2', true);
});

test('CSVLogger and history.history JSON read exactly', () => {
  check('csvlogger.csv', 'v2', false);
  check('history.json', 'v2', false);
});

test('evaluate() after a fit without validation is not taken for another epoch (pipe and terminal)', () => {
  check('evaluate_after.txt', 'evaluate_after', true);
  check('evaluate_after_pty.txt', 'evaluate_after_pty', true);
});

test('an epoch interrupted mid-way (Ctrl+C) is left out, and a note says so', () => {
  const log = check('interrupted.txt', 'interrupted', true);
  assert.ok(
    log.notes.some((n) => /did not finish/.test(n)),
    log.notes.join(' | '),
  );
});

test('fit(epochs=1), which prints no "Epoch 1/1" header in Keras 3, is one epoch (verbose 1 and 2)', () => {
  check('epochs1.txt', 'epochs1', true);
  check('epochs1_v2.txt', 'epochs1_v2', true);
});

test("a two-output model keeps each output's prefixed loss and metrics (printed, CSV and JSON)", () => {
  check('multi.txt', 'multi', true);
  check('multi.csv', 'multi', false);
  check('multi_history.json', 'multi', false);
});

test('a notebook saved with its output reads like the terminal log, and says where it came from', () => {
  const log = check('notebook.ipynb', 'notebook', true);
  assert.ok(
    log.notes.some((n) => /notebook/.test(n)),
    log.notes.join(' | '),
  );
});
