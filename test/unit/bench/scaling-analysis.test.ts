import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mlpParameters, scalingVerdict } from '../../../tools/bench/scaling-analysis';
import { autoChoice, measuredEpochs } from '../../../tools/bench/scaling';

test('mlpParameters counts kernels and biases (the seed model has 1,329)', () => {
  assert.equal(mlpParameters(64, [16, 16]), 64 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
  assert.equal(mlpParameters(64, [16, 16]), 1329);
  assert.equal(mlpParameters(64, [512, 512]), 64 * 512 + 512 + 512 * 512 + 512 + 512 + 1);
  assert.equal(mlpParameters(3, [], 2), 8);
});

test('scalingVerdict: exactly linear cost gives 1, fixed costs amortised give less', () => {
  const seed = { rows: 50_000, features: 64, hidden: [16, 16], msPerEpoch: 10 };
  const tenfoldRows = scalingVerdict({ ...seed, rows: 500_000, msPerEpoch: 100 }, seed);
  assert.equal(tenfoldRows.workRatio, 10);
  assert.equal(tenfoldRows.timeRatio, 10);
  assert.equal(tenfoldRows.costPerWorkRatio, 1);
  const wide = scalingVerdict({ ...seed, hidden: [128, 128], msPerEpoch: 94 }, seed);
  assert.equal(wide.parameters, 24_961);
  assert.ok(Math.abs(wide.workRatio - 24_961 / 1329) < 1e-12);
  assert.ok(wide.costPerWorkRatio < 1);
  assert.ok(Math.abs(wide.nsPerRowParameter - 94e6 / (50_000 * 24_961)) < 1e-12);
});

test('measuredEpochs gives the cheap rows many epochs and the widest one at least one', () => {
  assert.equal(measuredEpochs(2, 50_000, [16, 16]), 20);
  assert.ok(measuredEpochs(2, 50_000, [128, 128]) < 20);
  assert.equal(measuredEpochs(2, 500_000, [512, 512]), 1);
  assert.equal(measuredEpochs(1, 500_000, [512, 512]), 1);
});

test('autoChoice keeps the seed on the fast engine, hands the widest rows to Keras, and never picks Keras where it cannot run', () => {
  assert.equal(autoChoice(50_000, [16, 16], true).engine, 'fast');
  assert.equal(autoChoice(500_000, [512, 512], true).engine, 'keras');
  assert.deepEqual(autoChoice(500_000, [512, 512], false), { engine: 'fast', reason: 'Keras is not importable here' });
});
