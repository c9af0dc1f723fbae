import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec, specSnapshotText } from '../../../src/shared/spec';

const ROOT = join(__dirname, '..', '..', '..');

/** Parses `text` and fails with the problems when it does not parse. */
function parsed(text: string, file: string): NonNullable<ReturnType<typeof parseSpec>['spec']> {
  const r = parseSpec(text, file);
  assert.ok(r.spec, `${file} does not parse: ${JSON.stringify(r.problems)}`);
  assert.deepEqual(
    r.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return r.spec;
}

test('the run-folder snapshot of the seed spec parses back to the same resolved spec', () => {
  const file = join(ROOT, 'examples', 'seed.fitwatch.json');
  const spec = parsed(readFileSync(file, 'utf8'), file);
  const snapshot = specSnapshotText(spec);
  assert.doesNotMatch(snapshot, /"kind"/);
  assert.deepEqual(parsed(snapshot, 'spec.fitwatch.json'), spec);
});

test('a file spec with callbacks, dropout, regularizers and columns round-trips', () => {
  const text = `{
    "name": "full",
    "data": { "path": "data/train.csv", "labelColumn": "y", "featureColumns": ["a", 2], "header": true, "normalize": "minmax" },
    "model": { "layers": [
      { "type": "dense", "units": 8, "activation": "relu", "kernelRegularizer": { "l2": 0.001 } },
      { "type": "dropout", "rate": 0.25 },
      { "type": "dense", "units": 3, "activation": "softmax", "useBias": false }
    ] },
    "compile": { "loss": "sparseCategoricalCrossentropy", "optimizer": { "type": "sgd", "learningRate": 0.1, "momentum": 0.9, "nesterov": true }, "metrics": ["accuracy"] },
    "fit": { "epochs": 30, "batchSize": 16, "validationSplit": 0.1, "shuffle": false, "seed": 3 },
    "callbacks": {
      "reduceLROnPlateau": { "monitor": "val_loss", "factor": 0.2, "patience": 4, "cooldown": 2, "minLr": 1e-5 },
      "earlyStopping": { "monitor": "val_acc", "patience": 6, "restoreBestWeights": true, "baseline": 0.5 }
    },
    "engine": "tfjs",
    "backend": "cpu"
  }`;
  const spec = parsed(text, 'full.fitwatch.json');
  const snapshot = specSnapshotText(spec);
  assert.doesNotMatch(snapshot, /"kind"/);
  assert.deepEqual(parsed(snapshot, '.fitwatch/runs/x/spec.fitwatch.json'), spec);
});
