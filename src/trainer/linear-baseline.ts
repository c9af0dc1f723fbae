/**
 * The noise-floor yardstick: a linear model fitted in closed form on the training rows (ridge
 * least squares on standardised features, one output per label column), scored on both parts
 * with the spec's loss. It takes well under a second on tabular data and tells the coach what
 * these features allow without any hidden layer.
 */
import type { DatasetSummary, TrainingArrays } from '../shared/dataset';
import type { LossName } from '../shared/spec';

/** Work budget (rows × features²) above which the fit uses a prefix of the training rows. */
const FLOP_BUDGET = 2e9;
/** Wider inputs than this get no baseline: an MLP on them is not the tabular case this is for. */
const MAX_FEATURES = 256;
/** Ridge strength per row, enough to keep collinear features (longley) solvable. */
const RIDGE = 1e-3;
/** Probabilities are clipped to [EPS, 1 − EPS] before cross-entropy, as Keras clips to its epsilon. */
const EPS = 1e-3;

/** Solves the symmetric positive-definite system A x = b in place by Cholesky; false if not SPD. */
function choleskySolve(a: Float64Array, n: number, b: Float64Array[]): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
  }
  for (const v of b) {
    for (let i = 0; i < n; i++) {
      let s = v[i];
      for (let k = 0; k < i; k++) s -= a[i * n + k] * v[k];
      v[i] = s / a[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = v[i];
      for (let k = i + 1; k < n; k++) s -= a[k * n + i] * v[k];
      v[i] = s / a[i * n + i];
    }
  }
  return true;
}

/** Targets per output column: the label columns, or one-hot of a sparse class index. */
function targetColumns(data: TrainingArrays, loss: LossName, classes: number): number {
  if (loss === 'sparseCategoricalCrossentropy') return classes;
  return data.labelWidth;
}

function target(data: TrainingArrays, loss: LossName, row: number, col: number): number {
  if (loss === 'sparseCategoricalCrossentropy') return data.y[row] === col ? 1 : 0;
  return data.y[row * data.labelWidth + col];
}

/** Mean loss of predictions `p` (rows × outputs) on rows [from, to), in the units training reports. */
function score(data: TrainingArrays, loss: LossName, p: Float64Array, outputs: number, from: number, to: number, scale: number): number {
  let sum = 0;
  for (let r = from; r < to; r++) {
    const base = (r - from) * outputs;
    if (loss === 'binaryCrossentropy') {
      const q = Math.min(1 - EPS, Math.max(EPS, p[base]));
      const y = data.y[r];
      sum -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
    } else if (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') {
      let z = 0;
      for (let c = 0; c < outputs; c++) z += Math.min(1 - EPS, Math.max(EPS, p[base + c]));
      for (let c = 0; c < outputs; c++) {
        if (target(data, loss, r, c) > 0) sum -= target(data, loss, r, c) * Math.log(Math.min(1 - EPS, Math.max(EPS, p[base + c])) / z);
      }
    } else {
      for (let c = 0; c < outputs; c++) {
        const e = p[base + c] - target(data, loss, r, c);
        sum += loss === 'meanAbsoluteError' ? Math.abs(e) * scale : e * e * scale * scale;
      }
    }
  }
  const n = to - from;
  const perOutput = loss === 'meanSquaredError' || loss === 'meanAbsoluteError' ? outputs : 1;
  return n > 0 ? sum / n / perOutput : Number.NaN;
}

/** The linear baseline's losses, or undefined when the data is too wide, has no validation rows, or the fit fails. */
export function linearBaseline(data: TrainingArrays, loss: LossName, summary: Pick<DatasetSummary, 'classes' | 'targetScaling'>): DatasetSummary['baseline'] {
  const f = data.features;
  const valRows = data.rows - data.trainRows;
  if (f > MAX_FEATURES || valRows < 1 || data.trainRows < 2) return undefined;
  const outputs = targetColumns(data, loss, summary.classes?.length ?? 0);
  if (outputs < 1) return undefined;
  const n = Math.min(data.trainRows, Math.max(f + 2, Math.floor(FLOP_BUDGET / Math.max(1, f * f))));
  // Standardise with the fitted rows' statistics: the normal equations stay well conditioned on raw features.
  const mean = new Float64Array(f);
  const sd = new Float64Array(f);
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) mean[j] += data.x[r * f + j];
  for (let j = 0; j < f; j++) mean[j] /= n;
  for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) sd[j] += (data.x[r * f + j] - mean[j]) ** 2;
  for (let j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j] / n) || 1;
  const d = f + 1;
  const a = new Float64Array(d * d);
  const b = Array.from({ length: outputs }, () => new Float64Array(d));
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < f; j++) row[j] = (data.x[r * f + j] - mean[j]) / sd[j];
    row[f] = 1;
    for (let i = 0; i < d; i++) {
      const ri = row[i];
      if (ri === 0) continue;
      for (let k = 0; k <= i; k++) a[i * d + k] += ri * row[k];
      for (let c = 0; c < outputs; c++) b[c][i] += ri * target(data, loss, r, c);
    }
  }
  for (let i = 0; i < d; i++) for (let k = 0; k < i; k++) a[k * d + i] = a[i * d + k];
  for (let i = 0; i < f; i++) a[i * d + i] += RIDGE * n;
  if (!choleskySolve(a, d, b)) return undefined;
  const predict = (from: number, to: number): Float64Array => {
    const p = new Float64Array((to - from) * outputs);
    for (let r = from; r < to; r++) {
      for (let j = 0; j < f; j++) row[j] = (data.x[r * f + j] - mean[j]) / sd[j];
      row[f] = 1;
      for (let c = 0; c < outputs; c++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += row[i] * b[c][i];
        p[(r - from) * outputs + c] = s;
      }
    }
    return p;
  };
  const scale = summary.targetScaling?.std ?? 1;
  const trainLoss = score(data, loss, predict(0, data.trainRows), outputs, 0, data.trainRows, scale);
  const valLoss = score(data, loss, predict(data.trainRows, data.rows), outputs, data.trainRows, data.rows, scale);
  return Number.isFinite(trainLoss) && Number.isFinite(valLoss) ? { trainLoss, valLoss, model: 'ridge' } : undefined;
}
