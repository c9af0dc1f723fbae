import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coachContextFromScript, diagnoseKerasRun, KERAS_DEFAULT_LEARNING_RATE, neutralCoachContext } from '../../../src/keras/coach';
import { parseKerasLog } from '../../../src/keras/logs';
import { FitwatchError } from '../../../src/shared/location';
import { stallHistory } from '../../fixtures/histories/synthetic';
import { analyze, script } from '../keras/python-helpers';

test('the seed script becomes the coach spec: its layers, Adam lr 0.01, binary cross-entropy, 1000 epochs', async () => {
  const ctx = coachContextFromScript(await analyze(script('seed.py'), '/w/seed.py'));
  assert.equal(ctx.fromScript, true);
  assert.deepEqual(ctx.notes, []);
  assert.deepEqual(
    ctx.spec.model.layers.map((l) => (l.type === 'dense' ? l.units : 0)),
    [16, 16, 1],
  );
  assert.equal(ctx.spec.compile.optimizer.learningRate, 0.01);
  assert.equal(ctx.spec.compile.loss, 'binaryCrossentropy');
  assert.equal(ctx.spec.fit.epochs, 1000);
  assert.equal(ctx.spec.fit.validationSplit, 0.2);
});

test('with the script: a stalled run gets a plateau with ReduceLROnPlateau preferred, widening offered, and two what-if sentences', async () => {
  const ctx = coachContextFromScript(await analyze(script('seed.py'), '/w/seed.py'));
  const { findings, whatIf } = diagnoseKerasRun(stallHistory(200), ctx, true);
  const plateau = findings.find((f) => f.code === 'plateau');
  assert.ok(plateau, `findings: ${findings.map((f) => f.code).join(', ')}`);
  const preferred = plateau.fixes.find((f) => f.preferred);
  assert.equal(preferred?.kind, 'addReduceLROnPlateau');
  assert.ok(plateau.fixes.some((f) => f.kind === 'widenLayers' && f.title.includes('16, 16 → 32, 32')));
  assert.equal(whatIf.length, 2);
  assert.match(whatIf[0], /^earlyStopping\(patience \d+/);
  assert.match(whatIf[1], /^reduceLROnPlateau\(factor 0\.5/);
});

test('a script whose EarlyStopping is already there gets no EarlyStopping what-if', async () => {
  const ctx = coachContextFromScript(await analyze(script('tf-keras-add.py'), '/w/train.py'));
  assert.ok(ctx.spec.callbacks.earlyStopping);
  const { whatIf } = diagnoseKerasRun(stallHistory(200), ctx, true);
  assert.equal(whatIf.length, 1);
  assert.match(whatIf[0], /^reduceLROnPlateau/);
});

test('a Conv2D layer is named with its line when the script is made the coach spec', async () => {
  const source = [
    'from keras import Sequential',
    'from keras.layers import Dense, Conv2D',
    'model = Sequential([',
    '    Conv2D(8, 3),',
    "    Dense(1, activation='sigmoid')",
    '])',
    "model.compile(loss='binary_crossentropy', optimizer='adam')",
    'model.fit(X, y, epochs=5)',
    '',
  ].join('\n');
  const analysis = await analyze(source, '/w/cnn.py');
  assert.throws(
    () => coachContextFromScript(analysis),
    (e: unknown) =>
      e instanceof FitwatchError && e.problem.code === 'keras/unsupported-layer' && e.problem.location?.line === 4 && /Conv2D/.test(e.problem.message),
  );
});

test('without a script: curve findings stay, fixes that need the model are dropped, and the notes say so', () => {
  const history = stallHistory(200);
  const ctx = neutralCoachContext(history, 1000, 'No script is linked to this log.');
  assert.equal(ctx.fromScript, false);
  assert.equal(ctx.spec.compile.optimizer.learningRate, KERAS_DEFAULT_LEARNING_RATE);
  assert.equal(ctx.spec.fit.epochs, 1000);
  assert.equal(ctx.spec.fit.validationSplit, 0.2);
  assert.equal(ctx.notes.length, 2);
  assert.match(ctx.notes[0], /^No script is linked to this log\. .*Link Keras Log to Script/);
  assert.match(ctx.notes[1], /no learning_rate column/);
  const { findings, whatIf } = diagnoseKerasRun(history, ctx, true);
  const plateau = findings.find((f) => f.code === 'plateau');
  assert.ok(plateau);
  assert.equal(plateau.specPath, undefined);
  assert.deepEqual(plateau.fixes.map((f) => f.kind).sort(), ['addReduceLROnPlateau']);
  assert.equal(whatIf.length, 2);
});

test('without a script, the learning rate comes from the log when it has the column', () => {
  const history = stallHistory(200).map((r) => ({ ...r, logs: { ...r.logs, learning_rate: 0.005 } }));
  const ctx = neutralCoachContext(history, undefined, 'No script.');
  assert.equal(ctx.spec.compile.optimizer.learningRate, 0.005);
  assert.equal(ctx.spec.fit.epochs, 200);
  assert.equal(ctx.notes.length, 1);
});

test("the seed question's own two epochs diagnose without errors and without findings; an empty history has nothing to say", () => {
  const log = parseKerasLog(readFileSync(join(__dirname, '../../fixtures/keras/seed-verbose2.txt'), 'utf8'), 'seed-verbose2.txt');
  const ctx = neutralCoachContext(log.history, log.totalEpochs, 'No script.');
  const d = diagnoseKerasRun(log.history, ctx, true);
  assert.deepEqual(d.findings, []);
  assert.equal(d.whatIf.length, 2);
  assert.deepEqual(diagnoseKerasRun([], ctx, true), { findings: [], whatIf: [] });
});
