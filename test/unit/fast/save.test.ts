/** save(): model.json + weights.bin in tfjs layers format that tf.loadLayersModel reads back. */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createFastModel } from '../../../src/trainer/fast';
import { batchOrders, buildWasmForTests, dense, glorotWeights, makeData, makeSpec, tfjsModel } from './helpers';

before(() => buildWasmForTests());

interface SavedModelJson {
  modelTopology: object;
  format: string;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

describe('FastModel.save', () => {
  const cases = {
    'seed model': makeSpec(),
    'dropout, regularisers, no-bias, softmax': makeSpec({
      layers: [
        { type: 'dropout', rate: 0.1 },
        dense(7, 'elu', { l1: 0.01, l2: 0.02 }),
        { type: 'dropout', rate: 0.25 },
        dense(3, 'softmax', { useBias: false }),
      ],
      loss: 'categoricalCrossentropy',
    }),
  };
  for (const [name, spec] of Object.entries(cases)) {
    it(`round-trips through tf.loadLayersModel: ${name}`, async () => {
      await tf.setBackend('cpu');
      const units = spec.model.layers.filter((l) => l.type === 'dense').at(-1)?.units ?? 1;
      const data = units === 1 ? makeData('binary', 120, 5) : makeData('onehot', 120, 5);
      const model = await createFastModel(spec, data, glorotWeights(spec, data.features));
      await model.trainEpoch(batchOrders(data.trainRows, 1)[0], () => false);
      const dir = await mkdtemp(join(tmpdir(), 'fitwatch-fast-save-'));
      try {
        await model.save(dir);
        const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as SavedModelJson;
        const bin = await readFile(join(dir, 'weights.bin'));
        const trained = model.getWeights();

        // The topology is exactly what tfjs itself writes for this model.
        const reference = tfjsModel(spec, data.features, trained);
        assert.deepEqual(json.modelTopology, reference.toJSON(null, false));
        assert.equal(json.format, 'layers-model');
        assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);

        const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
        const loaded = await tf.loadLayersModel(
          tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }),
        );
        const loadedWeights = loaded.getWeights().map((w) => w.dataSync());
        assert.deepEqual(
          loadedWeights.map((w) => Array.from(w)),
          trained.map((w) => Array.from(w)),
        );

        const x = tf.tensor2d(data.x.subarray(0, 10 * data.features), [10, data.features]);
        const a = (loaded.predict(x) as tf.Tensor).dataSync();
        const b = (reference.predict(x) as tf.Tensor).dataSync();
        assert.deepEqual(Array.from(a), Array.from(b));
        tf.dispose(x);
        loaded.dispose();
        reference.dispose();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
