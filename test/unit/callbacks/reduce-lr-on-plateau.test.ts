// Ports keras-team/keras keras/src/callbacks/reduce_lr_on_plateau_test.py @ 1cbb88bc30c2 (a tiny model trained with
// min_delta=100 becomes logs where only the first epoch improves), plus wait/mode/float32 edge cases of the source.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReduceLROnPlateau } from '../../../src/shared/callbacks';
import { FitwatchError } from '../../../src/shared/location';
import type { ReduceLROnPlateauSpec } from '../../../src/shared/spec';
import { DummyModel, fit } from './dummy-model';

/** Keras 3 defaults. */
function spec(overrides: Partial<ReduceLROnPlateauSpec>): ReduceLROnPlateauSpec {
  return { monitor: 'val_loss', factor: 0.1, patience: 10, mode: 'auto', minDelta: 1e-4, cooldown: 0, minLr: 0, ...overrides };
}

/** Keras' tests train a tiny model with min_delta=100, so no epoch after the first counts as improved. */
const epochs = (n: number): { val_loss: number; loss: number }[] => Array.from({ length: n }, (_, i) => ({ loss: 1 - i * 0.01, val_loss: 1 - i * 0.01 }));

test('reduces the learning rate once patience runs out (test_reduces_lr_with_model_fit)', () => {
  const model = new DummyModel(0.1);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1, factor: 0.1, minDelta: 100 }), model);
  fit(model, [rlr], epochs(2));
  assert.equal(Math.fround(model.learningRate), Math.fround(0.01));
  const events = rlr.drainEvents();
  assert.equal(events.length, 1);
  assert.equal(events[0].kind, 'lrReduced');
  assert.equal(events[0].epoch, 1);
  assert.equal(events[0].data?.oldLr, Math.fround(0.1));
  assert.deepEqual(rlr.drainEvents(), [], 'drained');
});

// Keras reads its float32 rate back as a double before multiplying, and prints that product.
test('speaks Keras verbose wording (test_verbose_logging)', () => {
  const model = new DummyModel(0.1);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1, factor: 0.1, minDelta: 100 }), model);
  fit(model, [rlr], epochs(2));
  const [event] = rlr.drainEvents();
  assert.match(event.message, /ReduceLROnPlateau reducing learning rate to 0\.01/);
  assert.equal(event.message, 'Epoch 2: ReduceLROnPlateau reducing learning rate to 0.010000000149011612.');
  const m2 = new DummyModel(0.01);
  const r2 = new ReduceLROnPlateau(spec({ patience: 2, factor: 0.1, minDelta: 100 }), m2);
  fit(m2, [r2], epochs(3));
  assert.equal(r2.drainEvents()[0].message, 'Epoch 3: ReduceLROnPlateau reducing learning rate to 0.0009999999776482583.');
});

test('honours min_lr, and a rate at min_lr is not reduced again (test_honors_min_lr, float32 comparison)', () => {
  const model = new DummyModel(0.1);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1, factor: 0.1, minDelta: 10, minLr: 0.005 }), model);
  fit(model, [rlr], epochs(4));
  assert.equal(model.learningRate, Math.fround(0.005));
  // 0.1 → 0.01 at epoch 1, → max(0.001, 0.005) at epoch 2; at epoch 3 float32(0.005) > float32(0.005) is false.
  assert.deepEqual(
    rlr.drainEvents().map((e) => [e.epoch, e.data?.newLr]),
    [
      [1, Math.fround(0.1) * 0.1],
      [2, 0.005],
    ],
  );
});

test('a double rate just above a float32 min_lr is not "reduced" to min_lr (np.float32 on both sides)', () => {
  // float32(0.7) < 0.7: a plain double comparison would fire forever at min_lr = 0.7.
  const model = new DummyModel(0.7);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1, minDelta: 100, minLr: 0.7 }), model);
  fit(model, [rlr], epochs(5));
  assert.deepEqual(rlr.drainEvents(), []);
  assert.equal(model.learningRate, 0.7);
});

test('cooldown: with cooldown 2 and patience 1, 4 epochs reduce twice (test_cooldown)', () => {
  const model = new DummyModel(0.1);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1, factor: 0.1, minDelta: 100, cooldown: 2 }), model);
  const seen: [number, number, number][] = [];
  rlr.onTrainBegin();
  epochs(4).forEach((logs, epoch) => {
    rlr.onEpochEnd(epoch, { ...logs });
    seen.push([epoch, rlr.wait, rlr.cooldownCounter]);
  });
  assert.ok(Math.abs(model.learningRate - 0.001) < 1e-9);
  assert.deepEqual(
    rlr.drainEvents().map((e) => e.epoch),
    [1, 3],
  );
  assert.deepEqual(seen, [
    [0, 0, 0],
    [1, 0, 2],
    [2, 0, 1],
    [3, 0, 2],
  ]);
});

