/**
 * fit.classWeight in both engines: Keras' sample-weighted loss Σ wᵢ·lossᵢ / rows on training
 * batches, metrics as weighted means, validation unweighted.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/trainer/backend';
import { createFastModel, type FastData } from '../../../src/trainer/fast';
import { createTfjsModel } from '../../../src/trainer/tfjs/tfjs-model';
import type { FitwatchSpec, OptimizerSpec } from '../../../src/shared/spec';
import { batchOrders, buildWasmForTests, dense, glorotWeights, makeData, makeSpec, relErr } from './helpers';

before(() => buildWasmForTests());

const sgd = (learningRate: number): OptimizerSpec => ({ type: 'sgd', learningRate, momentum: 0, nesterov: false });

/** Per-class weights as one weight per training row of `data` (binary or sparse labels). */
function weighted(data: FastData, perClass: number[]): FastData {
  return { ...data, sampleWeight: Float32Array.from({ length: data.trainRows }, (_, r) => perClass[Math.round(data.y[r])]) };
}

async function fastLogs(spec: FitwatchSpec, data: FastData, orders: Uint32Array[]): Promise<{ logs: Record<string, number>[]; weights: Float32Array[] }> {
  const model = await createFastModel(spec, data, glorotWeights(spec, data.features));
  const logs: Record<string, number>[] = [];
  for (const order of orders) logs.push({ ...(await model.trainEpoch(order, () => false)), ...(await model.evaluate()) });
  const weights = model.getWeights();
  model.dispose();
  return { logs, weights };
}

describe('fit.classWeight', () => {
  it('a uniform weight c is the same as SGD at c × the rate, and reports c × the loss (fast engine)', async () => {
    const data = makeData('binary', 200, 5);
    const orders = batchOrders(data.trainRows, 10);
    const plain = await fastLogs(makeSpec({ optimizer: sgd(0.2), metrics: ['accuracy'] }), data, orders);
    const doubled = await fastLogs(makeSpec({ optimizer: sgd(0.1), metrics: ['accuracy'] }), weighted(data, [2, 2]), orders);
    plain.weights.forEach((w, i) =>
      w.forEach((v, j) => assert.ok(Math.abs(doubled.weights[i][j] - v) < 1e-4, `weight ${i}[${j}]: ${doubled.weights[i][j]} vs ${v}`)),
    );
    for (let e = 0; e < orders.length; e++) {
      assert.ok(relErr(doubled.logs[e].loss, 2 * plain.logs[e].loss) < 1e-4, `epoch ${e} loss ${doubled.logs[e].loss} vs 2 × ${plain.logs[e].loss}`);
      assert.ok(Math.abs(doubled.logs[e].acc - plain.logs[e].acc) < 1e-6, 'accuracy is a weighted mean: a uniform weight leaves it alone');
      assert.ok(relErr(doubled.logs[e].val_loss, plain.logs[e].val_loss) < 1e-4, 'validation is not weighted');
    }
  });

  it('the tfjs engine computes the same weighted run as the fast engine', async () => {
    await selectBackend('cpu');
    for (const task of ['binary', 'sparse'] as const) {
      const spec =
        task === 'binary'
          ? makeSpec({ optimizer: sgd(0.1), metrics: ['accuracy'] })
          : makeSpec({ layers: [dense(8, 'relu'), dense(3, 'softmax')], loss: 'sparseCategoricalCrossentropy', optimizer: sgd(0.1), metrics: ['accuracy'] });
      const data = weighted(makeData(task, 200, 5, 2), task === 'binary' ? [0.4, 3] : [0.5, 1, 2.5]);
      const orders = batchOrders(data.trainRows, 8);
      const fast = await fastLogs(spec, data, orders);
      const model = createTfjsModel({
        spec,
        data: { ...data, summary: { labelName: 'y' } },
        initialWeights: glorotWeights(spec, data.features),
        seed: 1,
        outputUnits: task === 'binary' ? 1 : 3,
      });
      for (let e = 0; e < orders.length; e++) {
        const logs = { ...(await model.trainEpoch(orders[e], () => false)), ...(await model.evaluate()) };
        for (const key of ['loss', 'val_loss'])
          assert.ok(relErr(logs[key], fast.logs[e][key]) < 2e-3, `${task} epoch ${e} ${key}: tfjs ${logs[key]} vs fast ${fast.logs[e][key]}`);
        assert.ok(Math.abs(logs.acc - fast.logs[e].acc) < 0.02, `${task} epoch ${e} acc: tfjs ${logs.acc} vs fast ${fast.logs[e].acc}`);
      }
      model.dispose();
    }
  });
});
