/**
 * Shared fixtures for the fast-engine tests: specs, small seeded datasets, Glorot weights,
 * seeded batch orders, and a tfjs reference loop that trains the same model on the same batches.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Activation, FitwatchSpec, LayerSpec, LossName, MetricName, OptimizerSpec } from '../../../src/shared/spec';
import type { FastData } from '../../../src/trainer/fast';
import { Mulberry32 } from '../../../src/shared/prng';
import { createOptimizer } from '../../../src/trainer/tfjs/optimizer';

/** Compiles dist/fast-kernels.wasm so tests run the current kernels, never a stale build. */
export function buildWasmForTests(): void {
  const root = join(__dirname, '..', '..', '..');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-wasm failed: ${r.stderr}`);
}

/** A resolved spec with the seed's shape unless overridden. */
export function makeSpec(
  o: { layers?: LayerSpec[]; loss?: LossName; optimizer?: OptimizerSpec; metrics?: MetricName[]; batchSize?: number; seed?: number } = {},
): FitwatchSpec {
  return {
    data: { kind: 'sample', sample: 'seed', rows: 1000, features: 8, seed: 1, normalize: 'none' },
    model: {
      layers: o.layers ?? [dense(16, 'relu'), dense(16, 'relu'), dense(1, 'sigmoid')],
    },
    compile: {
      loss: o.loss ?? 'binaryCrossentropy',
      optimizer: o.optimizer ?? { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      metrics: o.metrics ?? ['accuracy'],
    },
    fit: { epochs: 50, batchSize: o.batchSize ?? 32, validationSplit: 0.2, shuffle: true, seed: o.seed ?? 7 },
    callbacks: {},
    backend: 'cpu',
    engine: 'fast',
  };
}

/** A dense layer spec. */
export function dense(units: number, activation: Activation, extra: { useBias?: boolean; l1?: number; l2?: number } = {}): LayerSpec {
  const layer: LayerSpec = { type: 'dense', units, activation, useBias: extra.useBias ?? true };
  if (extra.l1 !== undefined || extra.l2 !== undefined) layer.kernelRegularizer = { l1: extra.l1 ?? 0, l2: extra.l2 ?? 0 };
  return layer;
}

/** Kinds of synthetic targets. */
export type Task = 'binary' | 'onehot' | 'sparse' | 'regression';

/** A seeded dataset: x uniform in [−1, 1], targets from a random linear map plus a wiggle. */
export function makeData(task: Task, rows: number, features: number, seed = 1, classes = 3): FastData {
  const rng = new Mulberry32(seed);
  const u = (): number => rng.next() * 2 - 1;
  const x = new Float32Array(rows * features).map(u);
  const outs = task === 'binary' || task === 'regression' ? 1 : classes;
  const w = Array.from({ length: features * outs }, u);
  const labelWidth = task === 'onehot' ? classes : 1;
  const y = new Float32Array(rows * labelWidth);
  for (let r = 0; r < rows; r++) {
    const s: number[] = [];
    for (let o = 0; o < outs; o++) {
      let v = 0.3 * u();
      for (let k = 0; k < features; k++) v += x[r * features + k] * w[k * outs + o];
      s.push(v + 0.5 * Math.sin(3 * x[r * features]));
    }
    if (task === 'binary') y[r] = s[0] > 0 ? 1 : 0;
    else if (task === 'regression') y[r] = s[0];
    else {
      const c = s.indexOf(Math.max(...s));
      if (task === 'sparse') y[r] = c;
      else y[r * classes + c] = 1;
    }
  }
  return { x, y, labelWidth, rows, features, trainRows: Math.floor(rows * 0.8) };
}

/** Glorot-uniform kernels and zero biases in Keras order, seeded. */
export function glorotWeights(spec: FitwatchSpec, features: number, seed = 3): Float32Array[] {
  const rng = new Mulberry32(seed);
  const out: Float32Array[] = [];
  let nIn = features;
  for (const l of spec.model.layers) {
    if (l.type !== 'dense') continue;
    const limit = Math.sqrt(6 / (nIn + l.units));
    out.push(new Float32Array(nIn * l.units).map(() => (rng.next() * 2 - 1) * limit));
    if (l.useBias) out.push(new Float32Array(l.units));
    nIn = l.units;
  }
  return out;
}

/** A seeded permutation of 0…n−1 for each epoch. */
export function batchOrders(n: number, epochs: number, seed = 11): Uint32Array[] {
  const rng = new Mulberry32(seed);
  return Array.from({ length: epochs }, () => {
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  });
}

/** The tfjs optimizer the tfjs engine would build for this spec (Adam with Keras' epsilon placement). */
export function tfjsOptimizer(o: OptimizerSpec): tf.Optimizer {
  switch (o.type) {
    case 'adam':
      return createOptimizer(o).optimizer;
    case 'rmsprop':
      return tf.train.rmsprop(o.learningRate, o.rho, o.momentum, o.epsilon, false);
    case 'sgd':
      return o.momentum === 0 ? tf.train.sgd(o.learningRate) : tf.train.momentum(o.learningRate, o.momentum, o.nesterov);
  }
}

/** The same model in tfjs-layers, with layer names matching the fast engine's; `linearOutput` drops the output activation. */
export function tfjsModel(spec: FitwatchSpec, features: number, weights: Float32Array[], linearOutput = false): tf.Sequential {
  const model = tf.sequential({ name: 'sequential_1' });
  let dense = 0;
  let drops = 0;
  spec.model.layers.forEach((l, i) => {
    const input = i === 0 ? { inputShape: [features] } : {};
    if (l.type === 'dropout') model.add(tf.layers.dropout({ rate: l.rate, name: `dropout_${++drops}`, ...input }));
    else {
      const reg = l.kernelRegularizer ? { kernelRegularizer: tf.regularizers.l1l2({ l1: l.kernelRegularizer.l1, l2: l.kernelRegularizer.l2 }) } : {};
      const activation = linearOutput && i === spec.model.layers.length - 1 ? 'linear' : l.activation;
      model.add(tf.layers.dense({ units: l.units, activation, useBias: l.useBias, name: `dense_${++dense}`, ...reg, ...input }));
    }
  });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  return model;
}

/**
 * Keras 3 takes binary cross-entropy on a sigmoid output from the logits; tfjs-layers clips the
 * probability. The reference then trains the output as linear with tfjs' own
 * sigmoid-cross-entropy-with-logits loss, and its metrics see sigmoid(logits).
 */
function kerasLogitsObjective(
  spec: FitwatchSpec,
): { loss: (t: tf.Tensor, z: tf.Tensor) => tf.Tensor; metrics: ((t: tf.Tensor, z: tf.Tensor) => tf.Tensor)[] } | undefined {
  const last = spec.model.layers[spec.model.layers.length - 1];
  if (spec.compile.loss !== 'binaryCrossentropy' || last.type !== 'dense' || last.activation !== 'sigmoid') return undefined;
  const metric = { accuracy: tf.metrics.binaryAccuracy, mse: tf.metrics.meanSquaredError, mae: tf.metrics.meanAbsoluteError };
  return {
    loss: (t, z) => tf.mean(tf.losses.sigmoidCrossEntropy(t, z, undefined, 0, tf.Reduction.NONE), -1),
    metrics: spec.compile.metrics.map((m) => (t: tf.Tensor, z: tf.Tensor) => metric[m](t, tf.sigmoid(z))),
  };
}

/**
 * Per-epoch sample-weighted train logs from tfjs trainOnBatch over the given batch orders;
 * `tfjsLoss` keeps tfjs' own clipped binary cross-entropy (what Fitwatch used to compute).
 */
export async function tfjsTrainLogs(
  spec: FitwatchSpec,
  data: FastData,
  weights: Float32Array[],
  orders: Uint32Array[],
  tfjsLoss = false,
): Promise<Record<string, number>[]> {
  await tf.setBackend('cpu');
  const logits = tfjsLoss ? undefined : kerasLogitsObjective(spec);
  const model = tfjsModel(spec, data.features, weights, logits !== undefined);
  const metricNames = spec.compile.metrics.map((m) => (m === 'accuracy' ? 'acc' : m));
  model.compile({
    optimizer: tfjsOptimizer(spec.compile.optimizer),
    loss: logits?.loss ?? spec.compile.loss,
    metrics: logits?.metrics ?? spec.compile.metrics,
  });
  const x = tf.tensor2d(data.x, [data.rows, data.features]);
  const y = tf.tensor2d(data.y, [data.rows, data.labelWidth]);
  const logs: Record<string, number>[] = [];
  for (const order of orders) {
    const totals = new Array<number>(1 + metricNames.length).fill(0);
    for (let s = 0; s < order.length; s += spec.fit.batchSize) {
      const idx = tf.tensor1d(Int32Array.from(order.subarray(s, s + spec.fit.batchSize)), 'int32');
      const xb = tf.gather(x, idx);
      const yb = tf.gather(y, idx);
      const out = await model.trainOnBatch(xb, yb);
      const values = Array.isArray(out) ? out : [out];
      values.forEach((v, i) => (totals[i] += v * idx.shape[0]));
      tf.dispose([idx, xb, yb]);
    }
    const epoch: Record<string, number> = { loss: totals[0] / order.length };
    metricNames.forEach((m, i) => (epoch[m] = totals[i + 1] / order.length));
    logs.push(epoch);
  }
  tf.dispose([x, y]);
  model.dispose();
  return logs;
}

/** |a − b| / max(|b|, floor): relative error that does not explode near zero. */
export function relErr(a: number, b: number, floor = 1e-6): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}
