import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EarlyStopping, ReduceLROnPlateau, replayCallbacks, summarizeReplay } from '../../../src/shared/callbacks';
import { FitwatchError } from '../../../src/shared/location';
import type { RunEvent } from '../../../src/shared/protocol/trainer';
import type { EarlyStoppingSpec, ReduceLROnPlateauSpec } from '../../../src/shared/spec';
import { DummyModel } from './dummy-model';
import { historyOf, seedLikeHistory } from './histories';

const es = (o: Partial<EarlyStoppingSpec>): EarlyStoppingSpec => ({
  monitor: 'val_loss',
  minDelta: 0,
  patience: 20,
  mode: 'auto',
  baseline: null,
  restoreBestWeights: true,
  startFromEpoch: 0,
  ...o,
});
const rlr = (o: Partial<ReduceLROnPlateauSpec>): ReduceLROnPlateauSpec => ({
  monitor: 'val_loss',
  factor: 0.5,
  patience: 10,
  mode: 'auto',
  minDelta: 1e-4,
  cooldown: 0,
  minLr: 0,
  ...o,
});

test('replay agrees with driving the classes live, epoch by epoch, on the same history', () => {
  const history = seedLikeHistory();
  for (const [esSpec, rlrSpec] of [
    [es({ patience: 20 }), rlr({ patience: 10 })],
    [es({ patience: 50, minDelta: 0.001 }), rlr({ patience: 5, cooldown: 3, minLr: 0.001 })],
    [es({ patience: 5, restoreBestWeights: false }), rlr({ patience: 3, factor: 0.2 })],
  ] as const) {
    const model = new DummyModel(0.01);
    const liveRlr = new ReduceLROnPlateau(rlrSpec, model);
    const liveEs = new EarlyStopping(esSpec, model);
    const events: RunEvent[] = [];
    const schedule: number[] = [];
    liveRlr.onTrainBegin();
    liveEs.onTrainBegin();
    let run = 0;
    for (const rec of history) {
      model.weights = rec.epoch;
      const logs = { ...rec.logs };
      schedule.push(model.learningRate);
      liveRlr.onEpochEnd(rec.epoch, logs);
      liveEs.onEpochEnd(rec.epoch, logs);
      events.push(...liveRlr.drainEvents(), ...liveEs.drainEvents());
      run += 1;
      if (model.stopTraining) break;
    }
    liveRlr.onTrainEnd();
    liveEs.onTrainEnd();
    events.push(...liveRlr.drainEvents(), ...liveEs.drainEvents());

    const result = replayCallbacks(history, { earlyStopping: esSpec, reduceLROnPlateau: rlrSpec });
    assert.equal(result.epochsRun, run);
    assert.equal(result.stoppedEpoch, liveEs.hasStopped ? liveEs.stoppedEpoch : null);
    assert.deepEqual(result.lrSchedule, schedule.map(Math.fround), "the replay keeps the rate in float32, as Keras' variable");
    assert.equal(result.finalLearningRate, model.learningRate);
    assert.deepEqual(result.events, events);
    assert.equal(result.restoredEpoch, esSpec.restoreBestWeights ? model.weights : null);
    assert.deepEqual(
      result.lrReductions.map((r) => r.epoch),
      events.filter((e) => e.kind === 'lrReduced').map((e) => e.epoch),
    );
    assert.ok(result.lrReductions.length > 0, 'the seed-like plateau makes ReduceLROnPlateau fire');
  }
});

test('the seed-like run: EarlyStopping stops well before 1000 epochs and keeps the best epoch', () => {
  const history = seedLikeHistory();
  const result = replayCallbacks(history, { earlyStopping: es({ patience: 20 }) });
  assert.ok(result.stoppedEpoch !== null && result.stoppedEpoch < 999);
  assert.equal(result.epochsRun, result.stoppedEpoch + 1);
  assert.equal(result.epochsSaved, 1000 - result.epochsRun);
  assert.equal(result.timeSavedFraction, result.epochsSaved / 1000);
  assert.ok(result.best !== null);
  assert.equal(result.restoredEpoch, result.best.epoch, 'min_delta 0: the restored epoch is the raw best');
  assert.equal(result.restoredValue, result.best.value);
  assert.equal(result.stoppedEpoch - result.best.epoch, 20, 'it stops patience epochs after the last best');
  assert.equal(result.monitor, 'val_loss');
  assert.equal(result.direction, 'min');
});

test('time saved uses the recorded epoch durations', () => {
  // Epochs 0-9 at 100 ms, the rest at 300 ms: stopping after epoch 11 saves 8 × 300 of 10 × 100 + 10 × 300.
  const history = historyOf([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1], (e) => (e < 10 ? 100 : 300));
  const result = replayCallbacks(history, { earlyStopping: es({ patience: 2 }) });
  assert.equal(result.stoppedEpoch, 11);
  assert.equal(result.epochsSaved, 8);
  assert.equal(result.timeSavedFraction, 2400 / 4000);
});

