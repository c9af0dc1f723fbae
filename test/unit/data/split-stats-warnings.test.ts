import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitAt } from '../../../src/data/finish-dataset';
import { load, row, workspace } from './helpers';

function csv(header: string[], rows: number[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

test('split follows Keras: split_at = int(rows * (1 - validation_split)), the tail validates', async () => {
  assert.equal(splitAt(50000, 0.2), 40000);
  assert.equal(splitAt(10, 0.3), 7);
  assert.equal(splitAt(3, 0.2), 2);
  assert.equal(splitAt(7, 0), 7);
  const rows = Array.from({ length: 10 }, (_, i) => [i, i % 2]);
  const root = await workspace({ 'ten.csv': csv(['i', 'label'], rows) });
  const d = await load(root, 'ten.csv', { validationSplit: 0.3 });
  assert.equal(d.trainRows, 7);
  assert.equal(d.summary.trainRows, 7);
  assert.equal(d.summary.valRows, 3);
  assert.deepEqual(Array.from(d.x.subarray(7)), [7, 8, 9], 'the last rows, in file order (no shuffling before the split)');
  assert.deepEqual(d.summary.trainClassCounts, [4, 3]);
  assert.deepEqual(d.summary.valClassCounts, [1, 2]);
});

test('featureStats are raw statistics of the training rows only; standard normalisation uses them for all rows', async () => {
  // training rows a = 1, 3 (mean 2, std 1); the validation row (a = 100) must not leak into the statistics
  const root = await workspace({
    'n.csv': csv(
      ['a', 'b', 'label'],
      [
        [1, 5, 0],
        [3, 5, 1],
        [100, 5, 0],
      ],
    ),
  });
  const d = await load(root, 'n.csv', { validationSplit: 0.33, data: { normalize: 'standard' } });
  assert.equal(d.trainRows, 2);
  assert.deepEqual(d.summary.featureStats[0], { name: 'a', mean: 2, std: 1, min: 1, max: 3 });
  assert.deepEqual(d.summary.featureStats[1], { name: 'b', mean: 5, std: 0, min: 5, max: 5 });
  assert.deepEqual(row(d.x, 2, 0), [-1, 0], 'std 0 divides by 1');
  assert.deepEqual(row(d.x, 2, 1), [1, 0]);
  assert.deepEqual(row(d.x, 2, 2), [98, 0]);
  assert.equal(d.summary.normalize, 'standard');
});

test('minmax normalisation maps the training range to [0, 1]; a constant feature keeps range 1', async () => {
  const root = await workspace({
    'n.csv': csv(
      ['a', 'b', 'label'],
      [
        [2, 5, 0],
        [4, 5, 1],
        [6, 5, 0],
        [8, 5, 1],
      ],
    ),
  });
  const d = await load(root, 'n.csv', { validationSplit: 0.25, data: { normalize: 'minmax' } });
  assert.deepEqual(Array.from(d.x), [0, 0, 0.5, 0, 1, 0, 1.5, 0]);
});

test('warning: a label-sorted file puts one class in the validation tail', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => [i / 40, i < 24 ? 0 : 1]);
  const root = await workspace({ 'sorted.csv': csv(['a', 'label'], rows) });
  const d = await load(root, 'sorted.csv', { validationSplit: 0.2 });
  const w = d.summary.warnings.find((p) => p.code === 'data/sorted-validation');
  assert.ok(w, 'sorted-validation warning');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /last 8 rows/);
  assert.match(w.message, /class "0" has 24 training rows but none in the validation tail/);
  assert.match(w.fix ?? '', /Shuffle the rows/);
});

test('warning: total variation distance above 0.3 fires, an interleaved file does not', async () => {
  // train 50/50, validation 90/10: TV = 0.4
  const train = Array.from({ length: 80 }, (_, i) => [i, i % 2]);
  const val = Array.from({ length: 20 }, (_, i) => [i, i < 18 ? 0 : 1]);
  const root = await workspace({ 'tv.csv': csv(['a', 'label'], [...train, ...val]), 'mixed.csv': csv(['a', 'label'], [...train, ...train.slice(0, 20)]) });
  const tv = await load(root, 'tv.csv', { validationSplit: 0.2, data: { normalize: 'standard' } });
  assert.match(tv.summary.warnings[0]?.message ?? '', /total variation distance 0\.40 > 0\.3/);
  const mixed = await load(root, 'mixed.csv', { validationSplit: 0.2, data: { normalize: 'standard' } });
  assert.deepEqual(mixed.summary.warnings, []);
});

test('warning: regression targets sorted by value', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => [Math.sin(i), i]);
  const root = await workspace({ 'r.csv': csv(['a', 'y'], rows) });
  const d = await load(root, 'r.csv', { validationSplit: 0.2, loss: 'meanSquaredError' });
  assert.ok(d.summary.warnings.some((p) => p.code === 'data/sorted-validation' && /sorted by the target/.test(p.message)));
});

test('warning: unnormalised features (large scale or offset) fire only with normalize "none"', async () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i / 10, 1000 + i, 50 + (i % 2), i % 2]);
  const root = await workspace({ 'u.csv': csv(['ok', 'big', 'offset', 'label'], rows) });
  const none = await load(root, 'u.csv');
  const w = none.summary.warnings.find((p) => p.code === 'data/unnormalized-features');
  assert.ok(w);
  assert.match(w.message, /2 of 3 features are far from normalised: "big" \(max \|value\| 1\.01e\+3\), "offset" \(mean 50\.5 against std 0\.500\)/);
  assert.match(w.fix ?? '', /"normalize": "standard"/);
  const std = await load(root, 'u.csv', { data: { normalize: 'standard' } });
  assert.equal(std.summary.warnings.length, 0);
});

test('a rare 0/1 indicator feature is not flagged as unnormalised', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => [i === 3 ? 0 : 1, (i % 5) / 5, i % 2]);
  const root = await workspace({ 'i.csv': csv(['flag', 'a', 'label'], rows) });
  const d = await load(root, 'i.csv');
  assert.deepEqual(d.summary.warnings, []);
});
