import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chooseEarlyStopping,
  chooseReduceLROnPlateau,
  EARLY_STOPPING_PATIENCES,
  EARLY_STOPPING_TOLERANCE,
  REDUCE_LR_MAX_PATIENCE,
  replayCallbacks,
  roundToOneDigit,
} from '../../../src/shared/callbacks';
import { FitwatchError } from '../../../src/shared/location';
import type { History } from '../../../src/shared/metrics';
import { historyOf, plateauHistory, prng, seedLikeHistory } from './histories';

/** Whether EarlyStopping(patience, minDelta, restore) keeps a best within tolerance of the run's best. */
function keepsBest(history: History, patience: number, minDelta: number): boolean {
  const r = replayCallbacks(history, {
    earlyStopping: { monitor: 'val_loss', minDelta, patience, mode: 'auto', baseline: null, restoreBestWeights: true, startFromEpoch: 0 },
  });
  assert.ok(r.runBest && r.restoredValue !== null);
  return Math.abs(r.restoredValue - r.runBest.value) <= EARLY_STOPPING_TOLERANCE * Math.abs(r.runBest.value);
}

test('chooseEarlyStopping on the seed-like run: the smallest patience that keeps the best within 0.5%', () => {
  const history = seedLikeHistory();
  const choice = chooseEarlyStopping(history, 'val_loss');
  assert.equal(choice.withinTolerance, true);
  const { result } = choice;
  assert.ok(result.runBest && result.restoredValue !== null);
  assert.ok(Math.abs(result.restoredValue - result.runBest.value) <= 0.005 * result.runBest.value);
  assert.ok(result.stoppedEpoch !== null && result.epochsSaved > 0, 'it saves time on a run that overfits');
  assert.equal(choice.spec.restoreBestWeights, true);
  assert.equal(choice.spec.patience, choice.patience);
  assert.equal(choice.spec.minDelta, choice.minDelta);
  for (const smaller of EARLY_STOPPING_PATIENCES.filter((p) => p < choice.patience)) {
    assert.equal(keepsBest(history, smaller, 0), false, `patience ${smaller} with minDelta 0 would lose the best`);
    assert.equal(keepsBest(history, smaller, roundToOneDigit(result.runBest.value * 1e-3)), false, `patience ${smaller} with minDelta`);
  }
});

test('chooseEarlyStopping: a run still improving every epoch gets the smallest patience and keeps its last epoch', () => {
  const history = historyOf(Array.from({ length: 100 }, (_, e) => 1 - e * 0.005));
  const choice = chooseEarlyStopping(history, 'val_loss');
  assert.equal(choice.patience, EARLY_STOPPING_PATIENCES[0]);
  assert.equal(choice.result.stoppedEpoch, null);
  assert.equal(choice.result.restoredEpoch, 99);
});

test('chooseEarlyStopping waits out a flat stretch that is followed by a second descent', () => {
  // Falls to 0.5 by epoch 20, flat for 25 epochs, then falls to 0.3: patience below 30 stops in the flat part.
  const values = Array.from({ length: 120 }, (_, e) => (e <= 20 ? 1 - e * 0.025 : e < 46 ? 0.5 : Math.max(0.3, 0.5 - (e - 45) * 0.004)));
  const choice = chooseEarlyStopping(historyOf(values), 'val_loss');
  assert.equal(choice.patience, 30);
  assert.equal(choice.withinTolerance, true);
  assert.equal(choice.result.restoredValue, 0.3);
  assert.equal(keepsBest(historyOf(values), 20, 0), false);
});

test('chooseEarlyStopping on accuracy maximises it', () => {
  const history: History = Array.from({ length: 80 }, (_, e) => ({
    epoch: e,
    logs: { val_acc: e < 40 ? 0.5 + e * 0.01 : 0.89 - (e - 40) * 0.002 },
    durationMs: 50,
  }));
  const choice = chooseEarlyStopping(history, 'val_acc');
  assert.equal(choice.result.direction, 'max');
  assert.equal(choice.result.restoredEpoch, 39);
  assert.equal(choice.patience, 5);
  assert.equal(choice.result.stoppedEpoch, 44);
});

test('chooseEarlyStopping: when no candidate keeps the best it says so and returns the most patient one', () => {
  // Flat for 60 epochs, then a big improvement: every candidate patience stops before it.
  const values = Array.from({ length: 100 }, (_, e) => (e < 70 ? 0.5 : 0.2));
  const choice = chooseEarlyStopping(historyOf(values), 'val_loss');
  assert.equal(choice.withinTolerance, false);
  assert.equal(choice.patience, 50);
  assert.equal(choice.minDelta, 0);
  assert.equal(choice.result.stoppedEpoch, 50);
});

