/**
 * The fields each object of a spec may hold. The parser rejects anything else, and a test
 * walks `schemas/fitwatch.schema.json` against this table (its `definitions` use these names),
 * so the editor's completions and the parser cannot drift apart.
 */

/** Allowed field names per object kind of the user-facing spec. */
export const SPEC_FIELDS = {
  spec: ['$schema', 'name', 'data', 'model', 'compile', 'fit', 'callbacks', 'backend', 'engine'],
  fileData: ['path', 'labelsPath', 'labelColumn', 'featureColumns', 'header', 'normalize', 'decimal', 'shuffleBeforeSplit', 'standardizeTarget'],
  sampleData: ['sample', 'rows', 'features', 'seed', 'normalize'],
  model: ['layers'],
  denseLayer: ['type', 'units', 'activation', 'useBias', 'kernelRegularizer'],
  dropoutLayer: ['type', 'rate'],
  regularizer: ['l1', 'l2'],
  compile: ['loss', 'optimizer', 'metrics'],
  adam: ['type', 'learningRate', 'beta1', 'beta2', 'epsilon'],
  sgd: ['type', 'learningRate', 'momentum', 'nesterov'],
  rmsprop: ['type', 'learningRate', 'rho', 'momentum', 'epsilon'],
  fit: ['epochs', 'batchSize', 'validationSplit', 'shuffle', 'seed', 'classWeight'],
  callbacks: ['reduceLROnPlateau', 'earlyStopping'],
  reduceLROnPlateau: ['monitor', 'factor', 'patience', 'mode', 'minDelta', 'cooldown', 'minLr'],
  earlyStopping: ['monitor', 'minDelta', 'patience', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch'],
} as const satisfies Record<string, readonly string[]>;

/** One kind of object in a spec (also the name of its definition in the JSON schema). */
export type SpecObjectKind = keyof typeof SPEC_FIELDS;

/** Fields that must be present, per object kind. */
export const REQUIRED_FIELDS: { readonly [K in SpecObjectKind]?: readonly (typeof SPEC_FIELDS)[K][number][] } = {
  spec: ['data', 'model', 'compile'],
  fileData: ['path'],
  sampleData: ['sample'],
  model: ['layers'],
  denseLayer: ['type', 'units'],
  dropoutLayer: ['type', 'rate'],
  compile: ['loss'],
  adam: ['type'],
  sgd: ['type'],
  rmsprop: ['type'],
};

/** How an object kind is called in messages ("in the Adam optimizer"). */
export const KIND_LABELS: Readonly<Record<SpecObjectKind, string>> = {
  spec: 'the spec',
  fileData: 'file data',
  sampleData: 'sample data',
  model: 'model',
  denseLayer: 'a dense layer',
  dropoutLayer: 'a dropout layer',
  regularizer: 'kernelRegularizer',
  compile: 'compile',
  adam: 'the Adam optimizer',
  sgd: 'the SGD optimizer',
  rmsprop: 'the RMSprop optimizer',
  fit: 'fit',
  callbacks: 'callbacks',
  reduceLROnPlateau: 'reduceLROnPlateau',
  earlyStopping: 'earlyStopping',
};

/** What to write for a missing required field, shown in the fix. */
export const REQUIRED_EXAMPLES: Readonly<Record<string, string>> = {
  data: '"data": { "path": "data/train.csv" } (relative to this file), or "data": { "sample": "seed" }',
  model: '"model": { "layers": [{ "type": "dense", "units": 1, "activation": "sigmoid" }] }',
  compile: '"compile": { "loss": "binaryCrossentropy", "optimizer": "adam" }',
  path: '"path": "data/train.csv" (relative to the folder of this spec)',
  sample: '"sample": "seed"',
  layers: '"layers": [{ "type": "dense", "units": 1, "activation": "sigmoid" }]',
  units: '"units": 16',
  rate: '"rate": 0.2',
  loss: '"loss": one of "binaryCrossentropy", "categoricalCrossentropy", "sparseCategoricalCrossentropy", "meanSquaredError", "meanAbsoluteError"',
};
