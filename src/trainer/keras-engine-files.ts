/**
 * The Keras engine's inputs in the run folder: the generated script and the float32 arrays the
 * spec's own data pipeline made (normalised features, encoded labels, the validation rows, the
 * class weights per row) plus the initial weights, so Keras sees exactly what the fast engine would.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Dataset } from '../data/dataset';
import { encodeNpy } from '../data/npy';
import type { FitwatchSpec } from '../shared/spec';
import { KERAS_ENGINE_FILES, kerasScriptFor } from '../keras/spec-to-script';

/** What to write. */
export interface KerasEngineInputs {
  runDir: string;
  spec: FitwatchSpec;
  /** The spec's path (absolute), for the script's docstring; undefined for a generated spec. */
  specFile?: string;
  workspaceRoot: string;
  data: Dataset;
  weights: Float32Array[];
  seed: number;
}

function writeArray(dir: string, name: string, shape: number[], values: Float32Array): void {
  writeFileSync(join(dir, name), encodeNpy('<f4', shape, values));
}

/** Writes the arrays and the script; returns the script's absolute path. */
export function writeKerasEngineInputs(o: KerasEngineInputs): string {
  const { data } = o;
  const f = KERAS_ENGINE_FILES;
  const dir = join(o.runDir, f.dataDir);
  mkdirSync(dir, { recursive: true });
  const { features, labelWidth, trainRows, rows } = data;
  // The loader puts the training rows first and the validation rows after them.
  writeArray(dir, f.xTrain, [trainRows, features], data.x.subarray(0, trainRows * features));
  writeArray(dir, f.yTrain, [trainRows, labelWidth], data.y.subarray(0, trainRows * labelWidth));
  const hasValidation = rows > trainRows;
  if (hasValidation) {
    writeArray(dir, f.xVal, [rows - trainRows, features], data.x.subarray(trainRows * features));
    writeArray(dir, f.yVal, [rows - trainRows, labelWidth], data.y.subarray(trainRows * labelWidth));
  }
  if (data.sampleWeight) writeArray(dir, f.sampleWeight, [trainRows], data.sampleWeight);
  const total = o.weights.reduce((n, w) => n + w.length, 0);
  const flat = new Float32Array(total);
  let at = 0;
  for (const w of o.weights) {
    flat.set(w, at);
    at += w.length;
  }
  writeArray(dir, f.initialWeights, [total], flat);
  const script = join(o.runDir, f.script);
  writeFileSync(
    script,
    kerasScriptFor({
      spec: o.spec,
      specLabel: o.specFile ? relative(o.workspaceRoot, o.specFile).split('\\').join('/') : (o.spec.name ?? 'a generated spec'),
      seed: o.seed,
      hasValidation,
      hasSampleWeight: data.sampleWeight !== undefined,
      ...(data.summary.targetScaling ? { targetStd: data.summary.targetScaling.std } : {}),
    }),
  );
  return script;
}
