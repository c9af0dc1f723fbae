/**
 * The tfjs engine: a Keras-like Sequential trained by our own batch loop instead of `model.fit`,
 * so the learning rate can change from the next batch, a stop is seen after every batch, and
 * weights can be read and restored between epochs. Sums stay on the device and are read once
 * per epoch, because a per-batch `dataSync` stalls the pipeline.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerHealth } from '../../shared/protocol/trainer';
import type { EpochLogs } from '../../shared/metrics';
import type { FitwatchSpec, MetricName } from '../../shared/spec';
import type { EngineTrainingState, TrainableModel } from '../engine';
import type { EngineData } from '../engine-data';
import { Prng } from '../prng';
import { fileSaveHandler } from './file-save-handler';
import { buildSequential, layerNames } from './layers';
import { lossFromLogits } from '../fast/losses';
import { createObjective, type Objective } from './objective';
import { createOptimizer, type MutableOptimizer } from './optimizer';

/** Everything the tfjs engine needs to start. */
export interface TfjsModelOptions {
  spec: FitwatchSpec;
  data: EngineData;
  /** Keras-order weights from `initialWeights`, so both engines start alike. */
  initialWeights: Float32Array[];
  /** Seeds the dropout masks (one fresh seed per batch). */
  seed: number;
  outputUnits: number;
}

/** Rows evaluated per chunk: large enough to amortise op overhead, small enough for memory. */
const EVAL_CHUNK = 4096;

