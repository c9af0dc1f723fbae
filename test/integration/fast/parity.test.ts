/**
 * Parity with tfjs-layers (cpu backend): from the same initial weights and the same batch
 * order, every epoch's train loss (and metrics) over 50 epochs must agree within 1e-3 relative,
 * for every activation, loss and optimizer the fast engine claims, and for L1/L2.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Activation, FitwatchSpec, OptimizerSpec } from '../../../src/shared/spec';
import { createFastModel, type FastData, type FastModelOptions } from '../../../src/trainer/fast';
import { supportsRelaxedSimd } from '../../../src/trainer/fast/kernels-wasm';
import { batchOrders, buildWasmForTests, dense, glorotWeights, makeData, makeSpec, relErr, tfjsTrainLogs, type Task } from '../../unit/fast/helpers';

const EPOCHS = 50;
const TOLERANCE = 1e-3;

before(() => buildWasmForTests());

type Kernels = NonNullable<FastModelOptions['kernels']>;

async function fastTrainLogs(
  spec: FitwatchSpec,
  data: FastData,
  weights: Float32Array[],
  orders: Uint32Array[],
  kernels: Kernels,
): Promise<Record<string, number>[]> {
  const model = await createFastModel(spec, data, weights, { kernels });
  const logs: Record<string, number>[] = [];
  for (const order of orders) logs.push(await model.trainEpoch(order, () => false));
  model.dispose();
  return logs;
}

async function assertParity(spec: FitwatchSpec, task: Task, kernels: Kernels = 'wasm', data: FastData = makeData(task, 160, 6, 5)): Promise<void> {
  const weights = glorotWeights(spec, data.features);
  const orders = batchOrders(data.trainRows, EPOCHS);
  const expected = await tfjsTrainLogs(spec, data, weights, orders);
  const actual = await fastTrainLogs(spec, data, weights, orders, kernels);
  for (let e = 0; e < EPOCHS; e++) {
    for (const key of Object.keys(expected[e])) {
      assert.ok(key in actual[e], `epoch ${e}: fast logs lack "${key}"`);
      const err = key === 'acc' ? Math.abs(actual[e][key] - expected[e][key]) : relErr(actual[e][key], expected[e][key]);
      // Accuracy counts whole rows, so a prediction at 0.5000001 vs 0.4999999 flips one row.
      const tol = key === 'acc' ? 1.5 / data.trainRows : TOLERANCE;
      assert.ok(err <= tol, `epoch ${e} ${key}: fast ${actual[e][key]} vs tfjs ${expected[e][key]} (error ${err.toExponential(2)})`);
    }
  }
  // The runs must actually train, or parity would be trivially true.
  assert.ok(expected[EPOCHS - 1].loss < expected[0].loss, `tfjs loss did not decrease: ${expected[0].loss} → ${expected[EPOCHS - 1].loss}`);
}

const adam: OptimizerSpec = { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

describe('fast engine matches tfjs per-epoch train logs over 50 epochs', () => {
  const activations: Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus'];
  for (const act of activations) {
    it(`hidden activation ${act} (BCE, Adam)`, async () => {
      await assertParity(makeSpec({ layers: [dense(8, act), dense(6, act), dense(1, 'sigmoid')], optimizer: adam }), 'binary');
    });
  }

  it('binaryCrossentropy + accuracy, mse, mae metrics', async () => {
    await assertParity(makeSpec({ metrics: ['accuracy', 'mse', 'mae'] }), 'binary');
  });
  it('categoricalCrossentropy on softmax with one-hot labels', async () => {
    await assertParity(makeSpec({ layers: [dense(8, 'relu'), dense(3, 'softmax')], loss: 'categoricalCrossentropy' }), 'onehot');
  });
  it('sparseCategoricalCrossentropy on softmax with class indices', async () => {
    await assertParity(makeSpec({ layers: [dense(8, 'tanh'), dense(3, 'softmax')], loss: 'sparseCategoricalCrossentropy' }), 'sparse');
  });
  it('meanSquaredError regression with mae metric', async () => {
    await assertParity(makeSpec({ layers: [dense(8, 'relu'), dense(1, 'linear')], loss: 'meanSquaredError', metrics: ['mae'] }), 'regression');
  });
  it('meanAbsoluteError regression with mse metric', async () => {
    await assertParity(makeSpec({ layers: [dense(8, 'elu'), dense(1, 'linear')], loss: 'meanAbsoluteError', metrics: ['mse'] }), 'regression');
  });

  const optimizers: [string, OptimizerSpec][] = [
    ['sgd', { type: 'sgd', learningRate: 0.1, momentum: 0, nesterov: false }],
    ['sgd momentum', { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false }],
    ['sgd nesterov', { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true }],
    ['rmsprop', { type: 'rmsprop', learningRate: 0.005, rho: 0.9, momentum: 0, epsilon: 1e-7 }],
    ['rmsprop momentum', { type: 'rmsprop', learningRate: 0.002, rho: 0.9, momentum: 0.5, epsilon: 1e-7 }],
    ['adam custom betas', { type: 'adam', learningRate: 0.005, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }],
  ];
  for (const [name, optimizer] of optimizers) {
    it(`optimizer ${name}`, async () => {
      await assertParity(makeSpec({ optimizer }), 'binary');
    });
  }

  it('L1 and L2 kernel regularisers, no-bias layer', async () => {
    await assertParity(
      makeSpec({ layers: [dense(8, 'relu', { l1: 0.001, l2: 0.01 }), dense(6, 'relu', { useBias: false, l2: 0.005 }), dense(1, 'sigmoid', { l1: 0.002 })] }),
      'binary',
    );
  });
  it('dropout rate 0 is the identity', async () => {
    await assertParity(makeSpec({ layers: [dense(8, 'relu'), { type: 'dropout', rate: 0 }, dense(1, 'sigmoid')] }), 'binary');
  });
  it('the seed shape (64 → 16 relu → 16 relu → 1 sigmoid) on the 16-wide SIMD path', async () => {
    await assertParity(makeSpec({ batchSize: 50 }), 'binary', 'wasm', makeData('binary', 400, 64, 9));
  });
  // 130 and 64 wide: the packed GEMM tiles, a K block edge, and 2-column tails (130 = 16·8 + 2).
  const wide = (): FitwatchSpec => makeSpec({ batchSize: 50, layers: [dense(130, 'relu'), dense(64, 'relu'), dense(1, 'sigmoid')] });
  it('a wide model (64 → 130 relu → 64 relu → 1) on the packed tiles, strict SIMD build', async () => {
    await assertParity(wide(), 'binary', 'wasm-simd', makeData('binary', 400, 64, 9));
  });
  it(`a wide model on the build auto picks here (${supportsRelaxedSimd() ? 'relaxed SIMD' : 'strict SIMD: no relaxed SIMD in this runtime'})`, async () => {
    await assertParity(wide(), 'binary', 'auto', makeData('binary', 400, 64, 9));
  });
  it('the JS fallback kernels match too', async () => {
    await assertParity(makeSpec(), 'binary', 'js');
  });
});
