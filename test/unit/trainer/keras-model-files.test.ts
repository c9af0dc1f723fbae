/** The Keras engine's final weights become model-final/ in the fast engine's tfjs layers format. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '../../../src/data/npy';
import { KERAS_ENGINE_FILES as F } from '../../../src/keras/spec-to-script';
import { saveKerasFinalModel, savableLayers } from '../../../src/trainer/keras-model-files';
import { makeSpec } from './spec-fixture';

const SPEC = makeSpec([
  { type: 'dense', units: 2, activation: 'relu', useBias: true },
  { type: 'dropout', rate: 0.5 },
  { type: 'dense', units: 1, activation: 'sigmoid', useBias: false },
]);

function withRun(values: number[], body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-keras-model-'));
  mkdirSync(join(dir, F.dataDir));
  writeFileSync(join(dir, F.dataDir, F.finalWeights), encodeNpy('<f4', [values.length], values));
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('saveKerasFinalModel', () => {
  it('names the layers as the fast engine does and writes the weights in Keras order', async () => {
    assert.deepEqual(
      savableLayers(SPEC, 3).map((l) => l.name),
      ['dense_1', 'dropout_1', 'dense_2'],
    );
    // 3×2 kernel + 2 bias + 2×1 kernel (no bias).
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    await withRun(values, async (dir) => {
      assert.equal(await saveKerasFinalModel(dir, SPEC, 3), true);
      const json = JSON.parse(readFileSync(join(dir, 'model-final', 'model.json'), 'utf8')) as {
        weightsManifest: { weights: { name: string; shape: number[] }[] }[];
      };
      assert.deepEqual(
        json.weightsManifest[0].weights.map((w) => [w.name, w.shape]),
        [
          ['dense_1/kernel', [3, 2]],
          ['dense_1/bias', [2]],
          ['dense_2/kernel', [2, 1]],
        ],
      );
      const bin = readFileSync(join(dir, 'model-final', 'weights.bin'));
      assert.deepEqual(Array.from(new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4)), values);
    });
  });

  it('saves nothing from weights that do not fit the spec', async () => {
    await withRun([1, 2, 3], async (dir) => {
      assert.equal(await saveKerasFinalModel(dir, SPEC, 3), false);
    });
  });
});
