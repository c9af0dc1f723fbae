/**
 * The resolved shape of a `*.fitwatch.json` spec: every default filled in.
 * Names follow Keras, camelCased the way tfjs spells them.
 * Parsing, validation and locations live in `src/shared/spec/`.
 */

/** Activations supported by dense layers (the usual Keras ones). */
export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'elu' | 'selu' | 'softplus';

/** Keras loss names, camelCased. */
export type LossName = 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';

/** Metrics a spec may ask for; `accuracy` is logged as `acc`/`val_acc` like the seed's Keras output. */
export type MetricName = 'accuracy' | 'mse' | 'mae';

/** L1/L2 weight penalty, as in `keras.regularizers.L1L2`. */
export interface RegularizerSpec {
  l1: number;
  l2: number;
}

/** `keras.layers.Dense`. */
export interface DenseLayerSpec {
  type: 'dense';
  units: number;
  activation: Activation;
  useBias: boolean;
  kernelRegularizer?: RegularizerSpec;
}

/** `keras.layers.Dropout`. */
export interface DropoutLayerSpec {
  type: 'dropout';
  rate: number;
}

/** One layer of a Sequential model; the input size comes from the data. */
export type LayerSpec = DenseLayerSpec | DropoutLayerSpec;

/** `keras.optimizers.Adam` (Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7). */
export interface AdamSpec {
  type: 'adam';
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** `keras.optimizers.SGD`. */
export interface SgdSpec {
  type: 'sgd';
  learningRate: number;
  momentum: number;
  nesterov: boolean;
}

/** `keras.optimizers.RMSprop` (Keras defaults: rho 0.9, momentum 0, epsilon 1e-7). */
export interface RmspropSpec {
  type: 'rmsprop';
  learningRate: number;
  rho: number;
  momentum: number;
  epsilon: number;
}

/** Any supported optimizer. */
export type OptimizerSpec = AdamSpec | SgdSpec | RmspropSpec;

/** Mode of a monitored quantity, as in Keras callbacks. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** `keras.callbacks.ReduceLROnPlateau` arguments with Keras 3 defaults. */
export interface ReduceLROnPlateauSpec {
  monitor: string;
  factor: number;
  patience: number;
  mode: MonitorMode;
  minDelta: number;
  cooldown: number;
  minLr: number;
}

/** `keras.callbacks.EarlyStopping` arguments with Keras 3 defaults. */
export interface EarlyStoppingSpec {
  monitor: string;
  minDelta: number;
  patience: number;
  mode: MonitorMode;
  baseline: number | null;
  restoreBestWeights: boolean;
  startFromEpoch: number;
}

/** How features are scaled before training (statistics from the training part only). */
export type NormalizeMode = 'none' | 'standard' | 'minmax';

/** A column named by header or 0-based index (negative counts from the end). */
export type ColumnRef = string | number;

/** Data read from a file in the workspace. */
export interface FileDataSpec {
  kind: 'file';
  /** Path relative to the folder that contains the spec file (must stay inside the workspace). */
  path: string;
  /** For `.npy`: the labels file (the y of an X.npy + y.npy pair). */
  labelsPath?: string;
  labelColumn: ColumnRef;
  featureColumns?: ColumnRef[];
  header: 'auto' | boolean;
  normalize: NormalizeMode;
  /** Decimal mark of a delimited text file's numbers (`","`: European CSV such as `1,5;2,3`); `.` when absent. */
  decimal?: DecimalMark;
  /**
   * Shuffle the rows once (fixed seed 0) before the validation split. Keras' validation_split does
   * not: it takes the last rows, so a file sorted by label validates on one class.
   */
  shuffleBeforeSplit?: boolean;
  /** Regression: train on the target standardised with the training rows' mean/std; losses and predictions are reported in the target's units. */
  standardizeTarget?: boolean;
}

/** The decimal mark of numbers in a text data file. */
export type DecimalMark = '.' | ',';

/** The embedded, deterministic seed-shaped sample (no user data needed). */
export interface SampleDataSpec {
  kind: 'sample';
  sample: 'seed';
  rows: number;
  features: number;
  seed: number;
  normalize: NormalizeMode;
}

/** Where the rows come from. */
export type DataSpec = FileDataSpec | SampleDataSpec;

/** `model.fit` arguments. */
export interface FitSpec {
  epochs: number;
  batchSize: number;
  /** Keras semantics: the LAST fraction of rows, taken before shuffling. */
  validationSplit: number;
  shuffle: boolean;
  seed?: number;
  /**
   * Keras' `class_weight`: each training row's loss (and its gradient) is scaled by the weight of
   * its class; validation is not weighted, as in Keras. `balanced` is n_rows / (n_classes · n_k)
   * over the training rows (scikit-learn's compute_class_weight); an object maps class indices.
   */
  classWeight?: ClassWeightSpec;
}

/** `fit.classWeight`: `"balanced"` or `{ "<class index>": weight }`. */
export type ClassWeightSpec = 'balanced' | Readonly<Record<string, number>>;

/** Which tfjs backend to run; `auto` tries tensorflow, then wasm, then cpu. */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/**
 * Which engine runs the loop; `auto` picks the fast MLP path when the spec fits it (Keras when it
 * is installed and measurably faster for the spec's size); `keras` runs the equivalent Keras 3
 * script in the user's Python (docs/keras-engine.md).
 */
export type EngineChoice = 'auto' | 'tfjs' | 'fast' | 'keras';

/** A fully resolved spec. */
export interface FitwatchSpec {
  name?: string;
  data: DataSpec;
  model: { layers: LayerSpec[] };
  compile: { loss: LossName; optimizer: OptimizerSpec; metrics: MetricName[] };
  fit: FitSpec;
  callbacks: { reduceLROnPlateau?: ReduceLROnPlateauSpec; earlyStopping?: EarlyStoppingSpec };
  backend: BackendChoice;
  engine: EngineChoice;
}

// `../shared/spec` resolves to this file, not to the folder, so the folder's API is re-exported
// here: importing parseSpec & co. from either path works.
export * from './spec/index';
