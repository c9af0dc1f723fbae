// Ports keras-team/keras keras/src/callbacks/early_stopping_test.py @ 136da6b4355b (patience, DummyModel restore cases,
// baseline, start_from_epoch, reuse), with fixed logs where Keras trains on random data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EarlyStopping } from '../../../src/shared/callbacks';
import type { EarlyStoppingSpec } from '../../../src/shared/spec';
import { DummyModel, fit } from './dummy-model';

/** Keras 3 defaults. */
function spec(overrides: Partial<EarlyStoppingSpec>): EarlyStoppingSpec {
  return { monitor: 'val_loss', minDelta: 0, patience: 0, mode: 'auto', baseline: null, restoreBestWeights: false, startFromEpoch: 0, ...overrides };
}

const logsOf = (monitor: string, values: number[]): Record<string, number>[] => values.map((v) => ({ [monitor]: v }));

test('stops at epoch max(patience, 1) + 2 (test_early_stopping_patience)', () => {
  const losses = [10.0, 9.0, 8.0, 9.0, 8.9, 8.8, 8.7, 8.6, 8.5];
  for (const patience of [0, 1, 2, 3]) {
    const model = new DummyModel();
    const stopper = new EarlyStopping(spec({ monitor: 'loss', patience }), model);
    fit(model, [stopper], logsOf('loss', losses));
    assert.equal(stopper.stoppedEpoch, Math.max(patience, 1) + 2, `patience ${patience}`);
    assert.equal(model.stopTraining, true);
  }
});

test('patience 0 never stops at epoch 0 (the epoch > 0 guard)', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'loss', patience: 0, baseline: 1 }), model);
  const trained = fit(model, [stopper], logsOf('loss', [5, 6, 7]));
  assert.equal(trained, 2);
  assert.equal(stopper.stoppedEpoch, 1);
});

test('restores the best weights when it stops (final weights test, first case)', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'val_loss', patience: 2, restoreBestWeights: true }), model);
  const trained = fit(model, [stopper], logsOf('val_loss', [0.2, 0.15, 0.1, 0.11, 0.12]));
  assert.equal(trained, 5);
  assert.equal(model.getWeights(), 2);
  assert.equal(stopper.bestEpoch, 2);
  assert.equal(stopper.best, 0.1);
  const events = stopper.drainEvents();
  assert.deepEqual(
    events.filter((e) => e.kind !== 'newBest').map((e) => [e.kind, e.epoch, e.message]),
    [
      ['earlyStop', 4, 'Epoch 5: early stopping'],
      ['restoredBest', 4, 'Restoring model weights from the end of the best epoch: 3.'],
    ],
  );
  assert.deepEqual(
    events.filter((e) => e.kind === 'newBest').map((e) => e.message),
    [
      'Epoch 1: val_loss improved from inf to 0.20000',
      'Epoch 2: val_loss improved from 0.20000 to 0.15000',
      'Epoch 3: val_loss improved from 0.15000 to 0.10000',
    ],
  );
});

test('no epoch beats the baseline: trains patience epochs and restores the best of them (second case)', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'val_loss', patience: 5, baseline: 0.5, restoreBestWeights: true }), model);
  const trained = fit(model, [stopper], logsOf('val_loss', [0.9, 0.8, 0.7, 0.71, 0.72, 0.73]));
  assert.equal(trained, 5);
  assert.equal(stopper.stoppedEpoch, 4);
  assert.equal(model.getWeights(), 2);
});

test('restores the best weights when another callback stops training (third case)', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'val_loss', patience: 5, baseline: 0.5, restoreBestWeights: true }), model);
  stopper.onTrainBegin();
  const losses = [0.9, 0.8, 0.7, 0.71, 0.72, 0.73];
  let trained = 0;
  for (let epoch = 0; epoch < losses.length; epoch++) {
    trained += 1;
    model.weights = epoch;
    stopper.onEpochEnd(epoch, { val_loss: losses[epoch] });
    if (epoch === 3) model.stopTraining = true;
    if (model.stopTraining) break;
  }
  stopper.onTrainEnd();
  assert.equal(trained, 4);
  assert.equal(model.getWeights(), 2);
  assert.equal(stopper.hasStopped, false);
  assert.deepEqual(
    stopper
      .drainEvents()
      .filter((e) => e.kind !== 'newBest')
      .map((e) => e.kind),
    ['restoredBest'],
  );
});

test('restores the best weights also when training runs to completion (Keras 3 on_train_end)', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'val_loss', patience: 10, restoreBestWeights: true }), model);
  const trained = fit(model, [stopper], logsOf('val_loss', [0.5, 0.3, 0.4, 0.35, 0.32]));
  assert.equal(trained, 5);
  assert.equal(stopper.hasStopped, false);
  assert.equal(stopper.stoppedEpoch, 0);
  assert.equal(model.getWeights(), 1);
  const kinds = stopper.drainEvents().map((e) => e.kind);
  assert.ok(!kinds.includes('earlyStop'));
  assert.equal(kinds[kinds.length - 1], 'restoredBest');
});

