/**
 * The fast engine's TrainableModel: an MLP trained batch by batch on wasm SIMD kernels (or
 * the JS fallback), with tfjs/Keras semantics for losses, metrics, optimizers and logs.
 */
import type { TrainingArrays } from '../../shared/dataset';
import { FitwatchError } from '../../shared/location';
import type { EpochLogs } from '../../shared/metrics';
import { metricLogName } from '../../shared/metrics';
import type { LayerHealth } from '../../shared/protocol/trainer';
import type { FitwatchSpec } from '../../shared/spec';
import type { EngineTrainingState, TrainableModel } from '../engine';
import { createHeap, HeapLayout, KERNEL_SCRATCH_BYTES } from './heap';
import type { Kernels, WasmKernelName } from './kernels';
import { createJsKernels } from './kernels-js';
import { bindWasmExports, loadKernelModule, wrapWasmKernels } from './kernels-wasm';
import { createThreadedKernels, splitsWork, THREAD_MIN_WORK } from './kernels-threaded';
import { ThreadPool } from './thread-pool';
import { accuracyKind, lossAndGradient, lossFromLogits, weightedLossAndGradient, type BatchSums, type LossShape } from './losses';
import { Network } from './network';
import { planOptimizer, type Optimizer } from './optimizers';
import { saveLayersModel } from './save';
import { yieldDue, yieldNow, YIELD_BUDGET_MS } from '../event-loop';

/** Training and validation rows, as every engine takes them. */
export type FastData = TrainingArrays;

/** Knobs for tests and benchmarks; production uses the defaults. */
export interface FastModelOptions {
  /**
   * `js` forces the plain-JS kernels; `auto` uses the best wasm build that loads (relaxed SIMD,
   * else strict SIMD), else JS; `wasm` is the same but fails instead of falling back to JS; a
   * flavour name (`wasm-simd`, `wasm-relaxed-simd`) demands exactly that build.
   */
  kernels?: 'auto' | 'wasm' | 'js' | WasmKernelName;
  /** Longest time between event-loop turns while training (default YIELD_BUDGET_MS; 0 = after every batch). */
  yieldEveryMs?: number;
  /**
   * Threads for the dense matmuls, the main thread included (default 1; `fitwatch.maxThreads`,
   * `--threads`). Workers start only with the wasm kernels and when a layer's batch work can
   * reach the split threshold, so a model too small to gain stays on one thread.
   */
  threads?: number;
  /** The split threshold in multiply-adds per matmul (default THREAD_MIN_WORK); tests lower it. */
  minThreadWork?: number;
}

/** Rows evaluated per forward pass in evaluate(), to bound scratch memory. */
const EVAL_CHUNK = 1024;