test('summarizeReplay: the coach sentence, 1-based epochs as Keras prints them', () => {
  // Best 0.1317 at 0-based epoch 291, worse ever after: patience 20 stops at 0-based 311 = "epoch 312".
  const values = Array.from({ length: 1000 }, (_, e) => (e < 291 ? 0.5 - e * 0.001 : e === 291 ? 0.1317 : 0.14 + e * 1e-5));
  const opts = { earlyStopping: es({ patience: 20 }) };
  const result = replayCallbacks(historyOf(values), opts);
  assert.equal(summarizeReplay(result, opts), 'earlyStopping(patience 20) would have stopped at epoch 312, 69% less time, best val_loss 0.1317 at epoch 292');

  const never = { earlyStopping: es({ patience: 2000, minDelta: 0.001 }) };
  assert.equal(
    summarizeReplay(replayCallbacks(historyOf(values), never), never),
    'earlyStopping(patience 2000, minDelta 0.001) would not have stopped within the 1000 recorded epochs, best val_loss 0.1317 at epoch 292',
  );
});

test('summarizeReplay describes ReduceLROnPlateau firings and the resulting rate', () => {
  const values = [1, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8];
  const opts = { reduceLROnPlateau: rlr({ patience: 2, factor: 0.5 }) };
  const result = replayCallbacks(historyOf(values), opts);
  assert.deepEqual(
    result.lrReductions.map((r) => [r.epoch, r.from, r.to]),
    [
      [4, 0.01, 0.005],
      [6, 0.005, 0.0025],
      [8, 0.0025, 0.00125],
    ].map(([e, from, to]) => [e, Math.fround(from), Math.fround(to)]),
  );
  assert.deepEqual(result.lrSchedule, [0.01, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125].map(Math.fround));
  assert.equal(
    summarizeReplay(result, opts),
    'reduceLROnPlateau(factor 0.5, patience 2) would have reduced the learning rate 3 times (epochs 5, 7, 9), down to 0.00125',
  );
  const quiet = { reduceLROnPlateau: rlr({ patience: 50 }) };
  assert.equal(
    summarizeReplay(replayCallbacks(historyOf(values), quiet), quiet),
    'reduceLROnPlateau(factor 0.5, patience 50) would not have reduced the learning rate in 10 epochs',
  );
  assert.equal(summarizeReplay(replayCallbacks(historyOf(values), {}), {}), 'no callbacks to replay');
});

test('without a recorded learning rate the schedule is relative to 1', () => {
  const history = historyOf([1, 1, 1, 1]).map((r) => ({ ...r, logs: { val_loss: r.logs.val_loss } }));
  const opts = { reduceLROnPlateau: rlr({ patience: 1, factor: 0.5 }) };
  const result = replayCallbacks(history, opts);
  assert.equal(result.learningRateIsRelative, true);
  assert.deepEqual(result.lrSchedule, [1, 1, 0.5, 0.25]);
  assert.match(summarizeReplay(result, opts), /down to 0\.125× the starting rate$/);
  const withStart = replayCallbacks(history, { ...opts, initialLearningRate: 0.02 });
  assert.equal(withStart.learningRateIsRelative, false);
  assert.equal(withStart.finalLearningRate, Math.fround(0.0025));
});

test('the replay never changes the recorded history', () => {
  const history = seedLikeHistory(200);
  const before = JSON.stringify(history);
  replayCallbacks(history, { earlyStopping: es({ patience: 5 }), reduceLROnPlateau: rlr({ patience: 3 }) });
  assert.equal(JSON.stringify(history), before);
});

test('a missing monitor: Keras warnings, no stop, no reduction', () => {
  const history = historyOf([1, 2, 3]);
  const result = replayCallbacks(history, {
    earlyStopping: es({ monitor: 'val_mse', patience: 0 }),
    reduceLROnPlateau: rlr({ monitor: 'val_mae', patience: 1 }),
  });
  assert.equal(result.stoppedEpoch, null);
  assert.deepEqual(result.lrReductions, []);
  assert.equal(result.best, null);
  assert.equal(result.warnings.length, 2);
  assert.match(result.warnings[0], /^Learning rate reduction is conditioned on metric `val_mae`/);
  assert.match(result.warnings[1], /^Early stopping conditioned on metric `val_mse`/);
});

test('an out-of-order history is refused with what to do', () => {
  const history = historyOf([1, 2, 3]);
  history[2] = { ...history[2], epoch: 1 };
  assert.throws(
    () => replayCallbacks(history, { earlyStopping: es({}) }),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'run/history-order' && /record 2 has epoch 1/.test(e.message),
  );
});
