/**
 * `fitwatch predict`, the part that loads tfjs (so it runs in the predict child process): read
 * preprocessing.json, read and scale the rows, load the saved model exactly as a user would
 * (`tf.loadLayersModel`), predict in batches, map outputs back to label names, write the CSV,
 * and score the predictions when the file has the label column.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readPreprocessing, type Preprocessing } from '../../runs/preprocessing';
import { fileError } from '../../shared/file-errors';
import { FitwatchError } from '../../shared/location';
import type { PredictRequest, PredictResult } from '../../shared/protocol/predict';
import { selectBackend } from '../backend';
import { readPredictionRows, type PredictionRows } from './read-rows';

/** Rows per `model.predict` call: large enough to amortise, small enough to bound memory. */
const BATCH_ROWS = 8192;

/** An IOHandler that reads `model.json` and its weight files with node fs (no tfjs-node needed). */
export function fileLoadHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      const dir = dirname(modelJsonPath);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest ?? []) {
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
        specs.push(...group.weights);
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
      };
    },
  };
}

/** Keras' backend epsilon: probabilities are clipped to [ε, 1-ε] before the log, as its cross-entropy does. */
const EPSILON = 1e-7;

/** -ln of the probability the model gave the true class `k` (one sigmoid unit, or a softmax row). */
function crossEntropy(out: Float32Array, o: number, units: number, k: number): number {
  const p = units === 1 ? (k === 1 ? out[o] : 1 - out[o]) : out[o + k];
  return -Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, p)));
}

