import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/trainer/backend';
import { initialWeights } from '../../../src/trainer/init';
import { identityOrder } from '../../../src/trainer/prng';
import { createTfjsModel } from '../../../src/trainer/tfjs/tfjs-model';
import { binaryData, makeSpec, SMALL_LAYERS } from './spec-fixture';

test('the tfjs engine learns, starts from the given weights, and does not leak tensors', async () => {
  await selectBackend('cpu');
  const spec = makeSpec([...SMALL_LAYERS.slice(0, 1), { type: 'dropout', rate: 0.1 }, SMALL_LAYERS[1]]);
  const data = binaryData();
  const init = initialWeights(spec, 8, 1, 7);
  const model = createTfjsModel({ spec, data, initialWeights: init, seed: 7, outputUnits: 1 });
  try {
    assert.deepEqual(model.getWeights(), init);
    assert.equal(model.parameters, 8 * 8 + 8 + 8 + 1);
    const order = identityOrder(data.trainRows);
    const first = { ...(await model.trainEpoch(order, () => false)), ...(await model.evaluate()) };
    let last = first;
    let tensorsAfterSecond = 0;
    for (let e = 1; e < 15; e++) {
      last = { ...(await model.trainEpoch(order, () => false)), ...(await model.evaluate()) };
      if (e === 1) tensorsAfterSecond = tf.memory().numTensors;
    }
    assert.ok(last.loss < first.loss * 0.7, `loss ${first.loss} → ${last.loss}`);
    assert.ok(last.val_loss < first.val_loss, `val_loss ${first.val_loss} → ${last.val_loss}`);
    assert.ok(last.acc > 0.85 && last.val_acc > 0.8, JSON.stringify(last));
    assert.equal(tf.memory().numTensors, tensorsAfterSecond);
    const health = await model.health();
    assert.deepEqual(
      health.map((h) => h.layer),
      ['dense', 'dense_1'],
    );
    assert.ok(health.every((h) => h.gradNorm > 0 && h.weightNorm > 0));
    assert.equal(typeof health[0].deadFraction, 'number');
    assert.equal(tf.memory().numTensors, tensorsAfterSecond);
  } finally {
    model.dispose();
  }
});

test('a stop after the first batch ends the epoch early; the learning rate is mutable for every optimizer', async () => {
  await selectBackend('cpu');
  const data = binaryData();
  for (const optimizer of [
    { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
    { type: 'sgd', learningRate: 0.1, momentum: 0, nesterov: false },
    { type: 'rmsprop', learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7 },
  ] as const) {
    const spec = makeSpec(SMALL_LAYERS, { compile: { loss: 'binaryCrossentropy', optimizer, metrics: ['accuracy', 'mse'] } });
    const model = createTfjsModel({ spec, data, initialWeights: initialWeights(spec, 8, 1, 1), seed: 1, outputUnits: 1 });
    try {
      model.learningRate = 0;
      const before = model.getWeights();
      let batches = 0;
      const logs = await model.trainEpoch(identityOrder(data.trainRows), () => ++batches >= 1);
      assert.equal(batches, 1);
      assert.deepEqual(Object.keys(logs).sort(), ['acc', 'loss', 'mse']);
      // Learning rate 0: one step changes nothing (momentum starts at zero), proving the rate is read per step.
      assert.deepEqual(model.getWeights(), before, optimizer.type);
      model.learningRate = 0.05;
      assert.equal(model.learningRate, 0.05);
      await model.trainEpoch(identityOrder(data.trainRows), () => false);
      assert.notDeepEqual(model.getWeights(), before);
    } finally {
      model.dispose();
    }
  }
});

test('sparse categorical labels train against a softmax and save in tfjs layers format', async () => {
  await selectBackend('cpu');
  const base = binaryData(300, 4, 5);
  const y = base.y.map((v, i) => (v === 1 ? 2 : i % 2));
  const data = { ...base, y, summary: { labelName: 'c', classes: ['a', 'b', 'c'] } };
  const spec = makeSpec(
    [
      { type: 'dense', units: 6, activation: 'tanh', useBias: true, kernelRegularizer: { l1: 0, l2: 0.01 } },
      { type: 'dense', units: 3, activation: 'softmax', useBias: true },
    ],
    {
      compile: {
        loss: 'sparseCategoricalCrossentropy',
        optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
        metrics: ['accuracy'],
      },
    },
  );
  const model = createTfjsModel({ spec, data, initialWeights: initialWeights(spec, 4, 3, 2), seed: 2, outputUnits: 3 });
  try {
    const logs = await model.trainEpoch(identityOrder(data.trainRows), () => false);
    const val = await model.evaluate();
    // Chance-level cross-entropy for 3 classes is ln 3 ≈ 1.10; the L2 penalty adds a little on top.
    assert.ok(logs.loss > 0.3 && logs.loss < 2, String(logs.loss));
    assert.ok(val.val_acc >= 0 && val.val_acc <= 1);
    const dir = join(mkdtempSync(join(tmpdir(), 'fw-save-')), 'model');
    await model.save(dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { format: string; weightsManifest: { paths: string[] }[] };
    assert.equal(json.format, 'layers-model');
    assert.deepEqual(json.weightsManifest[0].paths, ['./weights.bin']);
    assert.equal(readFileSync(join(dir, 'weights.bin')).byteLength, (4 * 6 + 6 + 6 * 3 + 3) * 4);
    assert.ok(!existsSync(join(dir, 'model.json.tmp')));
  } finally {
    model.dispose();
  }
});
