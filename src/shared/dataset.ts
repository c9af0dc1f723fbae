import type { Problem } from './location';

/** What the data is for, inferred from the labels and checked against the loss. */
export type Task = 'binary' | 'multiclass' | 'regression';

/** Per-feature statistics over the training part, before normalisation. */
export interface FeatureStats {
  name: string;
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** A description of a loaded dataset: enough for the panel header and the coach's data hazards. */
export interface DatasetSummary {
  /** Workspace-relative path, or `sample:seed` for the embedded sample. */
  source: string;
  format: 'csv' | 'tsv' | 'npy' | 'jsonl' | 'sample';
  rows: number;
  features: number;
  featureNames: string[];
  labelName: string;
  task: Task;
  /** For classification: the label values in class-index order (as strings). */
  classes?: string[];
  /** Rows per class in the training part and in the validation tail (classification only). */
  trainClassCounts?: number[];
  valClassCounts?: number[];
  trainRows: number;
  valRows: number;
  normalize: 'none' | 'standard' | 'minmax';
  /** Raw feature statistics over the training part (before normalisation). */
  featureStats: FeatureStats[];
  /** For regression: label mean and std over the training part. */
  labelMean?: number;
  labelStd?: number;
  /**
   * A linear baseline fitted on the training rows in closed form (ridge least squares; for
   * classification on the one-hot labels, scored by the spec's loss after clipping): what these
   * features allow without any hidden layer. The coach's noise-floor check reads it.
   */
  baseline?: { trainLoss: number; valLoss: number; model: 'ridge' };
  /** Set when `fit.classWeight` is: the weight of each class, in class-index order. */
  classWeights?: number[];
  /** Set when `data.standardizeTarget` is on: the regression target was standardised with these (training rows). */
  targetScaling?: { mean: number; std: number };
  loadMs: number;
  /** Non-fatal problems: a label-sorted validation tail, unnormalised features, … */
  warnings: Problem[];
}

/**
 * Rows ready for an engine: row-major features and encoded labels; the first `trainRows`
 * rows train, the rest are the validation tail (Keras: int(rows * (1 - validationSplit))).
 * One shape for the loader's `Dataset`, the tfjs engine and the fast engine.
 */
export interface TrainingArrays {
  /** rows * features, row-major, already normalised per spec. */
  x: Float32Array;
  /** rows * labelWidth. */
  y: Float32Array;
  /** 1 for binary (0/1), sparse (class index) and regression; k for categoricalCrossentropy (one-hot). */
  labelWidth: number;
  rows: number;
  features: number;
  trainRows: number;
  /** fit.classWeight as one weight per training row (absent: every row weighs 1). */
  sampleWeight?: Float32Array;
}
