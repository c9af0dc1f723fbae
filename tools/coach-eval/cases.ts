/**
 * The evaluation suite's cases: public datasets crossed with the starting configurations users
 * really write, each as the spec text a user would have, so `--fix`-style edits apply to it.
 */

/** One exported dataset (tools/coach-eval/export_datasets.py) or the embedded seed sample. */
export interface SuiteDataset {
  name: string;
  task: 'binary' | 'multiclass' | 'regression';
  /** Classes for classification (the output layer's width for multiclass). */
  classes?: number;
  /** Rows, to size epochs and batches. */
  rows: number;
}

/** The datasets of the full suite; names match the exporter's. */
export const DATASETS: readonly SuiteDataset[] = [
  { name: 'iris', task: 'multiclass', classes: 3, rows: 150 },
  { name: 'wine', task: 'multiclass', classes: 3, rows: 178 },
  { name: 'breast_cancer', task: 'binary', rows: 569 },
  { name: 'diabetes', task: 'regression', rows: 442 },
  { name: 'digits', task: 'multiclass', classes: 10, rows: 1797 },
  { name: 'fair', task: 'binary', rows: 6366 },
  { name: 'anes96', task: 'binary', rows: 944 },
  { name: 'randhie', task: 'regression', rows: 4000 },
  { name: 'star98', task: 'regression', rows: 303 },
  { name: 'engel', task: 'regression', rows: 235 },
  { name: 'seed', task: 'binary', rows: 10000 },
];

/** The starting configurations; `healthy` must draw no warning. */
export type ConfigName = 'seed-config' | 'lr-high' | 'lr-low' | 'raw-features' | 'too-big' | 'too-small' | 'sorted' | 'healthy';

/** Every configuration, in table order. */
export const CONFIGS: readonly ConfigName[] = ['seed-config', 'lr-high', 'lr-low', 'raw-features', 'too-big', 'too-small', 'sorted', 'healthy'];

/** What a configuration sets. */
interface ConfigShape {
  hidden: number[];
  learningRate: number;
  normalize: 'none' | 'standard';
  /** Epoch budget as a multiple of the base budget. */
  epochScale: number;
  file: 'shuffled' | 'sorted';
  earlyStopping?: boolean;
  /** Regression: train on the standardised target (what a healthy regression spec does). */
  standardizeTarget?: boolean;
}

const SHAPES: Record<ConfigName, ConfigShape> = {
  // The seed question: 16-16 relu, Adam 0.01, a long run.
  'seed-config': { hidden: [16, 16], learningRate: 0.01, normalize: 'standard', epochScale: 2, file: 'shuffled' },
  'lr-high': { hidden: [32, 32], learningRate: 0.2, normalize: 'standard', epochScale: 1, file: 'shuffled' },
  'lr-low': { hidden: [32, 32], learningRate: 1e-5, normalize: 'standard', epochScale: 1, file: 'shuffled' },
  'raw-features': { hidden: [32, 32], learningRate: 0.001, normalize: 'none', epochScale: 1, file: 'shuffled' },
  'too-big': { hidden: [256, 256], learningRate: 0.001, normalize: 'standard', epochScale: 2, file: 'shuffled' },
  'too-small': { hidden: [1], learningRate: 0.001, normalize: 'standard', epochScale: 1, file: 'shuffled' },
  sorted: { hidden: [32, 32], learningRate: 0.001, normalize: 'standard', epochScale: 1, file: 'sorted' },
  healthy: { hidden: [32, 32], learningRate: 0.001, normalize: 'standard', epochScale: 1, file: 'shuffled', earlyStopping: true, standardizeTarget: true },
};

/** Whether a configuration applies to a dataset (a label sort needs classes; the embedded sample is not a file). */
export function applies(ds: SuiteDataset, config: ConfigName): boolean {
  if (config === 'sorted') return ds.task !== 'regression' && ds.name !== 'seed';
  if (config === 'raw-features') return ds.name !== 'seed';
  return true;
}

/**
 * Whether a configuration's runs are scored on the dataset's held-out test file: the sorted
 * case's fix changes which rows are validation, so val_loss before and after would measure
 * different rows (one class before, all of them after).
 */
export function scoredOnTestFile(config: ConfigName): boolean {
  return SHAPES[config].file === 'sorted';
}

/** The held-out test file of a classification dataset (stratified 20 %, absent from the sorted file). */
export function testFileName(ds: SuiteDataset): string {
  return `${ds.name}.test.csv`;
}

/** The base epoch budget: fewer epochs on bigger data (each epoch has more steps). */
export function baseEpochs(ds: SuiteDataset, quick: boolean): number {
  // The seed sample is the long-training case of the question; its epochs are cheap (40 batches).
  const base = ds.name === 'seed' ? 150 : ds.rows <= 600 ? 150 : ds.rows <= 2000 ? 80 : 40;
  return quick ? Math.max(20, Math.round(base / 2)) : base;
}

/** The spec text of a case, as a user would write it (the data file sits beside it in data/). */
export function specText(ds: SuiteDataset, config: ConfigName, seed: number, quick: boolean): string {
  const shape = SHAPES[config];
  const epochs = Math.round(baseEpochs(ds, quick) * shape.epochScale);
  const out =
    ds.task === 'regression'
      ? { type: 'dense', units: 1, activation: 'linear' }
      : ds.task === 'binary'
        ? { type: 'dense', units: 1, activation: 'sigmoid' }
        : { type: 'dense', units: ds.classes, activation: 'softmax' };
  const loss = ds.task === 'regression' ? 'meanSquaredError' : ds.task === 'binary' ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy';
  const data =
    ds.name === 'seed'
      ? { sample: 'seed', rows: ds.rows, normalize: shape.normalize }
      : {
          path: `data/${ds.name}.${shape.file}.csv`,
          labelColumn: 'label',
          normalize: shape.normalize,
          ...(shape.standardizeTarget && ds.task === 'regression' ? { standardizeTarget: true } : {}),
        };
  const spec: Record<string, unknown> = {
    name: `${ds.name} ${config}`,
    data,
    model: { layers: [...shape.hidden.map((units) => ({ type: 'dense', units, activation: 'relu' })), out] },
    compile: { loss, optimizer: { type: 'adam', learningRate: shape.learningRate }, metrics: ds.task === 'regression' ? [] : ['accuracy'] },
    fit: { epochs, batchSize: ds.name === 'seed' ? 200 : 32, validationSplit: 0.2, shuffle: true, seed },
    engine: 'fast',
  };
  if (shape.earlyStopping)
    spec.callbacks = { earlyStopping: { monitor: 'val_loss', patience: Math.max(10, Math.round(epochs / 10)), restoreBestWeights: true } };
  return `${JSON.stringify(spec, null, 2)}\n`;
}