test('without restoreBestWeights the final weights stay', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'val_loss', patience: 1 }), model);
  fit(model, [stopper], logsOf('val_loss', [0.5, 0.3, 0.4, 0.45]));
  assert.equal(stopper.stoppedEpoch, 2);
  assert.equal(model.getWeights(), 2);
  assert.equal(stopper.hasBestWeights, false);
});

test('baseline: an improvement over the best that misses the baseline does not reset wait', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'val_loss', patience: 3, baseline: 0.5 }), model);
  stopper.onTrainBegin();
  const waits: number[] = [];
  [0.9, 0.8, 0.7, 0.4, 0.45].forEach((v, epoch) => {
    stopper.onEpochEnd(epoch, { val_loss: v });
    waits.push(stopper.wait);
  });
  // 0.9, 0.8, 0.7 improve on the best but not on the baseline, so wait keeps counting; 0.4 beats both.
  assert.deepEqual(waits, [1, 2, 3, 0, 1]);
  assert.equal(model.stopTraining, false, 'improving epochs return before the patience check');
});

test('min_delta: improvements smaller than min_delta count as none, in min and max mode', () => {
  const minModel = new DummyModel();
  const minStopper = new EarlyStopping(spec({ monitor: 'loss', patience: 2, minDelta: 0.1 }), minModel);
  fit(minModel, [minStopper], logsOf('loss', [1.0, 0.95, 0.91, 0.89, 0.7]));
  assert.equal(minStopper.stoppedEpoch, 2);
  assert.equal(minStopper.best, 1.0);

  const maxModel = new DummyModel();
  const maxStopper = new EarlyStopping(spec({ monitor: 'val_accuracy', patience: 2, minDelta: -0.05 }), maxModel);
  assert.equal(maxStopper.direction, 'max');
  fit(maxModel, [maxStopper], logsOf('val_accuracy', [0.8, 0.86, 0.87, 0.9, 0.91, 0.92]));
  // 0.86 beats 0.8 by more than 0.05; 0.87, 0.9 do not beat 0.86 + 0.05 → stop at epoch 3.
  assert.equal(maxStopper.stoppedEpoch, 3);
  assert.equal(maxStopper.best, 0.86);
});

test('start_from_epoch: no monitoring during warm-up, then patience as usual', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'loss', patience: 3, startFromEpoch: 2, restoreBestWeights: true }), model);
  const trained = fit(model, [stopper], logsOf('loss', [0.1, 0.2, 0.5, 0.6, 0.7, 0.8, 0.9]));
  // Epoch 0's 0.1 is ignored; 0.5 at epoch 2 is the first best; 3 worse epochs → stop at epoch 5.
  assert.equal(trained, 6);
  assert.equal(stopper.stoppedEpoch, 5);
  assert.equal(stopper.bestEpoch, 2);
  assert.equal(model.getWeights(), 2);
  assert.ok(trained >= 3 + 2);

  const m0 = new DummyModel();
  const s0 = new EarlyStopping(spec({ monitor: 'loss', patience: 0, startFromEpoch: 2 }), m0);
  const trained0 = fit(m0, [s0], logsOf('loss', [1, 2, 3, 4, 5]));
  assert.equal(trained0, 4, 'patience 0: the first monitored epoch is a best, the next one stops');
  assert.ok(trained0 >= 2);
});

test('reuse across fits: on_train_begin resets best, so a new run is not judged by the old one', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'loss', patience: 2 }), model);
  fit(model, [stopper], logsOf('loss', [0.1, 0.2, 0.3, 0.4]));
  assert.equal(stopper.stoppedEpoch, 2);
  const trained = fit(model, [stopper], logsOf('loss', [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]));
  assert.equal(trained, 6);
  assert.equal(stopper.hasStopped, false);
  assert.equal(stopper.best, 0.4);
});

test('a missing monitor warns once in Keras wording and never stops', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'val_loss', patience: 0 }), model);
  const trained = fit(model, [stopper], logsOf('loss', [1, 2, 3]));
  assert.equal(trained, 3);
  assert.deepEqual(stopper.warnings, ['Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss']);
  assert.deepEqual(stopper.drainEvents(), []);
});

test('restore_best_weights with nothing monitored restores nothing', () => {
  const model = new DummyModel();
  const stopper = new EarlyStopping(spec({ monitor: 'loss', patience: 1, startFromEpoch: 10, restoreBestWeights: true }), model);
  fit(model, [stopper], logsOf('loss', [1, 2, 3]));
  assert.equal(model.getWeights(), 2);
  assert.deepEqual(stopper.drainEvents(), []);
});
