/**
 * The loss and metrics as per-sample tensors, so the loop can sum them on the device and
 * divide by the sample count once per epoch (Keras reports sample-weighted means).
 */
import * as tf from '@tensorflow/tfjs';
import { metricLogName } from '../../shared/metrics';
import type { LossName, MetricName } from '../../shared/spec';

/** A function from labels and predictions to one value per sample (shape [batch]). */
export type PerSample = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** A named metric as it appears in the logs (`acc`, `mse`, `mae`). */
export interface NamedMetric {
  logName: string;
  fn: PerSample;
}

/** The training objective: loss, metrics, and how raw labels become what they compare against. */
export interface Objective {
  /** Per-sample loss; of the logits when `fromLogits`, else of the predictions. */
  loss: PerSample;
  /**
   * Binary cross-entropy on a sigmoid output is taken from the logits, as Keras 3 does (tfjs
   * clips the probability instead, which zeroes the gradient of a saturated output).
   */
  fromLogits: boolean;
  metrics: NamedMetric[];
  /** Sparse labels are one-hot encoded once, up front, so every batch uses categorical maths. */
  prepareLabels(y: Float32Array, labelWidth: number): Float32Array;
}

function lossFunction(loss: LossName): PerSample {
  switch (loss) {
    case 'binaryCrossentropy':
      return tf.metrics.binaryCrossentropy;
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy':
      return tf.metrics.categoricalCrossentropy;
    case 'meanSquaredError':
      return tf.metrics.meanSquaredError;
    case 'meanAbsoluteError':
      return tf.metrics.meanAbsoluteError;
  }
}

function metricFunction(metric: MetricName, loss: LossName, outputUnits: number): PerSample {
  switch (metric) {
    case 'accuracy':
      // Keras picks binary accuracy (threshold 0.5) for BCE or a single output, argmax otherwise.
      return loss === 'binaryCrossentropy' || outputUnits === 1 ? tf.metrics.binaryAccuracy : tf.metrics.categoricalAccuracy;
    case 'mse':
      return tf.metrics.meanSquaredError;
    case 'mae':
      return tf.metrics.meanAbsoluteError;
  }
}

/** Keras' BCE from logits: mean over the last axis of sigmoid_cross_entropy_with_logits. */
function binaryCrossentropyFromLogits(yTrue: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.mean(tf.losses.sigmoidCrossEntropy(yTrue, logits, undefined, 0, tf.Reduction.NONE), -1);
}

/**
 * Builds the objective for a compiled spec whose output layer has `outputUnits` units; `fromLogits`
 * (see `lossFromLogits`) says the model hands the loss the sigmoid output's logits.
 */
export function createObjective(loss: LossName, metrics: MetricName[], outputUnits: number, fromLogits = false): Objective {
  const seen = new Set<string>();
  const named: NamedMetric[] = [];
  for (const m of metrics) {
    const logName = metricLogName(m);
    if (seen.has(logName)) continue;
    seen.add(logName);
    named.push({ logName, fn: metricFunction(m, loss, outputUnits) });
  }
  return {
    loss: fromLogits && loss === 'binaryCrossentropy' ? binaryCrossentropyFromLogits : lossFunction(loss),
    fromLogits: fromLogits && loss === 'binaryCrossentropy',
    metrics: named,
    prepareLabels: (y, labelWidth) => (loss === 'sparseCategoricalCrossentropy' ? oneHot(y, labelWidth, outputUnits) : y),
  };
}

/** One-hot rows from sparse class indices (`labelWidth` must be 1); indices are checked by the loader. */
export function oneHot(y: Float32Array, labelWidth: number, classes: number): Float32Array {
  if (labelWidth !== 1) throw new Error(`sparse labels must be one value per row, got ${labelWidth}`);
  const out = new Float32Array(y.length * classes);
  for (let r = 0; r < y.length; r++) {
    const c = Math.floor(y[r]);
    if (c < 0 || c >= classes) throw new Error(`sparse label ${y[r]} at row ${r} is outside 0..${classes - 1}`);
    out[r * classes + c] = 1;
  }
  return out;
}
