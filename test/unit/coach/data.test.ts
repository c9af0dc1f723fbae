import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coach } from '../../../src/coach/coach';
import { chanceLevel, entropy } from '../../../src/coach/chance';
import { fileSpec, seedSpec } from '../../fixtures/histories/specs';
import { synthesize } from '../../fixtures/histories/synthetic';
import { codes, find, seedDataset } from './helpers';

function dataFindings(spec = seedSpec(), dataset = seedDataset()) {
  const coach = new Coach({ spec, dataset });
  return coach.findings({ fresh: true });
}

test('clean seed-shaped data raises no data hazard', () => {
  assert.deepEqual(codes(dataFindings()), []);
});

test('unnormalized-features fires on raw features far from unit scale, with data.normalize "standard" as the fix', () => {
  const ds = seedDataset({
    normalize: 'none',
    featureStats: [
      { name: 'income', mean: 52340, std: 12000, min: 0, max: 200000 },
      { name: 'age', mean: 0.4, std: 0.3, min: 0, max: 1 },
    ],
  });
  const f = find(dataFindings(fileSpec('none'), ds), 'unnormalized-features');
  assert.ok(f);
  assert.match(f.message, /"income" has mean 5\.23e\+4/);
  assert.deepEqual(f.specPath, ['data', 'normalize']);
  assert.deepEqual(f.fixes[0].specEdits, [{ path: ['data', 'normalize'], value: 'standard' }]);
});

test('unnormalized-features does not fire on unit-scale raw features, nor once normalisation is on', () => {
  assert.equal(find(dataFindings(fileSpec('none'), seedDataset({ normalize: 'none' })), 'unnormalized-features'), undefined);
  const big = seedDataset({ normalize: 'standard', featureStats: [{ name: 'x', mean: 1e5, std: 1e4, min: 0, max: 2e5 }] });
  assert.equal(find(dataFindings(fileSpec('standard'), big), 'unnormalized-features'), undefined);
});

test('sorted-validation: a label-sorted file puts one class in the validation tail; the fix shuffles once before the split', () => {
  const ds = seedDataset({ trainClassCounts: [25000, 15000], valClassCounts: [0, 10000] });
  const f = find(dataFindings(fileSpec('standard'), ds), 'sorted-validation');
  assert.ok(f);
  assert.ok(f.evidence.distance > 0.5);
  assert.match(f.message, /hold 100% class "1", but training holds 38%/);
  const fix = f.fixes[0];
  assert.equal(fix.kind, 'shuffleBeforeSplit');
  assert.deepEqual(fix.specEdits[0], { path: ['data', 'shuffleBeforeSplit'], value: true });
  // Shuffled, the validation set means something again, so the fix also keeps the best epoch.
  const es = fix.specEdits.find((e) => e.path.join('.') === 'callbacks.earlyStopping');
  assert.equal((es?.value as { restoreBestWeights?: boolean } | undefined)?.restoreBestWeights, true);
  assert.match(fix.title, /\+ EarlyStopping\(patience \d+, restore best weights\)/);
  assert.match(fix.rationale ?? '', /validation_split takes the last 20% of the rows before any shuffling/);
  assert.match(fix.rationale ?? '', /np\.random\.default_rng\(0\)\.permutation/);
});

test('sorted-validation does not fire on a representative split', () => {
  const ds = seedDataset({ trainClassCounts: [20100, 19900], valClassCounts: [4950, 5050] });
  assert.equal(find(dataFindings(seedSpec(), ds), 'sorted-validation'), undefined);
});

test('class-imbalance fires under 10% minority, not at 30%', () => {
  const skewed = dataFindings(seedSpec(), seedDataset({ trainClassCounts: [38000, 2000], valClassCounts: [9500, 500] }));
  const f = find(skewed, 'class-imbalance');
  assert.ok(f);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /only 5\.0% of the training rows/);
  assert.equal(f.fixes.length, 1);
  assert.equal(f.fixes[0].kind, 'balanceClassWeights');
  assert.deepEqual(f.fixes[0].specEdits, [{ path: ['fit', 'classWeight'], value: 'balanced' }]);
  assert.ok(f.fixes[0].tradeoff, 'class weights raise the unweighted val_loss: marked as a trade-off');
  assert.match(f.fixes[0].rationale ?? '', /class 1: 10/, 'balanced weight of the 5% class is 40000 / (2 × 2000) = 10');
  const mild = dataFindings(seedSpec(), seedDataset({ trainClassCounts: [28000, 12000], valClassCounts: [7000, 3000] }));
  assert.equal(find(mild, 'class-imbalance'), undefined);
});

test('chance level: ln 2 for balanced BCE, prior entropy for skewed, ln k for k classes, variance for MSE', () => {
  assert.ok(Math.abs((chanceLevel(seedSpec()).loss ?? 0) - Math.log(2)) < 1e-12);
  const skew = chanceLevel(seedSpec(), seedDataset({ trainClassCounts: [30000, 10000] }));
  assert.ok(Math.abs((skew.loss ?? 0) - entropy([0.75, 0.25])) < 1e-12);
  assert.equal(skew.accuracy, 0.75);
  const multi = seedSpec({ compile: { ...seedSpec().compile, loss: 'sparseCategoricalCrossentropy' } });
  multi.model.layers[2] = { type: 'dense', units: 4, activation: 'softmax', useBias: true };
  assert.ok(Math.abs((chanceLevel(multi).loss ?? 0) - Math.log(4)) < 1e-12);
  const reg = seedSpec({ compile: { ...seedSpec().compile, loss: 'meanSquaredError' } });
  assert.equal(chanceLevel(reg, seedDataset({ task: 'regression', trainClassCounts: undefined, labelStd: 3 })).loss, 9);
});

test('initial-loss fires when the first epoch is far above chance, and a sigmoid+BCE start near ln 2 is fine', () => {
  const bad = synthesize({ epochs: 3, loss: () => 5, valLoss: () => 5 });
  const coach = new Coach({ spec: fileSpec('none') });
  for (const r of bad) coach.update(r);
  const f = find(coach.findings(), 'initial-loss');
  assert.ok(f);
  assert.ok(f.evidence.factor > 7);
  assert.equal(f.fixes[0].kind, 'normalizeFeatures');

  const ok = synthesize({ epochs: 3, loss: () => 0.69, valLoss: () => 0.69 });
  const fine = new Coach({ spec: seedSpec() });
  for (const r of ok) fine.update(r);
  assert.equal(find(fine.findings(), 'initial-loss'), undefined);
});

test('initial-loss: a 95/5 prior does not make the usual ln 2 start look broken', () => {
  const start = synthesize({ epochs: 3, loss: () => 0.69, valLoss: () => 0.69 });
  const coach = new Coach({ spec: seedSpec(), dataset: seedDataset({ trainClassCounts: [38000, 2000], valClassCounts: [9500, 500] }) });
  for (const r of start) coach.update(r);
  assert.equal(find(coach.findings(), 'initial-loss'), undefined);
});
