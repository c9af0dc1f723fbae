import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, workspace } from './helpers';

/** 100 rows sorted by label: x = row index, label 0 for the first 80, 1 for the last 20. */
function sortedCsv(): string {
  const rows = ['x,label'];
  for (let i = 0; i < 100; i++) rows.push(`${i},${i < 80 ? 0 : 1}`);
  return `${rows.join('\n')}\n`;
}

test('data.shuffleBeforeSplit shuffles whole rows once, the same way every run, before the Keras split', async () => {
  const root = await workspace({ 'd.csv': sortedCsv() });
  const plain = await load(root, 'd.csv', { validationSplit: 0.2 });
  assert.deepEqual(plain.summary.valClassCounts, [0, 20], 'without it the validation tail is one class');
  const a = await load(root, 'd.csv', { validationSplit: 0.2, data: { shuffleBeforeSplit: true } });
  const b = await load(root, 'd.csv', { validationSplit: 0.2, data: { shuffleBeforeSplit: true } });
  assert.deepEqual([...a.x], [...b.x], 'a fixed seed: the same split every run');
  const val = a.summary.valClassCounts ?? [];
  assert.ok(val[0] > 5 && val[1] > 0, `validation holds both classes: ${val}`);
  // Rows stay whole: the label still follows x (x < 80 ⇔ label 0).
  for (let r = 0; r < a.rows; r++) assert.equal(a.y[r], a.x[r] < 80 ? 0 : 1);
});

test('data.standardizeTarget trains on (y − mean) / std and records the mean and std', async () => {
  const rows = ['x,y'];
  for (let i = 0; i < 50; i++) rows.push(`${i},${100 + 2 * i}`);
  const root = await workspace({ 'r.csv': `${rows.join('\n')}\n` });
  const d = await load(root, 'r.csv', { loss: 'meanSquaredError', validationSplit: 0.2, data: { standardizeTarget: true } });
  const scaling = d.summary.targetScaling;
  assert.ok(scaling);
  assert.ok(Math.abs(scaling.mean - (100 + 39)) < 1e-9, `mean ${scaling.mean}`);
  assert.equal(d.summary.labelMean, scaling.mean, 'the summary keeps the target in its own units');
  let sum = 0;
  for (let r = 0; r < d.trainRows; r++) sum += d.y[r];
  assert.ok(Math.abs(sum / d.trainRows) < 1e-5, 'standardised training targets have mean 0');
  assert.ok(Math.abs(d.y[0] * scaling.std + scaling.mean - 100) < 1e-3, 'prediction × std + mean gives the target back');
});
