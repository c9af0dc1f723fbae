/**
 * Which way a monitored quantity should go, and what counts as an improvement.
 * Follows keras/src/callbacks/monitor_callback.py (keras-team/keras @ 5d24952b083c, tests @ 16d7162a448d):
 * `mode: 'auto'` means "less" for `loss`/`val_loss`, otherwise the metric's own `_direction`;
 * an unknown metric in auto mode is an error, not a guess.
 */
import { FitwatchError, type JsonPath } from '../location';
import type { MonitorMode } from '../spec';

/** Whether lower (`min`) or higher (`max`) values are better. */
export type Direction = 'min' | 'max';

/**
 * Keras metric names (without `val_`) and their `_direction`, as declared on the Keras 3 metric
 * classes. Keras reads it from the compiled model; a spec has no model yet, so the table stands in.
 */
const METRIC_DIRECTIONS: Readonly<Record<string, Direction>> = {
  loss: 'min',
  acc: 'max',
  accuracy: 'max',
  binary_accuracy: 'max',
  categorical_accuracy: 'max',
  sparse_categorical_accuracy: 'max',
  top_k_categorical_accuracy: 'max',
  sparse_top_k_categorical_accuracy: 'max',
  auc: 'max',
  precision: 'max',
  recall: 'max',
  f1_score: 'max',
  fbeta_score: 'max',
  r2_score: 'max',
  iou: 'max',
  mean_iou: 'max',
  cosine_similarity: 'max',
  true_positives: 'max',
  true_negatives: 'max',
  false_positives: 'min',
  false_negatives: 'min',
  mse: 'min',
  mae: 'min',
  mape: 'min',
  msle: 'min',
  mean_squared_error: 'min',
  mean_absolute_error: 'min',
  mean_absolute_percentage_error: 'min',
  mean_squared_logarithmic_error: 'min',
  root_mean_squared_error: 'min',
  hinge: 'min',
  squared_hinge: 'min',
  categorical_hinge: 'min',
  binary_crossentropy: 'min',
  categorical_crossentropy: 'min',
  sparse_categorical_crossentropy: 'min',
  kl_divergence: 'min',
  poisson: 'min',
  log_cosh: 'min',
};

/** Where a callback's spec lives, so a bad `mode`/`factor` error can point at it. */
export interface CallbackSpecLocation {
  /** The spec file, when known (errors then carry it as their location). */
  specFile?: string;
  /** JSON path of the callback object, e.g. `['callbacks', 'earlyStopping']`. */
  jsonPath: JsonPath;
}

/** The direction Keras' `_set_monitor_op` picks for `monitor` under `mode`; throws where Keras raises. */
export function resolveDirection(callbackName: string, monitor: string, mode: MonitorMode, where: CallbackSpecLocation): Direction {
  if (mode === 'min' || mode === 'max') return mode;
  const metricName = monitor.startsWith('val_') ? monitor.slice('val_'.length) : monitor;
  const direction = METRIC_DIRECTIONS[metricName];
  if (direction) return direction;
  throw new FitwatchError({
    code: 'spec/callback-mode',
    message:
      `${callbackName} received monitor="${monitor}" with mode "auto", but the direction of that metric is unknown ` +
      '(Keras raises the same error: it cannot tell whether it should be maximized or minimized).',
    fix: `Set "mode": "max" in ${where.jsonPath.join('.')} to use the highest value, or "mode": "min" for the lowest.`,
    location: where.specFile === undefined ? undefined : { file: where.specFile, jsonPath: [...where.jsonPath, 'mode'] },
  });
}

/**
 * The direction of `monitor` in Keras' auto mode, for readers that have no callback spec (a
 * Keras log's val_loss/loss): the same table as resolveDirection; undefined where Keras raises.
 */
export function autoDirection(monitor: string): Direction | undefined {
  return METRIC_DIRECTIONS[monitor.startsWith('val_') ? monitor.slice('val_'.length) : monitor];
}

/**
 * Keras' `min_delta` after `_set_monitor_op`: its absolute value, negated for "min" so that
 * `value - signedMinDelta` is the value handicapped by min_delta in the improving direction.
 */
export function signedMinDelta(direction: Direction, minDelta: number): number {
  const magnitude = Math.abs(minDelta);
  return direction === 'min' ? -magnitude : magnitude;
}

/**
 * Keras' `_is_improvement`: an unset reference (`null`, Keras' None) always counts as improved.
 * `value - min_delta` is taken in double (Python floats), but `ops.less`/`ops.greater` convert
 * both sides to float32 tensors first, so the comparison is in float32: 1.437 + 0.001 is not
 * below 1.438 there, although it is in double.
 */
export function isImprovement(direction: Direction, signedDelta: number, value: number, reference: number | null): boolean {
  if (reference === null) return true;
  const shifted = Math.fround(value - signedDelta);
  const ref = Math.fround(reference);
  return direction === 'min' ? shifted < ref : shifted > ref;
}

/** Python's default warning filter prints a given message once; callbacks keep the same list. */
export function warnOnce(warnings: string[], message: string): void {
  if (!warnings.includes(message)) warnings.push(message);
}
