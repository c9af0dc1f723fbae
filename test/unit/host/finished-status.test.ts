import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFinishedStatusText } from '../../../src/host/training/finished-status';

const last = { epoch: 149, logs: { loss: 0.14461, val_loss: 0.22259, acc: 0.9 }, durationMs: 2 };

test('a finished run shows its last epoch, losses and how it ended', () => {
  const p = { last, totalEpochs: 150, elapsedEpochMs: 300, starting: false };
  assert.equal(formatFinishedStatusText('completed', p), '$(check) Fitwatch 150/150 loss 0.1446 val 0.2226 done');
  assert.equal(formatFinishedStatusText('earlyStopped', { ...p, totalEpochs: 1000 }), '$(check) Fitwatch 150/1000 loss 0.1446 val 0.2226 early stop');
  assert.equal(formatFinishedStatusText('stopped', { ...p, totalEpochs: 5000 }), '$(debug-stop) Fitwatch 150/5000 loss 0.1446 val 0.2226 stopped');
  assert.equal(formatFinishedStatusText('diverged', { ...p, last: { ...last, logs: { loss: NaN } } }), '$(warning) Fitwatch 150/150 loss NaN diverged');
});

test('a run that failed before its first epoch says so without numbers', () => {
  assert.equal(formatFinishedStatusText('failed', { totalEpochs: 150, elapsedEpochMs: 0, starting: false }), '$(error) Fitwatch failed');
  assert.equal(formatFinishedStatusText('running', { totalEpochs: 150, elapsedEpochMs: 0, starting: false }), '$(debug-stop) Fitwatch stopped');
});
