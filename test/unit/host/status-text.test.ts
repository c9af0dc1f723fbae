import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRemainingMs as panelEstimate } from '../../../src/shared/eta';
import { estimateRemainingMs, formatProgressMessage, formatStatusText } from '../../../src/host/training/status-text';

const rec83 = { epoch: 82, logs: { loss: 0.2036, acc: 0.9146, val_loss: 0.2375, val_acc: 0.8901 }, durationMs: 200 };

test('status text matches the seed-shaped format with an ETA', () => {
  // 83 epochs of 200 ms leave 917 epochs ≈ 183 s.
  const text = formatStatusText({ last: rec83, totalEpochs: 1000, durationsMs: Array(83).fill(200), starting: false });
  assert.equal(text, '$(pulse) Fitwatch 83/1000 loss 0.2036 val 0.2375 ETA 3m 03s');
});

test('status text before the first epoch says it is starting, and counts other runs', () => {
  assert.equal(formatStatusText({ totalEpochs: 10, durationsMs: [], starting: true, others: 1 }), '$(sync~spin) Fitwatch starting… +1');
});

test('no ETA on the last epoch and no val part without validation', () => {
  const last = { epoch: 9, logs: { loss: 0.5 }, durationMs: 10 };
  assert.equal(formatStatusText({ last, totalEpochs: 10, durationsMs: Array(10).fill(10), starting: false }), '$(pulse) Fitwatch 10/10 loss 0.5000');
});

test('a diverged loss is spelled NaN, not hidden', () => {
  const last = { epoch: 0, logs: { loss: Number.NaN }, durationMs: 10 };
  assert.match(formatStatusText({ last, totalEpochs: 5, durationsMs: [10], starting: false }), /loss NaN/);
});

test("remaining time is the panel's estimate: the slow first epoch is left out, the recent median counts", () => {
  const last = { epoch: 3, logs: { loss: 1 }, durationMs: 100 };
  const durationsMs = [5000, 100, 100, 100];
  // A mean would say 1325 ms × 6 = 7950 ms; the first epoch pays for warm-up, so it is 100 ms × 6.
  assert.equal(estimateRemainingMs({ last, totalEpochs: 10, durationsMs, starting: false }), 600);
  assert.equal(estimateRemainingMs({ last, totalEpochs: 10, durationsMs, starting: false }), panelEstimate(durationsMs, 6));
  assert.equal(estimateRemainingMs({ totalEpochs: 10, durationsMs: [], starting: true }), undefined);
});

test('progress message uses Keras epoch numbering', () => {
  assert.equal(
    formatProgressMessage({ last: rec83, totalEpochs: 1000, durationsMs: Array(83).fill(200), starting: false }),
    'Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 3m 03s',
  );
  assert.equal(formatProgressMessage({ totalEpochs: 1000, durationsMs: [], starting: true }), 'Loading data and building the model…');
});
