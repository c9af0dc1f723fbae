/**
 * What a model that ignores its inputs scores: the yardstick for "high loss", "low accuracy"
 * and "initial loss". A constant predictor's best cross-entropy is the entropy of the class prior.
 */
import type { DatasetSummary } from '../shared/dataset';
import type { FitwatchSpec } from '../shared/spec';

/** Loss and accuracy of the best constant prediction; undefined when it cannot be known. */
export interface ChanceLevel {
  loss?: number;
  accuracy?: number;
  /**
   * Loss of an untrained net's near-uniform output (ln 2 for BCE, ln k for k classes), which the
   * first epoch starts from whatever the class prior; the yardstick for a broken start.
   */
  uninformed?: number;
  /** How the numbers were obtained, for messages: "class prior 0.31/0.69", "assumed balanced". */
  basis: string;
}

/** Natural-log entropy of a distribution. */
export function entropy(shares: readonly number[]): number {
  let h = 0;
  for (const p of shares) if (p > 0) h -= p * Math.log(p);
  return h;
}

function shares(counts: readonly number[]): number[] | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  return total > 0 ? counts.map((c) => c / total) : undefined;
}

function outputUnits(spec: FitwatchSpec): number | undefined {
  for (let i = spec.model.layers.length - 1; i >= 0; i--) {
    const layer = spec.model.layers[i];
    if (layer.type === 'dense') return layer.units;
  }
  return undefined;
}

/** Chance-level loss and accuracy for the spec's loss on this data (class prior from the training part when known). */
export function chanceLevel(spec: FitwatchSpec, dataset?: DatasetSummary): ChanceLevel {
  const loss = spec.compile.loss;
  const counts = dataset?.trainClassCounts;
  const prior = counts ? shares(counts) : undefined;
  const priorText = prior ? `class prior ${prior.map((p) => p.toFixed(2)).join('/')}` : undefined;

  if (loss === 'binaryCrossentropy') {
    const p = prior && prior.length === 2 ? prior : [0.5, 0.5];
    return { loss: entropy(p), accuracy: Math.max(...p), uninformed: Math.log(2), basis: priorText ?? 'assumed balanced classes' };
  }
  if (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') {
    const k = prior?.length ?? dataset?.classes?.length ?? outputUnits(spec);
    const uninformed = k !== undefined && k >= 2 ? Math.log(k) : undefined;
    if (prior) return { loss: entropy(prior), accuracy: Math.max(...prior), uninformed, basis: priorText ?? '' };
    if (k === undefined || k < 2) return { basis: 'unknown class count' };
    return { loss: Math.log(k), accuracy: 1 / k, uninformed, basis: `assumed ${k} balanced classes` };
  }
  // Regression losses, or a regression loss on class labels.
  if (dataset?.task === 'binary' && prior && prior.length === 2) {
    const p1 = prior[1];
    const value = loss === 'meanSquaredError' ? p1 * (1 - p1) : Math.min(p1, 1 - p1);
    return { loss: value, accuracy: Math.max(...prior), uninformed: loss === 'meanSquaredError' ? 0.25 : 0.5, basis: priorText ?? '' };
  }
  const std = dataset?.labelStd;
  if (std === undefined || !Number.isFinite(std)) return { basis: 'unknown label spread' };
  // Predicting the mean: MSE is the variance; MAE is sqrt(2/pi)*std for a normal label.
  const value = loss === 'meanSquaredError' ? std * std : Math.sqrt(2 / Math.PI) * std;
  return { loss: value, basis: `label std ${std.toPrecision(3)}` };
}
