/**
 * How the fast engine's cost grows with the model and the data: each scaling row is compared
 * with the seed row under the model "time ∝ rows × parameters", so a reader sees at a glance
 * where the engine is linear and where fixed per-batch costs or cache effects bend the curve.
 */

/** A dense MLP's trainable parameter count: kernels and biases of every layer. */
export function mlpParameters(features: number, hidden: readonly number[], outputs = 1): number {
  let total = 0;
  let nIn = features;
  for (const units of [...hidden, outputs]) {
    total += nIn * units + units;
    nIn = units;
  }
  return total;
}

/** One measured scaling row. */
export interface ScalingPoint {
  rows: number;
  features: number;
  hidden: number[];
  msPerEpoch: number;
}

/** The row with what the linear model predicts for it. */
export interface ScalingVerdict {
  parameters: number;
  /** rows × parameters, relative to the baseline row. */
  workRatio: number;
  /** ms/epoch relative to the baseline row. */
  timeRatio: number;
  /** timeRatio / workRatio: 1 is exactly linear, below 1 means better than linear (fixed costs amortised). */
  costPerWorkRatio: number;
  /** ns per (row × parameter), the engine's effective cost of one multiply-add of training work. */
  nsPerRowParameter: number;
}

/** Compares `point` with `baseline` under time ∝ rows × parameters. */
export function scalingVerdict(point: ScalingPoint, baseline: ScalingPoint): ScalingVerdict {
  const parameters = mlpParameters(point.features, point.hidden);
  const work = point.rows * parameters;
  const baseWork = baseline.rows * mlpParameters(baseline.features, baseline.hidden);
  const workRatio = work / baseWork;
  const timeRatio = point.msPerEpoch / baseline.msPerEpoch;
  return { parameters, workRatio, timeRatio, costPerWorkRatio: timeRatio / workRatio, nsPerRowParameter: (point.msPerEpoch * 1e6) / work };
}
