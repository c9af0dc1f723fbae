/**
 * The closed word lists of the spec file. The parser, the JSON schema test and the
 * generator all read these, so an enum can only change in one place.
 */
import type { Activation, BackendChoice, EngineChoice, LossName, MetricName, MonitorMode, NormalizeMode, DecimalMark } from '../spec';

/** Dense-layer activations, in the order completions offer them. */
export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus'];

/** Loss names (Keras, camelCased as tfjs spells them). */
export const LOSSES: readonly LossName[] = [
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
];

/** Metric names accepted in `compile.metrics`. */
export const METRICS: readonly MetricName[] = ['accuracy', 'mse', 'mae'];

/** Optimizer names, usable as a bare string or as an object's `type`. */
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;

/** Layer types a Sequential model may hold. */
export const LAYER_TYPES = ['dense', 'dropout'] as const;

/** Callback monitor modes. */
export const MONITOR_MODES: readonly MonitorMode[] = ['auto', 'min', 'max'];

/** Quantities a callback may monitor: the log keys the trainer writes (accuracy is logged as `acc`). */
export const MONITORS = ['val_loss', 'loss', 'val_acc', 'acc', 'val_mse', 'mse', 'val_mae', 'mae'] as const;

/** Feature scaling modes. */
export const NORMALIZE_MODES: readonly NormalizeMode[] = ['none', 'standard', 'minmax'];

/** `data.decimal`: the decimal mark of the numbers in a delimited text file. */
export const DECIMAL_MARKS: readonly DecimalMark[] = ['.', ','];

/** tfjs backends. */
export const BACKENDS: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Training engines. */
export const ENGINES: readonly EngineChoice[] = ['auto', 'tfjs', 'fast', 'keras'];

/** Embedded sample data sets (only the seed-shaped one for now). */
export const SAMPLES = ['seed'] as const;

/** Keras loss spellings users paste from Python, mapped to the Fitwatch name. */
export const LOSS_ALIASES: Readonly<Record<string, LossName>> = {
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
};

/** Keras metric spellings mapped to the Fitwatch name. */
export const METRIC_ALIASES: Readonly<Record<string, MetricName>> = {
  acc: 'accuracy',
  binary_accuracy: 'accuracy',
  categorical_accuracy: 'accuracy',
  sparse_categorical_accuracy: 'accuracy',
  mean_squared_error: 'mse',
  mean_absolute_error: 'mae',
};

/** Keras 3 log keys mapped to the ones Fitwatch writes (it logs accuracy as `acc`, like the seed's Keras 2). */
export const MONITOR_ALIASES: Readonly<Record<string, (typeof MONITORS)[number]>> = {
  accuracy: 'acc',
  val_accuracy: 'val_acc',
};
