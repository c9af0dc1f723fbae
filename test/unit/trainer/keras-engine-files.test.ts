/** The Keras engine's run-folder inputs: the training and validation rows, class weights and initial weights, as the fast engine sees them. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/data/dataset';
import { parseNpy } from '../../../src/data/npy';
import { KERAS_ENGINE_FILES as F } from '../../../src/keras/spec-to-script';
import { writeKerasEngineInputs } from '../../../src/trainer/keras-engine-files';
import { makeSpec, SMALL_LAYERS } from './spec-fixture';

function dataset(sampleWeight?: Float32Array): Dataset {
  // 5 rows × 2 features, the last 2 rows for validation.
  const x = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const y = Float32Array.from([0, 1, 0, 1, 1]);
  const summary: Dataset['summary'] = {
    source: 'unit',
    format: 'csv',
    rows: 5,
    features: 2,
    featureNames: ['a', 'b'],
    labelName: 'y',
    task: 'binary',
    trainRows: 3,
    valRows: 2,
    normalize: 'none',
    featureStats: [],
    loadMs: 0,
    warnings: [],
  };
  return { x, y, labelWidth: 1, rows: 5, features: 2, trainRows: 3, summary, ...(sampleWeight ? { sampleWeight } : {}) };
}

function read(dir: string, name: string): { shape: number[]; values: number[] } {
  const a = parseNpy(readFileSync(join(dir, F.dataDir, name)), name);
  return { shape: a.shape, values: Array.from(a.values) };
}

describe('writeKerasEngineInputs', () => {
  it('splits the rows where the loader did and flattens the weights in get_weights order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fitwatch-keras-inputs-'));
    try {
      const weights = [Float32Array.from([1, 2]), Float32Array.from([3])];
      const script = writeKerasEngineInputs({
        runDir: dir,
        spec: makeSpec(SMALL_LAYERS),
        specFile: join(dir, 'specs', 'a.fitwatch.json'),
        workspaceRoot: dir,
        data: dataset(Float32Array.from([2, 0.5, 2])),
        weights,
        seed: 4,
      });
      assert.equal(script, join(dir, F.script));
      assert.deepEqual(read(dir, F.xTrain), { shape: [3, 2], values: [0, 1, 2, 3, 4, 5] });
      assert.deepEqual(read(dir, F.yTrain), { shape: [3, 1], values: [0, 1, 0] });
      assert.deepEqual(read(dir, F.xVal), { shape: [2, 2], values: [6, 7, 8, 9] });
      assert.deepEqual(read(dir, F.yVal), { shape: [2, 1], values: [1, 1] });
      assert.deepEqual(read(dir, F.sampleWeight), { shape: [3], values: [2, 0.5, 2] });
      assert.deepEqual(read(dir, F.initialWeights), { shape: [3], values: [1, 2, 3] });
      const text = readFileSync(script, 'utf8');
      assert.match(text, /Keras 3 training of specs\/a\.fitwatch\.json/);
      assert.match(text, /sample_weight=load/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes no validation or weight files for a run without them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fitwatch-keras-inputs-'));
    try {
      const data = { ...dataset(), trainRows: 5 };
      writeKerasEngineInputs({ runDir: dir, spec: makeSpec(SMALL_LAYERS), workspaceRoot: dir, data, weights: [new Float32Array(1)], seed: 1 });
      assert.equal(existsSync(join(dir, F.dataDir, F.xVal)), false);
      assert.equal(existsSync(join(dir, F.dataDir, F.sampleWeight)), false);
      assert.doesNotMatch(readFileSync(join(dir, F.script), 'utf8'), /validation_data/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
