/**
 * Keras losses and metrics as tfjs-layers 4.22 computes them (losses.ts, metrics.ts), with the
 * gradient of the batch-mean loss with respect to the predictions. Sums come back in doubles;
 * the caller divides by the rows it has seen. One exception follows Keras 3 rather than tfjs:
 * binary cross-entropy on a sigmoid output is computed from the logits (`bceFromLogits`).
 */
import type { Activation, LossName, MetricName } from '../../shared/spec';

/** tfjs-layers `epsilon()`: the clip bound for probabilities. */
export const EPSILON = 1e-7;

/** Which accuracy tfjs picks for `metrics: ['accuracy']` (training.ts handleMetrics). */
export type AccuracyKind = 'binary' | 'sparse' | 'categorical';

/** tfjs: binary when the output has one unit or the loss is binary cross-entropy. */
export function accuracyKind(loss: LossName, outputUnits: number): AccuracyKind {
  if (outputUnits === 1 || loss === 'binaryCrossentropy') return 'binary';
  return loss === 'sparseCategoricalCrossentropy' ? 'sparse' : 'categorical';
}

/** Per-batch sums: loss, and each requested metric, over the rows of the batch. */
export interface BatchSums {
  loss: number;
  metrics: number[];
}

/** What a loss evaluation needs to know about shapes. */
export interface LossShape {
  loss: LossName;
  metrics: MetricName[];
  accuracy: AccuracyKind;
  /** Output units (prediction width). */
  units: number;
  /** Label floats per row: 1 for sparse CE, else `units`. */
  labelWidth: number;
  /**
   * Binary cross-entropy on a sigmoid output, taken from the logits as Keras 3 does (its sigmoid
   * caches `_keras_logits`; the loss then calls `sigmoid_cross_entropy_with_logits`). The gradient
   * is then dL/dlogits, so the caller skips the sigmoid's own backward step.
   */
  fromLogits: boolean;
}

/** Keras 3 takes BCE from the logits when the output is a sigmoid that nothing follows. */
export function lossFromLogits(loss: LossName, outputActivation: Activation, outputDropout: boolean): boolean {
  return loss === 'binaryCrossentropy' && outputActivation === 'sigmoid' && !outputDropout;
}

/**
 * Loss and metric sums over `rows` predictions at `p` against labels at `y`; when `g` ≠ -1, also
 * writes the gradient of the batch-mean loss (1/rows folded in) to `g`: dL/dp, or dL/dlogits
 * when `s.fromLogits` (then `logits` is where the output's pre-activations are).
 */
export function lossAndGradient(s: LossShape, f: Float32Array, p: number, y: number, rows: number, g: number, out: BatchSums, logits = -1): void {
  const w = s.units;
  const withGrad = g !== -1;
  let total = 0;
  switch (s.loss) {
    case 'binaryCrossentropy': {
      if (s.fromLogits) {
        total = bceFromLogits(f, logits, p, y, rows * w, g) / w;
        if (withGrad) for (let i = 0; i < rows * w; i++) f[g + i] /= rows * w;
        break;
      }
      const scale = 1 / (rows * w);
      for (let i = 0; i < rows * w; i++) {
        const pv = f[p + i];
        const t = f[y + i];
        const inside = pv >= EPSILON && pv <= 1 - EPSILON;
        const pc = inside ? pv : pv < EPSILON ? EPSILON : 1 - EPSILON;
        // tfjs evaluates sigmoidCE(log(pc / (1 − pc))); in exact arithmetic that is the textbook
        // −(t·log pc + (1 − t)·log(1 − pc)), which needs one log per row for 0/1 labels.
        total -= (t === 1 ? Math.log(pc) : t === 0 ? Math.log(1 - pc) : t * Math.log(pc) + (1 - t) * Math.log(1 - pc)) / w;
        // d/dpc of sigmoidCE(logit(pc)) is (sigmoid(logit) − t) / (pc(1 − pc)), and sigmoid(logit(pc)) = pc.
        if (withGrad) f[g + i] = inside ? ((pc - t) / (pc * (1 - pc))) * scale : 0;
      }
      break;
    }
    case 'meanSquaredError': {
      const scale = 2 / (rows * w);
      for (let i = 0; i < rows * w; i++) {
        const d = f[p + i] - f[y + i];
        total += (d * d) / w;
        if (withGrad) f[g + i] = d * scale;
      }
      break;
    }
    case 'meanAbsoluteError': {
      const scale = 1 / (rows * w);
      for (let i = 0; i < rows * w; i++) {
        const d = f[p + i] - f[y + i];
        total += Math.abs(d) / w;
        // tfjs abs gradient is step(x, -1): −1 at exactly 0.
        if (withGrad) f[g + i] = d > 0 ? scale : -scale;
      }
      break;
    }
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy':
      total = crossentropy(s.loss === 'sparseCategoricalCrossentropy', f, p, y, rows, w, g);
      break;
  }
  out.loss = total;
  for (let m = 0; m < s.metrics.length; m++) out.metrics[m] = metricSum(s, s.metrics[m], f, p, y, rows);
}

