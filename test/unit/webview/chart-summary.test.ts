import assert from 'node:assert/strict';
import { test } from 'node:test';
import { curveExtremes, summarizeChart, tableEpochs, TABLE_MAX_ROWS } from '../../../src/webview/chart-summary';

test('curveExtremes finds the last, lowest and highest finite values with 1-based epochs, skipping gaps', () => {
  assert.deepEqual(curveExtremes([0.7, NaN, 0.2, 0.3, NaN]), { last: 0.3, lastEpoch: 4, min: 0.2, minEpoch: 3, max: 0.7, maxEpoch: 1 });
  assert.equal(curveExtremes([NaN, NaN]), undefined);
  assert.equal(curveExtremes([]), undefined);
});

test('summarizeChart says the scale, the epochs and each curve in the values the run logged', () => {
  const text = summarizeChart(
    'Loss',
    [
      { label: 'loss', key: 'loss', values: [0.6931, 0.3, 0.2219] },
      { label: 'val_loss', key: 'val_loss', values: [0.7, 0.25, 0.26] },
    ],
    3,
    true,
  );
  assert.equal(
    text,
    'Loss chart, log scale, epochs 1–3, raw values. loss: 0.2219 at epoch 3, lowest 0.2219 at epoch 3, highest 0.6931 at epoch 1. ' +
      'val_loss: 0.2600 at epoch 3, lowest 0.2500 at epoch 2, highest 0.7000 at epoch 1.',
  );
});

test('summarizeChart names an empty chart and a curve with no value yet', () => {
  assert.equal(summarizeChart('Metrics', [], 0, false), 'Metrics chart: no epochs yet.');
  assert.match(summarizeChart('Metrics', [{ label: 'val_acc', key: 'val_acc', values: [NaN] }], 1, false), /val_acc: no value yet\./);
});

test('summarizeChart formats learning rates as the legend does', () => {
  assert.match(
    summarizeChart('Learning rate', [{ label: 'learning_rate', key: 'learning_rate', values: [0.01, 0.001] }], 2, true),
    /learning_rate: 0\.001 at epoch 2/,
  );
});

test('tableEpochs lists every epoch up to the row limit, then every k-th and always the last', () => {
  assert.deepEqual(tableEpochs(0), { epochs: [], every: 1 });
  assert.deepEqual(tableEpochs(3), { epochs: [1, 2, 3], every: 1 });
  assert.equal(tableEpochs(TABLE_MAX_ROWS).epochs.length, TABLE_MAX_ROWS);
  assert.equal(tableEpochs(TABLE_MAX_ROWS).every, 1);
  assert.equal(tableEpochs(TABLE_MAX_ROWS + 1).every, 2);
  assert.ok(tableEpochs(TABLE_MAX_ROWS + 1).epochs.length <= TABLE_MAX_ROWS);
  for (const n of [201, 397, 398, 399, 1000, 10_000]) assert.ok(tableEpochs(n).epochs.length <= TABLE_MAX_ROWS, `${n} epochs`);
  const long = tableEpochs(1000);
  assert.ok(long.epochs.length <= TABLE_MAX_ROWS, `${long.epochs.length} rows`);
  assert.equal(long.epochs[0], 1);
  assert.equal(long.epochs[long.epochs.length - 1], 1000);
  assert.equal(long.epochs[1] - long.epochs[0], long.every);
});
