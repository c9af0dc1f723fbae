/**
 * The optimizer's learning rate against Keras' default for it: how far above it a rate must be
 * before the coach blames the rate for a stall or for dead units.
 */
import { SPEC_DEFAULTS, type FitwatchSpec } from '../shared/spec';

/** The rate as a multiple of Keras' default for the optimizer (Adam 0.01 is 10). */
export function rateMultiple(spec: FitwatchSpec): number {
  const { type, learningRate } = spec.compile.optimizer;
  return learningRate / SPEC_DEFAULTS[type].learningRate;
}

/**
 * A learning rate this many times Keras' default for its optimizer (Adam 0.03, SGD 0.3) is the
 * first suspect of a stalled run: more units trained at that rate only diverge sooner, so the
 * lower-rate fix goes ahead of the capacity ones. The seed question's Adam 0.01 (10×) is not.
 */
const HIGH_RATE_MULTIPLE = 30;

/** Whether the optimizer's rate is far above Keras' default for it. */
export function rateFarAboveDefault(spec: FitwatchSpec): boolean {
  return rateMultiple(spec) >= HIGH_RATE_MULTIPLE;
}

/**
 * Above this multiple of Keras' default rate, large steps are the likely killer of ReLU units;
 * at or near the default they die from the inputs (all-positive raw features make a unit with
 * mostly negative weights 0 for every row) or the initial draw, and a lower rate only slows the run.
 */
const DEAD_RELU_RATE_MULTIPLE = 3;

/** Whether the rate is high enough to blame for dead ReLU units. */
export function rateKillsRelus(spec: FitwatchSpec): boolean {
  return rateMultiple(spec) > DEAD_RELU_RATE_MULTIPLE;
}