test('on_train_begin clears best, wait and cooldown (test_state_reset_across_fit_calls)', () => {
  const model = new DummyModel(0.1);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1, factor: 0.1, monitor: 'loss', minDelta: 0, cooldown: 2 }), model);
  rlr.onTrainBegin();
  rlr.onEpochEnd(0, { loss: 0.5 });
  rlr.onEpochEnd(1, { loss: 0.6 });
  assert.equal(rlr.best, 0.5);
  assert.equal(rlr.cooldownCounter, 2);
  rlr.onEpochEnd(2, { loss: 0.7 });
  assert.equal(rlr.cooldownCounter, 1);
  rlr.onTrainBegin();
  assert.equal(rlr.best, null);
  assert.equal(rlr.wait, 0);
  assert.equal(rlr.cooldownCounter, 0);
  // A reused instance compares the new run against nothing, not against the old best.
  rlr.onEpochEnd(0, { loss: 0.9 });
  assert.equal(rlr.best, 0.9);
});

test('wait counts non-improving epochs and any improvement by more than min_delta resets it', () => {
  const model = new DummyModel(0.01);
  const rlr = new ReduceLROnPlateau(spec({ monitor: 'loss', patience: 3, minDelta: 0.01, factor: 0.5 }), model);
  rlr.onTrainBegin();
  const losses = [1.0, 0.995, 0.98, 0.975, 0.974, 0.973, 0.9, 0.9];
  const waits: number[] = [];
  losses.forEach((loss, epoch) => {
    rlr.onEpochEnd(epoch, { loss });
    waits.push(rlr.wait);
  });
  // 0.995 is not 0.01 better than 1.0; 0.98 is (1.0 - 0.98 = 0.02). Then 3 epochs within 0.01 → reduce.
  assert.deepEqual(waits, [0, 1, 0, 1, 2, 0, 0, 1]);
  assert.deepEqual(
    rlr.drainEvents().map((e) => [e.epoch, e.data?.newLr]),
    [[5, Math.fround(0.01) * 0.5]],
  );
  assert.equal(rlr.best, 0.9);
});

test('mode max with accuracy (auto picks max for val_acc)', () => {
  const model = new DummyModel(0.01);
  const rlr = new ReduceLROnPlateau(spec({ monitor: 'val_acc', patience: 2, factor: 0.5, minDelta: 0 }), model);
  assert.equal(rlr.direction, 'max');
  fit(
    model,
    [rlr],
    [0.8, 0.85, 0.84, 0.85, 0.9, 0.9, 0.89].map((val_acc) => ({ val_acc })),
  );
  assert.deepEqual(
    rlr.drainEvents().map((e) => e.epoch),
    [3, 6],
  );
  assert.equal(model.learningRate, Math.fround(0.0025));
});

test('writes logs.learning_rate with the rate the epoch ran at, like Keras', () => {
  const model = new DummyModel(0.1);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1, minDelta: 100 }), model);
  rlr.onTrainBegin();
  const l0: Record<string, number> = { val_loss: 1 };
  const l1: Record<string, number> = { val_loss: 1 };
  const l2: Record<string, number> = { val_loss: 1 };
  rlr.onEpochEnd(0, l0);
  rlr.onEpochEnd(1, l1);
  rlr.onEpochEnd(2, l2);
  // Keras logs its float32 variable.
  assert.equal(l0.learning_rate, Math.fround(0.1));
  assert.equal(l1.learning_rate, Math.fround(0.1));
  assert.equal(l2.learning_rate, Math.fround(Math.fround(0.1) * 0.1));
});

test('a missing monitor warns once in Keras wording and changes nothing', () => {
  const model = new DummyModel(0.1);
  const rlr = new ReduceLROnPlateau(spec({ patience: 1 }), model);
  fit(model, [rlr], [{ loss: 1 }, { loss: 2 }, { loss: 3 }]);
  assert.deepEqual(rlr.warnings, [
    'Learning rate reduction is conditioned on metric `val_loss` which is not available. Available metrics are: loss,learning_rate.',
  ]);
  assert.equal(model.learningRate, 0.1);
  assert.equal(rlr.wait, 0);
});

test('factor >= 1 is an error with the field, the value and what to do', () => {
  for (const factor of [1, 1.5, Number.NaN, -0.5]) {
    assert.throws(
      () => new ReduceLROnPlateau(spec({ factor }), new DummyModel(), { specFile: '/w/run.fitwatch.json' }),
      (e: unknown) => {
        assert.ok(e instanceof FitwatchError);
        assert.equal(e.problem.code, 'spec/callback-factor');
        assert.match(e.message, new RegExp(`factor=${String(factor)}`));
        assert.deepEqual(e.problem.location?.jsonPath, ['callbacks', 'reduceLROnPlateau', 'factor']);
        assert.equal(e.problem.location?.file, '/w/run.fitwatch.json');
        assert.match(e.problem.fix ?? '', /between 0 and 1/);
        return true;
      },
    );
  }
  assert.doesNotThrow(() => new ReduceLROnPlateau(spec({ factor: 0 }), new DummyModel()));
});
