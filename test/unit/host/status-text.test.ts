import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRemainingMs, formatEta, formatProgressMessage, formatStatusText } from '../../../src/host/training/status-text';

const rec83 = { epoch: 82, logs: { loss: 0.2036, acc: 0.9146, val_loss: 0.2375, val_acc: 0.8901 }, durationMs: 200 };

test('status text matches the seed-shaped format with an ETA', () => {
  // 83 epochs at 200 ms mean leave 917 epochs ≈ 183 s ≈ 3 min.
  const text = formatStatusText({ last: rec83, totalEpochs: 1000, elapsedEpochMs: 83 * 200, starting: false });
  assert.equal(text, '$(pulse) Fitwatch 83/1000 loss 0.2036 val 0.2375 ETA 3m');
});

test('status text before the first epoch says it is starting, and counts other runs', () => {
  assert.equal(formatStatusText({ totalEpochs: 10, elapsedEpochMs: 0, starting: true, others: 1 }), '$(sync~spin) Fitwatch starting… +1');
});

test('no ETA on the last epoch and no val part without validation', () => {
  const last = { epoch: 9, logs: { loss: 0.5 }, durationMs: 10 };
  assert.equal(formatStatusText({ last, totalEpochs: 10, elapsedEpochMs: 100, starting: false }), '$(pulse) Fitwatch 10/10 loss 0.5000');
});

test('a diverged loss is spelled NaN, not hidden', () => {
  const last = { epoch: 0, logs: { loss: Number.NaN }, durationMs: 10 };
  assert.match(formatStatusText({ last, totalEpochs: 5, elapsedEpochMs: 10, starting: false }), /loss NaN/);
});

test('ETA formatting covers seconds, minutes and hours', () => {
  assert.equal(formatEta(44_600), '45s');
  assert.equal(formatEta(180_000), '3m');
  assert.equal(formatEta(3_900_000), '1h 05m');
  assert.equal(formatEta(Number.NaN), '?');
});

test('remaining time is mean epoch time times epochs left', () => {
  const last = { epoch: 3, logs: { loss: 1 }, durationMs: 100 };
  assert.equal(estimateRemainingMs({ last, totalEpochs: 10, elapsedEpochMs: 400, starting: false }), 600);
  assert.equal(estimateRemainingMs({ totalEpochs: 10, elapsedEpochMs: 0, starting: true }), undefined);
});

test('progress message uses Keras epoch numbering', () => {
  assert.equal(formatProgressMessage({ last: rec83, totalEpochs: 1000, elapsedEpochMs: 83 * 200, starting: false }), 'Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 3m');
  assert.equal(formatProgressMessage({ totalEpochs: 1000, elapsedEpochMs: 0, starting: true }), 'Loading data and building the model…');
});
