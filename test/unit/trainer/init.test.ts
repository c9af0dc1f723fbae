import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitwatchError } from '../../../src/shared/location';
import { checkOutputUnits, initialWeights, parameterCount, requiredOutputUnits } from '../../../src/trainer/init';
import { makeSpec, SMALL_LAYERS } from './spec-fixture';

test('initial weights are Keras-ordered: kernel [in, out] then bias, per dense layer', () => {
  const spec = makeSpec([
    { type: 'dense', units: 16, activation: 'relu', useBias: true },
    { type: 'dropout', rate: 0.5 },
    { type: 'dense', units: 4, activation: 'relu', useBias: false },
    { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
  ]);
  const w = initialWeights(spec, 64, 1, 1);
  assert.deepEqual(
    w.map((a) => a.length),
    [64 * 16, 16, 16 * 4, 4 * 1, 1],
  );
  assert.equal(parameterCount(spec, 64), 64 * 16 + 16 + 16 * 4 + 4 + 1);
});

test('kernels are Glorot-uniform within ±sqrt(6/(fanIn+fanOut)) and biases are zero', () => {
  const spec = makeSpec([
    { type: 'dense', units: 16, activation: 'relu', useBias: true },
    { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
  ]);
  const [k1, b1, k2, b2] = initialWeights(spec, 64, 1, 42);
  const limit1 = Math.sqrt(6 / (64 + 16));
  const limit2 = Math.sqrt(6 / (16 + 1));
  assert.ok(k1.every((v) => Math.abs(v) <= limit1));
  assert.ok(k2.every((v) => Math.abs(v) <= limit2));
  // Spread over the range, not stuck near zero: the sample max is close to the limit.
  assert.ok(Math.max(...k1.map(Math.abs)) > 0.9 * limit1);
  const mean = k1.reduce((s, v) => s + v, 0) / k1.length;
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(b1.every((v) => v === 0) && b2.every((v) => v === 0));
});

test('the same seed gives the same weights; another seed different ones', () => {
  const spec = makeSpec(SMALL_LAYERS);
  assert.deepEqual(initialWeights(spec, 8, 1, 5), initialWeights(spec, 8, 1, 5));
  assert.notDeepEqual(initialWeights(spec, 8, 1, 5)[0], initialWeights(spec, 8, 1, 6)[0]);
});

test('sparse labels with 3 classes and a 2-unit output layer name model.layers[i].units', () => {
  const spec = makeSpec(
    [
      { type: 'dense', units: 8, activation: 'relu', useBias: true },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 2, activation: 'softmax', useBias: true },
    ],
    { compile: { loss: 'sparseCategoricalCrossentropy', optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0, nesterov: false }, metrics: ['accuracy'] } },
  );
  const need = requiredOutputUnits(spec, { labelWidth: 1, summary: { labelName: 'species', classes: ['a', 'b', 'c'] } }, '/ws/iris.fitwatch.json');
  assert.equal(need.units, 3);
  assert.throws(
    () => checkOutputUnits(spec, need, '/ws/iris.fitwatch.json'),
    (err: unknown) => {
      assert.ok(err instanceof FitwatchError);
      assert.deepEqual(err.problem.location?.jsonPath, ['model', 'layers', 2, 'units']);
      assert.equal(err.problem.location?.file, '/ws/iris.fitwatch.json');
      assert.match(err.problem.message, /model\.layers\[2\]\.units is 2.*3 classes/);
      assert.match(err.problem.fix ?? '', /Set model\.layers\[2\]\.units to 3/);
      return true;
    },
  );
});

test('one-hot labels need as many units as label columns; a matching layer passes', () => {
  const spec = makeSpec([{ type: 'dense', units: 4, activation: 'softmax', useBias: true }], {
    compile: { loss: 'categoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, metrics: [] },
  });
  const need = requiredOutputUnits(spec, { labelWidth: 4, summary: { labelName: 'y', classes: ['a', 'b', 'c', 'd'] } }, 'x.fitwatch.json');
  assert.equal(checkOutputUnits(spec, need, 'x.fitwatch.json'), 4);
});

test('initialWeights refuses an output size that does not match the last dense layer', () => {
  assert.throws(() => initialWeights(makeSpec(SMALL_LAYERS), 8, 3, 1), FitwatchError);
});