test('choosers refuse a monitor the run never logged, listing what it did log', () => {
  const history = historyOf([1, 0.9]);
  for (const choose of [chooseEarlyStopping, chooseReduceLROnPlateau]) {
    assert.throws(
      () => choose(history, 'val_mse'),
      (e: unknown) => {
        assert.ok(e instanceof FitwatchError);
        assert.equal(e.problem.code, 'coach/monitor-missing');
        assert.match(e.problem.message, /"val_mse"/);
        assert.match(e.problem.fix ?? '', /val_loss/);
        return true;
      },
    );
  }
});

test('chooseReduceLROnPlateau on descent-then-plateau: quiet while learning, fires soon after the plateau starts', () => {
  const choice = chooseReduceLROnPlateau(plateauHistory(100, 200), 'val_loss');
  assert.equal(choice.factor, 0.5);
  assert.equal(choice.spec.factor, 0.5);
  assert.equal(choice.minDelta, roundToOneDigit(choice.evidence.recentJitter / 5));
  assert.ok(choice.minDelta > 0 && choice.minDelta < 0.002, 'minDelta sits below the plateau noise (±0.002)');
  assert.equal(choice.evidence.gapP75, 1, 'the descent improves every epoch and the flat part adds no new best');
  assert.equal(choice.patience, 5, 'twice the gap, but at least 5');
  assert.equal(choice.cooldown, 1, 'a fifth of the patience, at least 1');
  assert.equal(choice.spec.cooldown, choice.cooldown);
  assert.equal(choice.spec.minLr, 0.01 / 100);
  const first = choice.result.lrReductions[0];
  assert.ok(first.epoch >= 100 && first.epoch <= 100 + choice.patience + 5, `first reduction at ${first.epoch}`);
  assert.ok(choice.result.lrReductions.every((r) => r.epoch >= 100));
  assert.ok(choice.result.finalLearningRate >= Math.fround(choice.spec.minLr));
});

test('chooseReduceLROnPlateau: sparser improvements give a longer patience and cooldown', () => {
  // A staircase improving every 8 epochs until epoch 72, then flat: patience = 2 × 8, cooldown 16 / 5 → 3.
  const values = Array.from({ length: 180 }, (_, e) => 1 - 0.05 * Math.floor(Math.min(e, 79) / 8));
  const choice = chooseReduceLROnPlateau(historyOf(values), 'val_loss');
  assert.equal(choice.evidence.gapP75, 8);
  assert.equal(choice.patience, 16);
  assert.equal(choice.cooldown, 3);
  assert.equal(choice.minDelta, 1e-4, 'a perfectly flat tail has no jitter: Keras default');
  // First cut 16 epochs after the last step (72), then every 18: Keras' cooldown of 3 holds the wait
  // at 0 for two epochs and the third already counts towards the next 16.
  assert.deepEqual(
    choice.result.lrReductions.slice(0, 3).map((r) => r.epoch),
    [88, 106, 124],
  );
});

test('chooseReduceLROnPlateau on the seed-like run fires only after the fast fall', () => {
  const choice = chooseReduceLROnPlateau(seedLikeHistory(), 'val_loss');
  assert.ok(choice.result.lrReductions.length > 0);
  // The trend 0.13 + 0.5·e^(−e/60) has made 90% of its fall at epoch 60·ln 10 ≈ 138.
  assert.ok(choice.result.lrReductions[0].epoch > 138, `first cut at ${choice.result.lrReductions[0].epoch}`);
  assert.ok(choice.patience >= 5 && choice.patience <= REDUCE_LR_MAX_PATIENCE);
});

test('chooseReduceLROnPlateau on a noisy, slowly improving tail waits longer than its gaps between new bests', () => {
  // Fast fall, then a tail still creeping down 0.02 over 900 epochs under ±2% jitter (the seed run's shape).
  const rand = prng(3);
  const values = Array.from({ length: 1000 }, (_, e) => 0.23 + 0.12 * Math.exp(-e / 20) + 0.02 * (1 - e / 1000) + (rand() - 0.5) * 0.01);
  const choice = chooseReduceLROnPlateau(historyOf(values), 'val_loss');
  assert.ok(choice.minDelta < choice.evidence.recentJitter / 2, `minDelta ${choice.minDelta} counts sub-jitter progress`);
  assert.ok(choice.patience >= 2 * Math.min(choice.evidence.gapP75, REDUCE_LR_MAX_PATIENCE / 2));
  assert.ok(choice.patience >= 20, `patience ${choice.patience}: the new bests of a jittery tail are tens of epochs apart`);
  assert.ok(choice.cooldown > 0);
  assert.ok(choice.result.lrReductions[0].epoch > 100, `no cut during the fast fall (first at ${choice.result.lrReductions[0].epoch})`);
});

test('roundToOneDigit keeps one significant digit', () => {
  assert.equal(roundToOneDigit(0.000437), 0.0004);
  assert.equal(roundToOneDigit(0.00068), 0.0007);
  assert.equal(roundToOneDigit(12.5), 10);
});