/** Builds a fast model; throws FitwatchError on shapes that do not fit the spec. */
export async function createFastModel(spec: FitwatchSpec, data: FastData, initialWeights: Float32Array[], options: FastModelOptions = {}): Promise<FastModel> {
  checkData(spec, data);
  const layout = new HeapLayout();
  const capacity = Math.min(Math.max(spec.fit.batchSize, EVAL_CHUNK), Math.max(data.rows, 1));
  const xAt = layout.alloc(data.rows * data.features);
  const yAt = layout.alloc(data.rows * data.labelWidth);
  const idxAt = layout.alloc(capacity);
  const xBatch = layout.alloc(capacity * data.features);
  const yBatch = layout.alloc(capacity * data.labelWidth);
  // fit.classWeight: one weight per training row, gathered per batch like the labels.
  const wAt = data.sampleWeight ? layout.alloc(data.trainRows) : -1;
  const wBatch = data.sampleWeight ? layout.alloc(capacity) : -1;
  const net = new Network(spec, data.features, capacity, layout);
  const bindOptimizer = planOptimizer(spec.compile.optimizer, layout, { params: net.paramStart, grads: net.gradStart, count: net.paramFloats });
  const choice = options.kernels ?? 'auto';
  const module = choice === 'js' ? 'JS kernels requested' : loadKernelModule(choice === 'auto' || choice === 'wasm' ? 'auto' : choice);
  if (choice !== 'auto' && choice !== 'js' && typeof module === 'string') throw new Error(`fast engine: wasm kernels unavailable: ${module}`);
  const minWork = options.minThreadWork ?? THREAD_MIN_WORK;
  const gains = net.stages.some((s) => splitsWork(capacity, s.nIn, s.nOut, minWork));
  const workerCount = typeof module !== 'string' && gains ? Math.max(1, Math.floor(options.threads ?? 1)) - 1 : 0;
  const workers = planWorkers(layout, net, workerCount);
  const pages = layout.pages;
  if (pages === undefined) {
    throw new FitwatchError({
      code: 'fast/too-large',
      message: `The fast engine holds data and model in one 4 GiB WebAssembly memory; this run needs ${(layout.bytes / 2 ** 30).toFixed(1)} GiB (${data.rows} rows × ${data.features} features).`,
      fix: 'Set "engine": "tfjs" in the spec, or train on fewer rows.',
      location: { file: '<spec>', jsonPath: ['engine'] },
    });
  }
  const heap = createHeap(pages, typeof module !== 'string');
  let kernels: Kernels;
  let pool: ThreadPool | undefined;
  if (typeof module === 'string') kernels = createJsKernels(heap);
  else {
    const exports = bindWasmExports(module, heap);
    kernels = wrapWasmKernels(module, exports);
    if (workerCount > 0 && heap.memory) {
      pool = await ThreadPool.start({
        module: module.module,
        memory: heap.memory,
        scratchByteOffsets: workers.scratch.map((f) => f * 4),
        scratchBytes: KERNEL_SCRATCH_BYTES,
      });
      kernels = createThreadedKernels(kernels, exports, pool, workers, minWork);
    }
  }
  heap.f32.set(data.x.subarray(0, data.rows * data.features), xAt);
  heap.f32.set(data.y.subarray(0, data.rows * data.labelWidth), yAt);
  if (data.sampleWeight) heap.f32.set(data.sampleWeight.subarray(0, data.trainRows), wAt);
  net.bind(heap.f32, kernels);
  const model = new FastModel(
    spec,
    data,
    net,
    heap.f32,
    heap.u32,
    kernels,
    bindOptimizer(kernels),
    { xAt, yAt, idxAt, xBatch, yBatch, wAt, wBatch, capacity },
    options.yieldEveryMs ?? YIELD_BUDGET_MS,
    pool,
  );
  try {
    model.setWeights(initialWeights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Each worker's scratch and partial weight gradient (float indices), planned before the heap exists. */
function planWorkers(layout: HeapLayout, net: Network, count: number): { scratch: number[]; dw: number[]; db: number[] } {
  const kernelFloats = Math.max(...net.stages.map((s) => s.nIn * s.nOut));
  const biasFloats = Math.max(...net.stages.map((s) => s.nOut));
  const plan = { scratch: [] as number[], dw: [] as number[], db: [] as number[] };
  for (let i = 0; i < count; i++) {
    plan.scratch.push(layout.alloc(KERNEL_SCRATCH_BYTES / 4));
    plan.dw.push(layout.alloc(kernelFloats));
    plan.db.push(layout.alloc(biasFloats));
  }
  return plan;
}

/** Buffer positions the model needs beyond the network's own. */
interface DataBuffers {
  xAt: number;
  yAt: number;
  idxAt: number;
  xBatch: number;
  yBatch: number;
  /** Row weights (fit.classWeight) and their batch copy; -1 when unweighted. */
  wAt: number;
  wBatch: number;
  capacity: number;
}

/** The fast engine's model; see TrainableModel for the contract. */
export class FastModel implements TrainableModel {
  learningRate: number;
  private readonly shape: LossShape;
  private readonly sums: BatchSums;
  private disposed = false;

  constructor(
    private readonly spec: FitwatchSpec,
    private readonly data: FastData,
    private readonly net: Network,
    private readonly f: Float32Array,
    private readonly u: Uint32Array,
    /** The kernels in use, so benchmarks can say which ran. */
    readonly kernels: Kernels,
    private readonly optimizer: Optimizer,
    private readonly buf: DataBuffers,
    private readonly yieldEveryMs: number,
    /** The worker threads, when the matmuls are split; closed by dispose(). */
    private readonly pool?: ThreadPool,
  ) {
    this.learningRate = spec.compile.optimizer.learningRate;
    const units = net.units;
    this.shape = {
      loss: spec.compile.loss,
      metrics: spec.compile.metrics,
      accuracy: accuracyKind(spec.compile.loss, units),
      units,
      labelWidth: data.labelWidth,
      fromLogits: lossFromLogits(spec.compile.loss, net.stages[net.stages.length - 1].activation, net.outputDropout !== undefined),
    };
    this.sums = { loss: 0, metrics: spec.compile.metrics.map(() => 0) };
  }

  /** Threads the dense matmuls run on, the main thread included (1 when nothing splits). */
  get threads(): number {
    return (this.pool?.size ?? 0) + 1;
  }

  /** Trainable parameter count. */
  get parameters(): number {
    return this.net.parameters;
  }

  /** One epoch over `order` in batches of fit.batchSize; logs are sample-weighted means. */
  async trainEpoch(order: Uint32Array, shouldStop: () => boolean): Promise<EpochLogs> {
    this.alive();
    this.checkOrder(order);
    const { f, u, kernels: k, data, buf, shape, sums } = this;
    const batch = this.spec.fit.batchSize;
    const metricTotals = shape.metrics.map(() => 0);
    let lossTotal = 0;
    let seen = 0;
    let metricWeight = 0;
    const weighted = buf.wAt !== -1;
    for (let start = 0; start < order.length; start += batch) {
      const rows = Math.min(batch, order.length - start);
      u.set(order.subarray(start, start + rows), buf.idxAt);
      k.gatherRows(buf.xAt, buf.idxAt, rows, data.features, buf.xBatch);
      k.gatherRows(buf.yAt, buf.idxAt, rows, data.labelWidth, buf.yBatch);
      const pred = this.net.forward(buf.xBatch, rows, true);
      if (weighted) {
        k.gatherRows(buf.wAt, buf.idxAt, rows, 1, buf.wBatch);
        metricWeight += weightedLossAndGradient(shape, f, pred, buf.yBatch, rows, this.net.outputGradient, sums, this.net.outputLogits, f, buf.wBatch);
      } else {
        lossAndGradient(shape, f, pred, buf.yBatch, rows, this.net.outputGradient, sums, this.net.outputLogits);
        metricWeight += rows;
      }
      this.net.backward(rows, true, shape.fromLogits);
      // Keras/tfjs report the batch loss with the penalty of the weights it was computed on.
      const penalty = this.net.regularization(true);
      this.optimizer.step(f, this.learningRate);
      lossTotal += sums.loss + penalty * rows;
      for (let m = 0; m < metricTotals.length; m++) metricTotals[m] += sums.metrics[m];
      seen += rows;
      // The clock is shared with the loop: short epochs add up to a yield too (see event-loop.ts).
      // One stop check per batch, after the yield, so a request that arrived during it is seen.
      if (yieldDue(this.yieldEveryMs)) await yieldNow();
      if (shouldStop()) break;
    }
    return this.logs('', lossTotal, metricTotals, seen, metricWeight);
  }

  /** Validation loss and metrics (`val_` keys); the loss includes the L1/L2 penalty, as in Keras. */
  async evaluate(): Promise<EpochLogs> {
    this.alive();
    const { data, buf, shape, sums } = this;
    const valRows = data.rows - data.trainRows;
    if (valRows <= 0) return {};
    const metricTotals = shape.metrics.map(() => 0);
    let lossTotal = 0;
    for (let start = data.trainRows; start < data.rows; start += buf.capacity) {
      const rows = Math.min(buf.capacity, data.rows - start);
      const pred = this.net.forward(buf.xAt + start * data.features, rows, false);
      lossAndGradient(shape, this.f, pred, buf.yAt + start * data.labelWidth, rows, -1, sums, this.net.outputLogits);
      lossTotal += sums.loss;
      for (let m = 0; m < metricTotals.length; m++) metricTotals[m] += sums.metrics[m];
    }
    lossTotal += this.net.regularization(false) * valRows;
    return this.logs('val_', lossTotal, metricTotals, valRows);
  }

  /** Weights in Keras order, copied. */
  getWeights(): Float32Array[] {
    this.alive();
    const out: Float32Array[] = [];
    for (const s of this.net.stages) {
      out.push(this.f.slice(s.kernel, s.kernel + s.nIn * s.nOut));
      if (s.useBias) out.push(this.f.slice(s.bias, s.bias + s.nOut));
    }
    return out;
  }

  /** Restores weights in Keras order; throws naming the first weight whose size is wrong. */
  setWeights(weights: Float32Array[]): void {
    this.alive();
    const expected: { name: string; at: number; size: number }[] = [];
    for (const s of this.net.stages) {
      expected.push({ name: `${s.name}/kernel [${s.nIn}×${s.nOut}]`, at: s.kernel, size: s.nIn * s.nOut });
      if (s.useBias) expected.push({ name: `${s.name}/bias [${s.nOut}]`, at: s.bias, size: s.nOut });
    }
    if (weights.length !== expected.length) {
      throw new Error(`fast engine: expected ${expected.length} weight arrays (${expected.map((e) => e.name).join(', ')}), got ${weights.length}`);
    }
    expected.forEach((e, i) => {
      if (weights[i].length !== e.size) throw new Error(`fast engine: weight ${i} (${e.name}) needs ${e.size} floats, got ${weights[i].length}`);
    });
    expected.forEach((e, i) => this.f.set(weights[i], e.at));
  }

  /** Per-layer gradient and weight L2 norms and dead-ReLU fractions on the first training batch (no dropout). */
  async health(): Promise<LayerHealth[]> {
    this.alive();
    const { data, buf, shape, sums, f, net } = this;
    const rows = Math.min(this.spec.fit.batchSize, data.trainRows, buf.capacity);
    const pred = net.forward(buf.xAt, rows, false);
    lossAndGradient(shape, f, pred, buf.yAt, rows, net.outputGradient, sums, net.outputLogits);
    net.backward(rows, false, shape.fromLogits);
    net.regularization(true);
    return net.stages.map((s) => {
      const kernelSize = s.nIn * s.nOut;
      const biasSize = s.useBias ? s.nOut : 0;
      const h: LayerHealth = {
        layer: s.name,
        gradNorm: Math.sqrt(sumSquares(f, s.gradKernel, kernelSize) + (biasSize ? sumSquares(f, s.gradBias, biasSize) : 0)),
        weightNorm: Math.sqrt(sumSquares(f, s.kernel, kernelSize) + (biasSize ? sumSquares(f, s.bias, biasSize) : 0)),
      };
      if (s.activation === 'relu') {
        let dead = 0;
        for (let j = 0; j < s.nOut; j++) {
          let alive = false;
          for (let r = 0; r < rows && !alive; r++) alive = f[s.y + r * s.nOut + j] > 0;
          if (!alive) dead++;
        }
        h.deadFraction = dead / s.nOut;
      }
      return h;
    });
  }

  /** Optimizer slots and counters, then the dropout PRNG position as the last scalar. */
  async getTrainingState(): Promise<EngineTrainingState> {
    this.alive();
    const { arrays, scalars } = this.optimizer.getState(this.f);
    return { arrays, scalars: [...scalars, this.net.rng.position] };
  }

  /** Restores getTrainingState(). */
  async setTrainingState(state: EngineTrainingState): Promise<void> {
    this.alive();
    const scalars = state.scalars.slice(0, -1);
    this.optimizer.setState(this.f, { arrays: state.arrays, scalars });
    this.net.rng.position = state.scalars[state.scalars.length - 1] ?? this.net.rng.position;
  }

  /** Writes model.json + weights.bin (tfjs layers format) into `dir`. */
  async save(dir: string): Promise<void> {
    this.alive();
    await saveLayersModel(dir, this.net.savedLayers, this.data.features, this.getWeights());
  }

  /** Drops the heap and stops the worker threads; later calls throw. */
  dispose(): void {
    this.disposed = true;
    void this.pool?.close();
  }

  /** dispose(), resolving once the worker threads have exited. */
  async close(): Promise<void> {
    this.disposed = true;
    await this.pool?.close();
  }

  /** Keras: the loss is a mean over rows, metrics a mean weighted by the rows' sample weights. */
  private logs(prefix: string, lossTotal: number, metricTotals: number[], rows: number, metricWeight = rows): EpochLogs {
    const logs: EpochLogs = { [`${prefix}loss`]: lossTotal / rows };
    this.shape.metrics.forEach((m, i) => {
      logs[`${prefix}${metricLogName(m)}`] = metricWeight > 0 ? metricTotals[i] / metricWeight : 0;
    });
    return logs;
  }

  private checkOrder(order: Uint32Array): void {
    const n = this.data.trainRows;
    if (order.length > n) throw new Error(`fast engine: batch order has ${order.length} entries but there are ${n} training rows`);
    for (let i = 0; i < order.length; i++) {
      if (order[i] >= n) throw new Error(`fast engine: batch order[${i}] = ${order[i]} is not a training row (0…${n - 1})`);
    }
  }

  private alive(): void {
    if (this.disposed) throw new Error('fast engine: the model was disposed');
  }
}

function sumSquares(f: Float32Array, at: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f[at + i] * f[at + i];
  return s;
}

/** Shape checks between the data and the spec, with errors that say what to change. */
function checkData(spec: FitwatchSpec, data: FastData): void {
  const fail = (message: string, fix: string, jsonPath: (string | number)[]): never => {
    throw new FitwatchError({ code: 'fast/data-shape', message, fix, location: { file: '<spec>', jsonPath } });
  };
  if (!(data.rows >= 1) || data.x.length < data.rows * data.features) {
    fail(
      `The data has ${data.x.length} feature values for ${data.rows} rows × ${data.features} features.`,
      'Check the data file: every row needs the same number of columns.',
      ['data'],
    );
  }
  if (data.y.length < data.rows * data.labelWidth) {
    fail(`The data has ${data.y.length} label values for ${data.rows} rows × ${data.labelWidth}.`, 'Check the label column of the data file.', [
      'data',
      'labelColumn',
    ]);
  }
  if (!(data.trainRows >= 1 && data.trainRows <= data.rows)) {
    fail(`No training rows: ${data.trainRows} of ${data.rows} (validationSplit ${spec.fit.validationSplit}).`, 'Lower fit.validationSplit or add rows.', [
      'fit',
      'validationSplit',
    ]);
  }
  const dense = spec.model.layers.filter((l) => l.type === 'dense');
  const lastIndex = spec.model.layers.lastIndexOf(dense[dense.length - 1]);
  const units = dense[dense.length - 1].units;
  const sparse = spec.compile.loss === 'sparseCategoricalCrossentropy';
  if (sparse ? data.labelWidth !== 1 : data.labelWidth !== units) {
    fail(
      sparse
        ? `sparseCategoricalCrossentropy expects one class index per row, but the labels have width ${data.labelWidth}.`
        : `The last dense layer has ${units} units but each label has ${data.labelWidth} values (loss ${spec.compile.loss}).`,
      sparse ? 'Use categoricalCrossentropy for one-hot labels.' : `Set units to ${data.labelWidth}, or change the loss.`,
      ['model', 'layers', lastIndex, 'units'],
    );
  }
}
