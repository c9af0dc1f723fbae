/** FastModel behaviour beyond parity: evaluate, dropout, learning rate, stop, yields, health, errors. */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { FitwatchError } from '../../../src/shared/location';
import { createFastModel } from '../../../src/trainer/fast';
import { batchOrders, buildWasmForTests, dense, glorotWeights, makeData, makeSpec, relErr, tfjsModel } from './helpers';

before(() => buildWasmForTests());

const sgd0 = { type: 'sgd' as const, learningRate: 0, momentum: 0, nesterov: false };

describe('FastModel', () => {
  it('evaluate() equals tfjs model.evaluate plus the L1/L2 penalty (Keras val_loss)', async () => {
    await tf.setBackend('cpu');
    const spec = makeSpec({ layers: [dense(8, 'relu', { l2: 0.01 }), dense(1, 'sigmoid', { l1: 0.003 })], metrics: ['accuracy', 'mae'] });
    const data = makeData('binary', 300, 5);
    const weights = glorotWeights(spec, data.features);
    const model = await createFastModel(spec, data, weights);
    const logs = await model.evaluate();
    const ref = tfjsModel(spec, data.features, weights);
    ref.compile({ optimizer: 'sgd', loss: spec.compile.loss, metrics: spec.compile.metrics });
    const valRows = data.rows - data.trainRows;
    const xv = tf.tensor2d(data.x.subarray(data.trainRows * data.features), [valRows, data.features]);
    const yv = tf.tensor2d(data.y.subarray(data.trainRows), [valRows, 1]);
    const out = ref.evaluate(xv, yv) as tf.Scalar[];
    const [loss, acc, mae] = out.map((t) => t.dataSync()[0]);
    let penalty = 0;
    for (const [i, r] of [
      [0, { l1: 0, l2: 0.01 }],
      [2, { l1: 0.003, l2: 0 }],
    ] as const) {
      for (const v of weights[i]) penalty += r.l1 * Math.abs(v) + r.l2 * v * v;
    }
    assert.ok(penalty > 0);
    assert.deepEqual(Object.keys(logs).sort(), ['val_acc', 'val_loss', 'val_mae']);
    assert.ok(relErr(logs.val_loss, loss + penalty) < 1e-5, `${logs.val_loss} vs ${loss + penalty}`);
    assert.ok(Math.abs(logs.val_acc - acc) < 1e-6);
    assert.ok(relErr(logs.val_mae, mae) < 1e-5);
    tf.dispose([xv, yv, ...out]);
    ref.dispose();
  });

  it('evaluate() is empty without validation rows', async () => {
    const spec = makeSpec();
    const data = { ...makeData('binary', 50, 4), trainRows: 50 };
    const model = await createFastModel(spec, data, glorotWeights(spec, 4));
    assert.deepEqual(await model.evaluate(), {});
  });

  it('dropout scales kept units by 1/(1 − rate) in training only', async () => {
    // One linear unit summing 1000 inputs of 1 through dropout 0.5. Training outputs are
    // 2·Binomial(1000, 0.5): mean 1000, variance 1000; inference outputs exactly 1000.
    // With labels 1000 and MSE, the train loss estimates that variance, the val loss is 0.
    const features = 1000;
    const rows = 400;
    const spec = makeSpec({
      layers: [{ type: 'dropout', rate: 0.5 }, dense(1, 'linear', { useBias: false })],
      loss: 'meanSquaredError',
      metrics: ['mae'],
      optimizer: sgd0,
      batchSize: 400,
    });
    const data = { x: new Float32Array(rows * features).fill(1), y: new Float32Array(rows).fill(1000), labelWidth: 1, rows, features, trainRows: 200 };
    const model = await createFastModel(spec, data, [new Float32Array(features).fill(1)]);
    const train = await model.trainEpoch(batchOrders(200, 1)[0], () => false);
    const val = await model.evaluate();
    assert.deepEqual(val, { val_loss: 0, val_mae: 0 });
    // Unscaled dropout would be off by ~500; scaled, the sample variance of 200 rows is 1000 ± 100.
    assert.ok(train.loss > 600 && train.loss < 1400, `training output variance ${train.loss}`);
    assert.ok(train.mae > 10 && train.mae < 45, `mean |output − 1000| = ${train.mae}`);
  });

  it('dropout training is seeded: same seed, same run; it still learns', async () => {
    const layers = [dense(16, 'relu'), { type: 'dropout' as const, rate: 0.3 }, dense(1, 'sigmoid')];
    const data = makeData('binary', 400, 6);
    const orders = batchOrders(data.trainRows, 20);
    const run = async (seed: number): Promise<number[]> => {
      const spec = makeSpec({ layers, seed });
      const model = await createFastModel(spec, data, glorotWeights(spec, data.features));
      const losses: number[] = [];
      for (const o of orders) losses.push((await model.trainEpoch(o, () => false)).loss);
      return losses;
    };
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(a[19] < 0.8 * a[0], `loss ${a[0]} → ${a[19]}`);
  });

  it('a learning-rate change takes effect from the next batch', async () => {
    const spec = makeSpec({ optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0, nesterov: false } });
    const data = makeData('binary', 200, 4);
    const w0 = glorotWeights(spec, 4);
    const model = await createFastModel(spec, data, w0);
    model.learningRate = 0;
    await model.trainEpoch(batchOrders(data.trainRows, 1)[0], () => false);
    assert.deepEqual(model.getWeights(), w0);
    model.learningRate = 0.1;
    await model.trainEpoch(batchOrders(data.trainRows, 1)[0], () => false);
    assert.notDeepEqual(model.getWeights(), w0);
  });

  it('shouldStop ends the epoch after the current batch', async () => {
    const spec = makeSpec();
    const data = makeData('binary', 400, 4);
    const order = batchOrders(data.trainRows, 1)[0];
    const w0 = glorotWeights(spec, 4);
    const stopped = await createFastModel(spec, data, w0);
    let calls = 0;
    const logs = await stopped.trainEpoch(order, () => ++calls >= 2);
    assert.equal(calls, 2);
    const twoBatches = await createFastModel(spec, data, w0);
    const expected = await twoBatches.trainEpoch(order.subarray(0, 2 * spec.fit.batchSize), () => false);
    assert.deepEqual(logs, expected);
    assert.deepEqual(stopped.getWeights(), twoBatches.getWeights());
  });

  it('yields to the event loop inside an epoch, so a stop request gets through', async () => {
    const spec = makeSpec({ batchSize: 10 });
    const data = makeData('binary', 500, 4);
    const model = await createFastModel(spec, data, glorotWeights(spec, 4), { yieldEveryMs: 0 });
    let stop = false;
    let batches = 0;
    setImmediate(() => (stop = true));
    await model.trainEpoch(batchOrders(data.trainRows, 1)[0], () => (batches++, stop));
    assert.ok(batches < data.trainRows / 10, `ran all ${batches} batches without yielding`);
  });

  it('health() reports per-layer norms and dead ReLU units', async () => {
    const spec = makeSpec({ layers: [dense(4, 'relu'), dense(3, 'tanh'), dense(1, 'sigmoid')] });
    const data = makeData('binary', 100, 2);
    data.x.fill(1);
    const weights = glorotWeights(spec, 2);
    // All-negative first kernel and inputs of 1: every unit of dense_1 is dead.
    weights[0] = new Float32Array(8).fill(-1);
    const model = await createFastModel(spec, data, weights);
    const before = model.getWeights();
    const h = await model.health();
    assert.deepEqual(
      h.map((l) => l.layer),
      ['dense_1', 'dense_2', 'dense_3'],
    );
    assert.equal(h[0].deadFraction, 1);
    assert.equal(h[0].gradNorm, 0);
    assert.equal(h[0].weightNorm, Math.sqrt(8));
    assert.equal(h[1].deadFraction, undefined);
    assert.ok(h[2].gradNorm > 0 && Number.isFinite(h[2].gradNorm));
    assert.deepEqual(model.getWeights(), before, 'health() must not update weights');
  });

  it('getWeights/setWeights round-trip in Keras order', async () => {
    const spec = makeSpec({ layers: [dense(5, 'relu'), dense(2, 'softmax', { useBias: false })], loss: 'categoricalCrossentropy' });
    const data = makeData('onehot', 60, 3, 1, 2);
    const w = glorotWeights(spec, 3);
    const model = await createFastModel(spec, data, w);
    assert.deepEqual(
      model.getWeights().map((a) => a.length),
      [15, 5, 10],
    );
    assert.equal(model.parameters, 30);
    const w2 = w.map((a) => a.map((v) => v * 2));
    model.setWeights(w2);
    assert.deepEqual(model.getWeights(), w2);
  });

  it('errors name what is wrong', async () => {
    const spec = makeSpec();
    const data = makeData('binary', 100, 4);
    const w = glorotWeights(spec, 4);
    await assert.rejects(createFastModel(spec, { ...data, labelWidth: 3, y: new Float32Array(300) }, w), (e: unknown) => {
      assert.ok(e instanceof FitwatchError);
      assert.deepEqual(e.problem.location?.jsonPath, ['model', 'layers', 2, 'units']);
      assert.match(e.message, /1 units but each label has 3 values/);
      return true;
    });
    await assert.rejects(createFastModel(spec, data, w.slice(1)), /expected 6 weight arrays/);
    await assert.rejects(createFastModel(spec, data, [w[0].subarray(1), ...w.slice(1)]), /weight 0 \(dense_1\/kernel \[4×16\]\) needs 64 floats, got 63/);
    const model = await createFastModel(spec, data, w);
    await assert.rejects(
      model.trainEpoch(Uint32Array.of(0, 95), () => false),
      /order\[1\] = 95 is not a training row/,
    );
    model.dispose();
    await assert.rejects(model.evaluate(), /disposed/);
  });
});
