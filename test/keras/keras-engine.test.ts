/**
 * The Keras engine with real Keras 3 / TensorFlow: the built trainer writes the spec as a Keras
 * script plus the prepared arrays and runs it in the test venv. The same spec on the fast engine
 * and on Keras starts from the same weights on the same rows, so the curves agree up to the batch
 * order (Keras shuffles with its own generator) and float rounding; Stop and Reduce LR reach the
 * script; a Python without Keras is a clear error.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DoneMessage, EpochMessage, ErrorMessage, ReadyMessage, TrainerToHost } from '../../src/shared/protocol/trainer';
import type { RunInfo } from '../../src/shared/run';
import { KERAS_ENGINE_FILES } from '../../src/keras/spec-to-script';
import { makeWorkspace, runTrainer, specText, startFor, writeSpec } from '../integration/trainer/workspace';
import { PYTHON_ENV, requirePython } from './python-env';

const EPOCHS = 12;
const CLI_JS = join(__dirname, '..', '..', 'dist', 'cli.js');

// The trainer passes its environment on to the script: quiet TensorFlow, CPU only, as the other Keras tests.
Object.assign(process.env, PYTHON_ENV);

function ofType<T extends TrainerToHost['type']>(messages: TrainerToHost[], type: T): Extract<TrainerToHost, { type: T }>[] {
  return messages.filter((m): m is Extract<TrainerToHost, { type: T }> => m.type === type);
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

let root: string;
let python: string;

before(() => {
  python = requirePython();
  root = makeWorkspace({ rows: 3000 });
});

describe('the Keras engine against the fast engine on the same spec', () => {
  it('gives comparable curves from the same initial weights and rows, and keeps the script and arrays in the run folder', async (t) => {
    const { spec, file } = writeSpec(root, 'same.fitwatch.json', specText({ epochs: EPOCHS, seed: 5 }));
    const fast = await runTrainer(startFor(root, spec, file, 'same-fast', { engine: 'fast' }));
    const keras = await runTrainer(startFor(root, spec, file, 'same-keras', { engine: 'keras', python }));
    assert.equal(keras.exit.code, 0, keras.stderr);
    const ready = ofType(keras.messages, 'ready')[0] as ReadyMessage;
    assert.equal(ready.engine, 'keras');
    assert.equal(ready.backend, 'tensorflow');
    const f = ofType(fast.messages, 'epoch').map((m: EpochMessage) => m.record.logs);
    const k = ofType(keras.messages, 'epoch').map((m: EpochMessage) => m.record.logs);
    assert.equal(k.length, EPOCHS);
    assert.deepEqual(Object.keys(k[0]).sort(), Object.keys(f[0]).sort(), 'the same log keys (acc, not accuracy)');
    // The first epoch averages the loss over the same rows from the same weights: only the batch
    // order (and float rounding) differs. Measured: 2.9 % here, 1.0 % on the seed sample; both
    // runs are seeded, so the figure is stable, and 8 % still fails a wrong init, loss or split.
    t.diagnostic(`first loss keras ${k[0].loss} fast ${f[0].loss}; final val_loss keras ${k[EPOCHS - 1].val_loss} fast ${f[EPOCHS - 1].val_loss}`);
    assert.ok(rel(k[0].loss, f[0].loss) < 0.08, `first-epoch loss: keras ${k[0].loss}, fast ${f[0].loss}`);
    // After 12 epochs both sit on the same plateau (val_loss ~0.04 on this near-separable data,
    // down from ~0.2); the different batch orders leave them 7 % apart (measured). 30 % is far
    // below what a different learning rate, optimizer setting or validation split would give.
    const kv = k[EPOCHS - 1].val_loss;
    const fv = f[EPOCHS - 1].val_loss;
    assert.ok(rel(kv, fv) < 0.3, `final val_loss: keras ${kv}, fast ${fv}`);
    assert.ok(kv < k[0].val_loss / 2, `Keras learned: val_loss ${k[0].val_loss} → ${kv}`);
    const done = ofType(keras.messages, 'done')[0] as DoneMessage;
    assert.equal(done.reason, 'completed');
    const dir = join(root, '.fitwatch', 'runs', 'same-keras');
    const info = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunInfo;
    assert.equal(info.engine, 'keras');
    assert.equal(info.status, 'completed');
    assert.equal(info.epochs, EPOCHS);
    assert.equal(info.bestValue, Math.min(...k.map((l) => l.val_loss)));
    assert.match(readFileSync(join(dir, 'metrics.csv'), 'utf8'), /^epoch,acc,learning_rate,loss,val_acc,val_loss\n/);
    for (const name of [KERAS_ENGINE_FILES.script, KERAS_ENGINE_FILES.finalModel, join(KERAS_ENGINE_FILES.dataDir, KERAS_ENGINE_FILES.initialWeights)])
      assert.ok(existsSync(join(dir, name)), `${name} in the run folder`);
    // Keras' trained weights also land in Fitwatch's model-final/, so `fitwatch predict` scores the run.
    const predict = spawnSync(process.execPath, [CLI_JS, 'predict', dir, join(root, 'data.csv')], { encoding: 'utf8' });
    assert.equal(predict.status, 0, predict.stderr);
    const accuracy = Number(/accuracy[^0-9]*([0-9.]+)/.exec(predict.stderr + predict.stdout)?.[1]);
    t.diagnostic(`predict on every row: accuracy ${accuracy}; last val_acc ${k[EPOCHS - 1].val_acc}`);
    assert.ok(accuracy > 0.9, `predict accuracy ${accuracy} from the Keras run's model`);
  });
});

describe('controls and errors', () => {
  it('Reduce LR and Stop reach the script', async () => {
    const { spec, file } = writeSpec(root, 'controls.fitwatch.json', specText({ epochs: 200, seed: 2 }));
    let asked = false;
    const run = await runTrainer(startFor(root, spec, file, 'controls', { engine: 'keras', python }), (msg, t) => {
      if (msg.type !== 'epoch') return;
      if (msg.record.epoch === 1) t.setLearningRate(0.001);
      if (msg.record.epoch === 3 && !asked) {
        asked = true;
        void t.stop(30_000);
      }
    });
    const epochs = ofType(run.messages, 'epoch').map((m) => m.record);
    assert.ok(
      ofType(run.messages, 'event').some((m) => m.event.kind === 'lrSet'),
      'an lrSet event',
    );
    // Keras keeps the rate as a float32 variable.
    assert.ok(rel(epochs[epochs.length - 1].logs.learning_rate, 0.001) < 1e-6, `rate ${epochs[epochs.length - 1].logs.learning_rate}`);
    const done = ofType(run.messages, 'done')[0] as DoneMessage | undefined;
    assert.equal(done?.reason, 'stopped');
    assert.ok(epochs.length < 20, `stopped early, after ${epochs.length} epochs`);
  });

  it('a Python without Keras is an error that says what to install', async () => {
    // The venv's interpreter without its site-packages: a Python that runs and has no Keras.
    const bare = join(root, 'python-without-keras');
    writeFileSync(bare, `#!/bin/sh\nexec ${JSON.stringify(python)} -S "$@"\n`);
    chmodSync(bare, 0o755);
    const { spec, file } = writeSpec(root, 'nokeras.fitwatch.json', specText({ epochs: 2 }));
    const run = await runTrainer(startFor(root, spec, file, 'nokeras', { engine: 'keras', python: bare }));
    const error = ofType(run.messages, 'error')[0] as ErrorMessage | undefined;
    assert.equal(error?.problem.code, 'keras-run/no-keras');
    assert.match(error?.problem.fix ?? '', /pip install keras/);
    assert.equal(existsSync(join(root, '.fitwatch', 'runs', 'nokeras')), false, 'the unused run folder is removed');
  });
});