/** Lets queued IPC messages (stop, set LR) run between batches. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Computes a scalar, reads it, and frees everything it made. */
function readScalar(fn: () => tf.Tensor): number {
  const t = tf.tidy(fn);
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

const TFJS_METRIC: Record<MetricName, string> = { accuracy: 'accuracy', mse: 'mse', mae: 'mae' };

class TfjsModel implements TrainableModel {
  readonly parameters: number;
  private readonly model: tf.Sequential;
  private readonly opt: MutableOptimizer;
  private readonly objective: Objective;
  private readonly vars: tf.Variable[];
  /** Labels as the loss compares them (sparse labels one-hot encoded), row-major. */
  private readonly labels: Float32Array;
  private readonly labelWidth: number;
  /** Validation rows uploaded once, in chunks, since they never change. */
  private readonly valChunks: { x: tf.Tensor2D; y: tf.Tensor2D; size: number }[];
  private readonly dropoutPrng: Prng;
  private readonly names: string[];

  constructor(private readonly options: TfjsModelOptions) {
    const { spec, data } = options;
    this.model = buildSequential(spec, data.features);
    this.opt = createOptimizer(spec.compile.optimizer);
    this.objective = createObjective(spec.compile.loss, spec.compile.metrics, options.outputUnits, outputFromLogits(spec));
    // Compiling only records the training config in the saved model.json; our loop does the fitting.
    this.model.compile({
      optimizer: this.opt.optimizer,
      loss: spec.compile.loss,
      metrics: spec.compile.metrics.map((m) => TFJS_METRIC[m]),
    });
    this.setWeights(options.initialWeights);
    this.parameters = this.model.countParams();
    this.vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.names = layerNames(spec.model.layers);
    this.dropoutPrng = new Prng(options.seed ^ 0x5bd1e995);

    this.labels = this.objective.prepareLabels(data.y, data.labelWidth);
    this.labelWidth = this.labels.length / data.rows;
    this.valChunks = [];
    for (let start = data.trainRows; start < data.rows; start += EVAL_CHUNK) {
      const rows = Array.from({ length: Math.min(EVAL_CHUNK, data.rows - start) }, (_, i) => start + i);
      this.valChunks.push({ ...this.batchTensors(rows), size: rows.length });
    }
  }

  /**
   * Copies the given rows into fresh batch tensors. Copying in JS beats slicing or gathering a
   * device tensor: on the wasm backend `tf.slice` of a 40k-row tensor copies all of it (~30 ms).
   */
  private batchTensors(rows: ArrayLike<number>): { x: tf.Tensor2D; y: tf.Tensor2D } {
    const { features } = this.options.data;
    const width = this.labelWidth;
    const n = rows.length;
    const xb = new Float32Array(n * features);
    const yb = new Float32Array(n * width);
    const x = this.options.data.x;
    for (let r = 0; r < n; r++) {
      const row = rows[r];
      xb.set(x.subarray(row * features, (row + 1) * features), r * features);
      yb.set(this.labels.subarray(row * width, (row + 1) * width), r * width);
    }
    return { x: tf.tensor2d(xb, [n, features]), y: tf.tensor2d(yb, [n, width]) };
  }

  get learningRate(): number {
    return this.opt.getLearningRate();
  }

  set learningRate(lr: number) {
    this.opt.setLearningRate(lr);
  }

  /**
   * The forward pass layer by layer: dropout gets a fresh seed per call so masks differ per batch
   * yet repeat per run. With a from-logits loss, the output layer's logits come back too (its
   * Dense is applied as x·W + b, then the sigmoid), as Keras caches them for the loss.
   */
  private forward(x: tf.Tensor, training: boolean, outputs?: tf.Tensor[]): { pred: tf.Tensor; logits?: tf.Tensor } {
    let h = x;
    let logits: tf.Tensor | undefined;
    const layers = this.options.spec.model.layers;
    const output = outputDenseIndex(this.options.spec);
    layers.forEach((layer, i) => {
      if (layer.type === 'dropout') {
        if (training && layer.rate > 0) h = tf.dropout(h, layer.rate, undefined, this.dropoutPrng.nextUint32());
      } else if (this.objective.fromLogits && i === output) {
        const [kernel, bias] = this.model.layers[i].trainableWeights.map((w) => w.read());
        logits = bias ? tf.add(tf.matMul(h, kernel), bias) : tf.matMul(h, kernel);
        h = tf.sigmoid(logits);
      } else {
        h = this.model.layers[i].apply(h) as tf.Tensor;
      }
      outputs?.push(h);
    });
    return { pred: h, logits };
  }

  /** The L1/L2 kernel penalty Keras adds to the loss, or undefined when no layer has one. */
  private penalty(): tf.Scalar | undefined {
    let total: tf.Scalar | undefined;
    this.options.spec.model.layers.forEach((layer, i) => {
      if (layer.type !== 'dense' || !layer.kernelRegularizer) return;
      const { l1, l2 } = layer.kernelRegularizer;
      const kernel = this.model.layers[i].trainableWeights[0].read();
      let p: tf.Scalar = tf.scalar(0);
      if (l1 > 0) p = tf.add(p, tf.mul(l1, tf.sum(tf.abs(kernel)))) as tf.Scalar;
      if (l2 > 0) p = tf.add(p, tf.mul(l2, tf.sum(tf.square(kernel)))) as tf.Scalar;
      total = total ? (tf.add(total, p) as tf.Scalar) : p;
    });
    return total;
  }

  /** The per-sample loss of one forward pass: of its logits when the objective wants them. */
  private perSampleLoss(yTrue: tf.Tensor, out: { pred: tf.Tensor; logits?: tf.Tensor }): tf.Tensor {
    return this.objective.loss(yTrue, this.objective.fromLogits && out.logits ? out.logits : out.pred);
  }

  /** The batch loss; with row weights (fit.classWeight) Σ wᵢ·lossᵢ / rows, as Keras' sum_over_batch_size. */
  private objectiveValue(yTrue: tf.Tensor, out: { pred: tf.Tensor; logits?: tf.Tensor }, weights?: tf.Tensor1D): tf.Scalar {
    const perSample = this.perSampleLoss(yTrue, out);
    const mean = tf.mean(weights ? tf.mul(perSample, weights) : perSample) as tf.Scalar;
    const p = this.penalty();
    return p ? tf.add(mean, p) : mean;
  }

  async trainEpoch(order: Uint32Array, shouldStop: () => boolean): Promise<EpochLogs> {
    const n = order.length;
    if (n === 0) throw new Error('trainEpoch: no training rows');
    const batchSize = this.options.spec.fit.batchSize;
    const weights = this.options.data.sampleWeight;
    // [loss·n, metric sums…], accumulated on the device; metric sums are weighted by fit.classWeight.
    let sums: tf.Tensor1D = tf.zeros([1 + this.objective.metrics.length]);
    let seen = 0;
    let metricWeight = 0;
    try {
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        const rows = order.subarray(start, start + size);
        const rowWeights = weights ? Float32Array.from(rows, (r) => weights[r]) : undefined;
        metricWeight += rowWeights ? rowWeights.reduce((a, b) => a + b, 0) : size;
        const next = tf.tidy(() => {
          const { x: xb, y: yb } = this.batchTensors(rows);
          const wb = rowWeights ? tf.tensor1d(rowWeights) : undefined;
          const holder: { stats?: tf.Tensor1D } = {};
          this.opt.optimizer.minimize(
            () => {
              const out = this.forward(xb, true);
              const total = this.objectiveValue(yb, out, wb);
              const metric = (m: Objective['metrics'][number]): tf.Tensor => tf.sum(wb ? tf.mul(m.fn(yb, out.pred), wb) : m.fn(yb, out.pred));
              holder.stats = tf.keep(tf.stack([tf.mul(total, size), ...this.objective.metrics.map(metric)]) as tf.Tensor1D);
              return total;
            },
            false,
            this.vars,
          );
          const stats = holder.stats as tf.Tensor1D;
          const out = tf.add(sums, stats) as tf.Tensor1D;
          stats.dispose();
          return out;
        });
        sums.dispose();
        sums = next;
        seen += size;
        await yieldToEventLoop();
        if (shouldStop()) break;
      }
      const values = await sums.data();
      const logs: EpochLogs = { loss: values[0] / seen };
      this.objective.metrics.forEach((m, i) => (logs[m.logName] = metricWeight > 0 ? values[i + 1] / metricWeight : 0));
      return logs;
    } finally {
      sums.dispose();
    }
  }

  async evaluate(): Promise<EpochLogs> {
    if (this.valChunks.length === 0) return {};
    let n = 0;
    let sums: tf.Tensor1D = tf.zeros([1 + this.objective.metrics.length]);
    for (const chunk of this.valChunks) {
      const next = tf.tidy(() => {
        const out = this.forward(chunk.x, false);
        const stats = tf.stack([tf.sum(this.perSampleLoss(chunk.y, out)), ...this.objective.metrics.map((m) => tf.sum(m.fn(chunk.y, out.pred)))]);
        return tf.add(sums, stats) as tf.Tensor1D;
      });
      sums.dispose();
      sums = next;
      n += chunk.size;
    }
    const penalty = tf.tidy(() => this.penalty());
    const [values, penaltyValue] = await Promise.all([sums.data(), penalty ? penalty.data() : Promise.resolve(new Float32Array(1))]);
    sums.dispose();
    penalty?.dispose();
    // Keras adds the (constant during evaluation) regularisation penalty to every batch's loss.
    const logs: EpochLogs = { val_loss: values[0] / n + penaltyValue[0] };
    this.objective.metrics.forEach((m, i) => (logs[`val_${m.logName}`] = values[i + 1] / n));
    return logs;
  }

  getWeights(): Float32Array[] {
    return this.model.getWeights().map((t) => Float32Array.from(t.dataSync()));
  }

  setWeights(weights: Float32Array[]): void {
    const current = this.model.getWeights();
    if (weights.length !== current.length) {
      throw new Error(`setWeights: expected ${current.length} arrays, got ${weights.length}`);
    }
    const tensors = weights.map((w, i) => {
      if (w.length !== current[i].size) throw new Error(`setWeights: array ${i} has ${w.length} values, expected ${current[i].size}`);
      return tf.tensor(w, current[i].shape);
    });
    this.model.setWeights(tensors);
    tf.dispose(tensors);
  }

  async health(): Promise<LayerHealth[]> {
    const batch = Math.min(this.options.spec.fit.batchSize, this.options.data.trainRows);
    const { x: xb, y: yb } = this.batchTensors(Array.from({ length: batch }, (_, i) => i));
    const outputs: tf.Tensor[] = [];
    // Inference mode (no dropout) so health does not consume the dropout stream of the run.
    const { value, grads } = tf.variableGrads(() => {
      const out = this.forward(xb, false, outputs);
      outputs.forEach((o) => tf.keep(o));
      return this.objectiveValue(yb, out);
    }, this.vars);
    const report: LayerHealth[] = [];
    try {
      const specLayers = this.options.spec.model.layers;
      for (let i = 0; i < specLayers.length; i++) {
        const layer = specLayers[i];
        if (layer.type !== 'dense') continue;
        const weights = this.model.layers[i].trainableWeights.map((w) => w.read() as tf.Variable);
        const gradNorm = Math.sqrt(weights.reduce((s, w) => s + readScalar(() => tf.sum(tf.square(grads[w.name]))), 0));
        const weightNorm = Math.sqrt(weights.reduce((s, w) => s + readScalar(() => tf.sum(tf.square(w))), 0));
        const entry: LayerHealth = { layer: this.names[i], gradNorm, weightNorm };
        if (layer.activation === 'relu') {
          const dead = readScalar(() => tf.sum(tf.cast(tf.lessEqual(tf.max(outputs[i], 0), 0), 'float32')));
          entry.deadFraction = dead / layer.units;
        }
        report.push(entry);
      }
    } finally {
      tf.dispose([xb, yb, value, ...outputs, ...Object.values(grads)]);
    }
    return report;
  }

  /** tfjs optimizer weights (step counter first, then the slots) and the dropout PRNG position. */
  async getTrainingState(): Promise<EngineTrainingState> {
    const named = await this.opt.optimizer.getWeights();
    const values = await Promise.all(named.map((w) => w.tensor.data()));
    // Only the step counter is a fresh tensor; the slots are the optimizer's own variables.
    named[0]?.tensor.dispose();
    return { arrays: values.slice(1).map((v) => Float32Array.from(v)), scalars: [values[0]?.[0] ?? 0, this.dropoutPrng.position] };
  }

  /** Restores getTrainingState(); tfjs rebuilds Adam's beta powers from the step counter. */
  async setTrainingState(state: EngineTrainingState): Promise<void> {
    const [iterations, prng] = state.scalars;
    if (state.arrays.length > 0) {
      // Slots exist only after a first step; their shapes follow the trainable variables, in tfjs order.
      const shapes = this.vars.map((v) => v.shape);
      const slotsPerVar = state.arrays.length / shapes.length;
      if (!Number.isInteger(slotsPerVar))
        throw new Error(`tfjs engine: the checkpoint has ${state.arrays.length} optimizer arrays for ${shapes.length} variables`);
      const named = [{ name: 'iter', tensor: tf.scalar(iterations, 'int32') }];
      state.arrays.forEach((a, i) =>
        named.push({ name: `${this.vars[i % shapes.length].name}/slot${Math.floor(i / shapes.length)}`, tensor: tf.tensor(a, shapes[i % shapes.length]) }),
      );
      // The optimizer turns each tensor into its own variable; only the counter is ours to free.
      await this.opt.optimizer.setWeights(named);
      named[0].tensor.dispose();
    }
    this.dropoutPrng.position = prng;
  }

  async save(dir: string): Promise<void> {
    await this.model.save(fileSaveHandler(dir));
  }

  dispose(): void {
    for (const chunk of this.valChunks) tf.dispose([chunk.x, chunk.y]);
    this.opt.optimizer.dispose();
    this.model.dispose();
  }
}

/** The index of the output Dense layer (only dropout layers may follow it). */
function outputDenseIndex(spec: FitwatchSpec): number {
  const layers = spec.model.layers;
  let at = layers.length - 1;
  while (at > 0 && layers[at].type !== 'dense') at--;
  return at;
}

/** Whether the loss is taken from the sigmoid output's logits: as the fast engine, unless a live dropout follows it. */
function outputFromLogits(spec: FitwatchSpec): boolean {
  const layers = spec.model.layers;
  const at = outputDenseIndex(spec);
  const out = layers[at];
  const dropped = layers.slice(at + 1).some((l) => l.type === 'dropout' && l.rate > 0);
  return out.type === 'dense' && lossFromLogits(spec.compile.loss, out.activation, dropped);
}

/** Builds the tfjs engine on the already-initialised backend. */
export function createTfjsModel(options: TfjsModelOptions): TrainableModel {
  return new TfjsModel(options);
}