/** Quotes a CSV cell when it needs it. */
function csvCell(s: string): string {
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Shortest text that reads back as the same float32. */
function f32(v: number): string {
  return String(Number(Math.fround(v).toPrecision(9)));
}

/** Output columns and the per-row formatter for a model. */
function outputShape(prep: Preprocessing): { header: string[]; row(out: Float32Array, o: number): { cells: string[]; cls: number; value: number } } {
  const classes = prep.labels.classes;
  const units = prep.output.units;
  if (prep.output.kind === 'linear' || !classes) {
    const t = prep.target;
    return {
      header: units === 1 ? ['prediction'] : Array.from({ length: units }, (_, k) => `prediction_${k}`),
      row: (out, o) => {
        const values = Array.from({ length: units }, (_, k) => (t ? out[o + k] * t.std + t.mean : out[o + k]));
        return { cells: values.map(f32), cls: -1, value: values[0] };
      },
    };
  }
  const probs = classes.map((c) => `probability_${c}`);
  if (prep.output.kind === 'sigmoid' && units === 1) {
    const threshold = prep.output.threshold ?? 0.5;
    return {
      header: ['prediction', ...probs],
      row: (out, o) => {
        const p = out[o];
        const cls = p > threshold ? 1 : 0;
        return { cells: [csvCell(classes[cls]), f32(1 - p), f32(p)], cls, value: p };
      },
    };
  }
  return {
    header: ['prediction', ...probs],
    row: (out, o) => {
      let best = 0;
      for (let k = 1; k < units; k++) if (out[o + k] > out[o + best]) best = k;
      const cells = [csvCell(classes[best] ?? String(best))];
      for (let k = 0; k < units; k++) cells.push(f32(out[o + k]));
      return { cells, cls: best, value: out[o + best] };
    },
  };
}

/** Class index of a label as written, or -1: exact name first, then numeric equality ("1.0" is class "1"). */
function classIndexer(classes: readonly string[]): (label: string) => number {
  const exact = new Map(classes.map((c, i) => [c, i]));
  const numeric = new Map<number, number>();
  classes.forEach((c, i) => {
    const v = Number(c);
    if (c.trim() !== '' && Number.isFinite(v) && !numeric.has(v)) numeric.set(v, i);
  });
  return (label) => {
    const hit = exact.get(label);
    if (hit !== undefined) return hit;
    const v = Number(label);
    return label !== '' && Number.isFinite(v) ? (numeric.get(v) ?? -1) : -1;
  };
}

/** Checks the labels before any work is done, so an unknown class is an error naming its line. */
function labelIndices(prep: Preprocessing, data: PredictionRows, file: string): Int32Array | Float64Array | undefined {
  const labels = data.labels;
  if (!labels) return undefined;
  const classes = prep.labels.classes;
  if (!classes || prep.task === 'regression') {
    const out = new Float64Array(labels.length);
    labels.forEach((l, r) => {
      const v = prep.input.decimal === ',' ? Number(l.replace(',', '.')) : Number(l);
      if (l === '' || !Number.isFinite(v)) {
        throw new FitwatchError({
          code: 'predict/bad-label',
          message: `Line ${data.lines[r]} of ${file}: the target ${JSON.stringify(l)} in "${prep.labels.name}" is not a number.`,
          fix: 'Fix the value, or leave the label column out to predict without scoring.',
          location: { file, line: data.lines[r] },
        });
      }
      out[r] = v;
    });
    return out;
  }
  const index = classIndexer(classes);
  const out = new Int32Array(labels.length);
  labels.forEach((l, r) => {
    const k = index(l);
    if (k < 0) {
      throw new FitwatchError({
        code: 'predict/unknown-label',
        message: `Line ${data.lines[r]} of ${file}: the label ${JSON.stringify(l)} in "${prep.labels.name}" is not one of the ${classes.length} classes the model was trained on (${classes.map((c) => JSON.stringify(c)).join(', ')}).`,
        fix: 'Fix the label, or leave the label column out to predict without scoring; a new class needs a new training run.',
        location: { file, line: data.lines[r] },
      });
    }
    out[r] = k;
  });
  return out;
}

/** Runs one prediction request; throws FitwatchError for bad input. */
export async function runPredict(req: PredictRequest): Promise<PredictResult> {
  const modelDir = join(req.runDir, req.model === 'best' ? 'model-best' : 'model-final');
  const modelJson = join(modelDir, 'model.json');
  if (!existsSync(modelJson)) {
    throw new FitwatchError({
      code: 'predict/no-model',
      message: `${req.runLabel} has no ${req.model === 'best' ? 'model-best' : 'model-final'}/model.json.`,
      fix:
        req.model === 'best'
          ? 'Use --model final (a run without validation or callbacks saves only the final model).'
          : 'The run ended before it saved a model; train it again.',
      location: { file: modelJson },
    });
  }
  const { preprocessing: prep } = readPreprocessing(req.runDir, modelDir);
  let size: number;
  try {
    size = statSync(req.dataPath).size;
  } catch (err) {
    throw fileError(err, { what: req.dataLabel, absPath: req.dataPath, location: { file: req.dataLabel } }) ?? err;
  }
  let data: PredictionRows;
  try {
    data = await readPredictionRows(req.dataPath, req.dataLabel, size, prep);
  } catch (err) {
    throw fileError(err, { what: req.dataLabel, absPath: req.dataPath, location: { file: req.dataLabel } }, 'read') ?? err;
  }
  const truth = labelIndices(prep, data, req.dataLabel);

  const backend = await selectBackend(req.backend ?? 'auto');
  const model = await tf.loadLayersModel(fileLoadHandler(modelJson));
  const n = prep.features.names.length;
  const inputShape = model.inputs[0]?.shape;
  if (inputShape && inputShape[1] !== n) {
    throw new FitwatchError({
      code: 'predict/model-mismatch',
      message: `${modelJson} takes ${String(inputShape[1])} inputs, but preprocessing.json lists ${n} features.`,
      fix: 'The model and preprocessing.json come from different runs: copy both from the same run folder.',
      location: { file: modelJson },
    });
  }
  const shape = outputShape(prep);
  const tmp = req.outPath ? `${req.outPath}.tmp-${process.pid}` : undefined;
  const fd = tmp ? openSync(tmp, 'wx') : undefined;
  // stdout is a pipe or a terminal: write through the stream (it waits when the reader is slow).
  const write = (text: string): Promise<void> | void =>
    fd !== undefined ? void writeSync(fd, text) : new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
  let correct = 0;
  let logLoss = 0;
  let absErr = 0;
  let sqErr = 0;
  const perRow: number[] | undefined = req.rowLosses && truth ? [] : undefined;
  try {
    await write(`${shape.header.map(csvCell).join(',')}\n`);
    for (let start = 0; start < data.rows; start += BATCH_ROWS) {
      const end = Math.min(data.rows, start + BATCH_ROWS);
      const out = tf.tidy(() => {
        const input = tf.tensor2d(data.x.subarray(start * n, end * n), [end - start, n]);
        return (model.predict(input) as tf.Tensor).dataSync() as Float32Array;
      });
      const units = out.length / (end - start);
      let text = '';
      for (let r = start; r < end; r++) {
        const { cells, cls, value } = shape.row(out, (r - start) * units);
        text += `${cells.join(',')}\n`;
        if (truth instanceof Int32Array) {
          if (cls === truth[r]) correct++;
          const loss = crossEntropy(out, (r - start) * units, units, truth[r]);
          logLoss += loss;
          perRow?.push(loss);
        }
        if (truth instanceof Float64Array) {
          absErr += Math.abs(value - truth[r]);
          sqErr += (value - truth[r]) ** 2;
          perRow?.push((value - truth[r]) ** 2);
        }
      }
      await write(text);
    }
  } catch (err) {
    if (tmp && fd !== undefined) {
      closeSync(fd);
      unlinkSync(tmp);
    }
    throw err;
  }
  if (tmp && req.outPath && fd !== undefined) {
    closeSync(fd);
    renameSync(tmp, req.outPath);
  }
  model.dispose();
  const result: PredictResult = {
    type: 'result',
    rows: data.rows,
    task: prep.task,
    backend: backend.backend,
    model: req.model,
    ...(req.outPath ? { outPath: req.outPath } : {}),
  };
  if (truth instanceof Int32Array) {
    result.accuracy = correct / data.rows;
    result.logLoss = logLoss / data.rows;
  }
  if (truth instanceof Float64Array) {
    result.mae = absErr / data.rows;
    result.mse = sqErr / data.rows;
  }
  if (perRow) result.rowLosses = perRow;
  return result;
}