/**
 * lossAndGradient with a weight per row (fit.classWeight as Keras' sample_weight): the loss sum
 * is Σ wᵣ·lossᵣ and the gradient that of Σ wᵣ·lossᵣ / rows (Keras divides by the batch size, not
 * by Σw); metric sums are Σ wᵣ·metricᵣ, to be divided by Σ wᵣ (returned) as Keras' weighted means.
 * Row by row, so every loss keeps one implementation.
 */
export function weightedLossAndGradient(
  s: LossShape,
  f: Float32Array,
  p: number,
  y: number,
  rows: number,
  g: number,
  out: BatchSums,
  logits: number,
  weights: Float32Array,
  w: number,
): number {
  const units = s.units;
  const row: BatchSums = { loss: 0, metrics: s.metrics.map(() => 0) };
  let loss = 0;
  let weightSum = 0;
  const metrics = s.metrics.map(() => 0);
  for (let r = 0; r < rows; r++) {
    const wr = weights[w + r];
    lossAndGradient(s, f, p + r * units, y + r * s.labelWidth, 1, g === -1 ? -1 : g + r * units, row, logits === -1 ? -1 : logits + r * units);
    loss += wr * row.loss;
    weightSum += wr;
    for (let m = 0; m < metrics.length; m++) metrics[m] += wr * row.metrics[m];
    if (g !== -1) for (let j = 0; j < units; j++) f[g + r * units + j] *= wr / rows;
  }
  out.loss = loss;
  for (let m = 0; m < metrics.length; m++) out.metrics[m] = metrics[m];
  return weightSum;
}

/**
 * Σ of TensorFlow's `sigmoid_cross_entropy_with_logits` over `n` logits at `z`:
 * max(z, 0) − z·t + log1p(exp(−|z|)), finite and with a live gradient however saturated z is
 * (tfjs instead clips the probability to [ε, 1 − ε] and zeroes the gradient beyond). When `g` ≠ -1
 * writes the unscaled dL/dz = sigmoid(z) − t there, using the sigmoid already at `p`.
 */
export function bceFromLogits(f: Float32Array, z: number, p: number, y: number, n: number, g: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = f[z + i];
    const t = f[y + i];
    total += (x > 0 ? x : 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
    if (g !== -1) f[g + i] = f[p + i] - t;
  }
  return total;
}

/**
 * tfjs categoricalCrossentropy: q = p / Σp, clipped to [ε, 1−ε], loss −Σ t·log q per row.
 * The sparse variant first clips p itself, then one-hot encodes the class index.
 */
function crossentropy(sparse: boolean, f: Float32Array, p: number, y: number, rows: number, w: number, g: number): number {
  let total = 0;
  const scale = 1 / rows;
  for (let r = 0; r < rows; r++) {
    const pr = p + r * w;
    const gr = g + r * w;
    const cls = sparse ? Math.floor(f[y + r]) : -1;
    const target = (j: number): number => (sparse ? (j === cls ? 1 : 0) : f[y + r * w + j]);
    const pin = (j: number): number => {
      const v = f[pr + j];
      return sparse ? Math.min(Math.max(v, EPSILON), 1 - EPSILON) : v;
    };
    let sum = 0;
    for (let j = 0; j < w; j++) sum += pin(j);
    let loss = 0;
    // dq_j = dL/dq_j (before the normalisation), then dp_i = (dq_i − Σ_j dq_j·q_j) / sum.
    let dqq = 0;
    for (let j = 0; j < w; j++) {
      const q = pin(j) / sum;
      const inside = q >= EPSILON && q <= 1 - EPSILON;
      const qc = inside ? q : q < EPSILON ? EPSILON : 1 - EPSILON;
      const t = target(j);
      loss -= t * Math.log(qc);
      if (g !== -1) {
        const dq = inside ? -t / qc : 0;
        f[gr + j] = dq;
        dqq += dq * q;
      }
    }
    total += loss;
    if (g !== -1) {
      for (let j = 0; j < w; j++) {
        const v = f[pr + j];
        const pinside = !sparse || (v >= EPSILON && v <= 1 - EPSILON);
        f[gr + j] = pinside ? ((f[gr + j] - dqq) / sum) * scale : 0;
      }
    }
  }
  return total;
}

/** Sum over rows of one metric, each row's value being the mean over its units, as tfjs. */
function metricSum(s: LossShape, metric: MetricName, f: Float32Array, p: number, y: number, rows: number): number {
  const w = s.units;
  let total = 0;
  if (metric === 'mse' || metric === 'mae') {
    for (let i = 0; i < rows * w; i++) {
      const d = f[p + i] - f[y + i];
      total += (metric === 'mse' ? d * d : Math.abs(d)) / w;
    }
    return total;
  }
  if (s.accuracy === 'binary') {
    for (let i = 0; i < rows * w; i++) total += (f[p + i] > 0.5 ? 1 : 0) === f[y + i] ? 1 / w : 0;
    return total;
  }
  for (let r = 0; r < rows; r++) {
    const predicted = argmax(f, p + r * w, w);
    const actual = s.accuracy === 'sparse' ? f[y + r] : argmax(f, y + r * w, w);
    if (predicted === actual) total++;
  }
  return total;
}

/** Index of the first maximum, as tf.argMax. */
function argmax(f: Float32Array, at: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (f[at + j] > f[at + best]) best = j;
  return best;
}
