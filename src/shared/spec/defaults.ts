/**
 * Keras defaults for every optional field. The JSON schema repeats them as `default`s
 * (a test checks they agree), so hovering a field in VS Code tells the truth.
 */

/** Default values per object kind and field, as Keras 3 has them (`compile.optimizer` as in `model.compile()`). */
export const SPEC_DEFAULTS = {
  spec: { backend: 'auto', engine: 'auto' },
  fileData: { labelColumn: -1, header: 'auto', normalize: 'none', decimal: '.', shuffleBeforeSplit: false, standardizeTarget: false },
  sampleData: { rows: 50000, features: 64, seed: 1, normalize: 'none' },
  denseLayer: { activation: 'linear', useBias: true },
  regularizer: { l1: 0, l2: 0 },
  compile: { optimizer: 'rmsprop', metrics: [] as string[] },
  adam: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  sgd: { learningRate: 0.01, momentum: 0, nesterov: false },
  rmsprop: { learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
  fit: { epochs: 1, batchSize: 32, validationSplit: 0, shuffle: true },
  reduceLROnPlateau: { monitor: 'val_loss', factor: 0.1, patience: 10, mode: 'auto', minDelta: 1e-4, cooldown: 0, minLr: 0 },
  earlyStopping: {
    monitor: 'val_loss',
    minDelta: 0,
    patience: 0,
    mode: 'auto',
    baseline: null,
    restoreBestWeights: false,
    startFromEpoch: 0,
  },
} as const;
