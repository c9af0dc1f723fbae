/** From a raw table to a Dataset: Keras split, labels encoded for the loss, statistics, warnings, normalisation. */
import type { DatasetSummary } from '../shared/dataset';
import { FitwatchError, type Problem } from '../shared/location';
import type { ClassWeightSpec, LossName, NormalizeMode } from '../shared/spec';
import { resolveClassWeights, rowWeights } from './class-weights';
import { classMixWarning, targetShiftWarning, unnormalizedWarning } from '../shared/data-warnings';
import type { Dataset } from './dataset';
import { computeFeatureStats, normalizeInPlace } from './feature-stats';
import { encodeLabels } from './labels';
import type { RawTable } from './raw-table';
import { shuffleRowsOnce, standardizeInPlace } from './row-order';

/** Keras `validation_split`: `split_at = int(rows * (1 - validationSplit))`; the rows after it validate. */
export function splitAt(rows: number, validationSplit: number): number {
  return Math.floor(rows * (1 - validationSplit));
}

/** Checks the split leaves rows on both sides; errors say how many rows there are and what to change. */
function checkSplit(table: RawTable, validationSplit: number): number {
  if (!(validationSplit >= 0 && validationSplit < 1)) {
    throw new FitwatchError({
      code: 'data/bad-validation-split',
      message: `validationSplit ${validationSplit} must be at least 0 and below 1.`,
      fix: 'Use a fraction such as 0.2 (the last 20% of rows validate), or 0 for no validation.',
      location: { file: table.source },
    });
  }
  const trainRows = splitAt(table.rows, validationSplit);
  const valRows = table.rows - trainRows;
  if (trainRows < 1 || (validationSplit > 0 && valRows < 1)) {
    throw new FitwatchError({
      code: 'data/too-few-rows',
      message: `${table.source} has ${table.rows} row${table.rows === 1 ? '' : 's'}: validationSplit ${validationSplit} leaves ${trainRows} training and ${valRows} validation rows (Keras: int(${table.rows} × (1 − ${validationSplit})) = ${trainRows}).`,
      fix: trainRows < 1 ? 'Add rows, or lower validationSplit.' : 'Add rows, or set validationSplit to 0 to train without validation.',
      location: { file: table.source },
    });
  }
  return trainRows;
}

function countClasses(index: Int32Array, k: number, from: number, to: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let r = from; r < to; r++) counts[index[r]]++;
  return counts;
}

/** Optional row handling before the split (see FileDataSpec). */
export interface FinishOptions {
  shuffleBeforeSplit?: boolean;
  standardizeTarget?: boolean;
  /** fit.classWeight: classification only. */
  classWeight?: ClassWeightSpec;
}

/** Completes a raw table; `x` is normalised in place. `startedAt` is a `performance.now()` for `loadMs`. */
export function finishDataset(
  table: RawTable,
  loss: LossName,
  validationSplit: number,
  normalize: NormalizeMode,
  startedAt: number,
  options: FinishOptions = {},
): Dataset {
  const { rows, features, source } = table;
  const trainRows = checkSplit(table, validationSplit);
  const labels = encodeLabels(table.labels, loss, table.labelName, table.labelSite);
  // After encoding, so label errors still name the file's own line numbers.
  if (options.shuffleBeforeSplit) shuffleRowsOnce(table.x, features, labels.y, labels.labelWidth, labels.classIndex);
  const featureStats = computeFeatureStats(table.x, features, trainRows, table.featureNames);
  const warnings: Problem[] = [];
  let sampleWeight: Float32Array | undefined;
  const summary: DatasetSummary = {
    source,
    format: table.format,
    rows,
    features,
    featureNames: table.featureNames,
    labelName: table.labelName,
    task: labels.task,
    trainRows,
    valRows: rows - trainRows,
    normalize,
    featureStats,
    loadMs: 0,
    warnings,
  };
  if (labels.classes && labels.classIndex) {
    const k = labels.classes.length;
    summary.classes = labels.classes;
    summary.trainClassCounts = countClasses(labels.classIndex, k, 0, trainRows);
    summary.valClassCounts = countClasses(labels.classIndex, k, trainRows, rows);
    const w = classMixWarning(source, labels.classes, summary.trainClassCounts, summary.valClassCounts);
    if (w) warnings.push(w);
    if (options.classWeight) {
      summary.classWeights = resolveClassWeights(options.classWeight, summary.trainClassCounts, labels.classes, source);
      sampleWeight = rowWeights(labels.classIndex, trainRows, summary.classWeights);
    }
  } else {
    if (options.classWeight) {
      throw new FitwatchError({
        code: 'data/class-weight-regression',
        message: `fit.classWeight weighs classes, but ${source}'s label "${table.labelName}" is a regression target (loss ${loss}).`,
        fix: 'Remove fit.classWeight, or use a classification loss (binaryCrossentropy, sparseCategoricalCrossentropy) on class labels.',
        location: { file: '<spec>', jsonPath: ['fit', 'classWeight'] },
      });
    }
    let s = 0;
    for (let r = 0; r < trainRows; r++) s += labels.y[r];
    const mean = s / trainRows;
    let sq = 0;
    for (let r = 0; r < trainRows; r++) sq += (labels.y[r] - mean) ** 2;
    summary.labelMean = mean;
    summary.labelStd = Math.sqrt(sq / trainRows);
    const w = targetShiftWarning(source, labels.y, trainRows);
    if (w) warnings.push(w);
    if (options.standardizeTarget && summary.labelStd > 0) {
      standardizeInPlace(labels.y, mean, summary.labelStd);
      summary.targetScaling = { mean, std: summary.labelStd };
    }
  }
  const w = unnormalizedWarning(source, featureStats, normalize);
  if (w) warnings.push(w);
  normalizeInPlace(table.x, features, featureStats, normalize);
  summary.loadMs = performance.now() - startedAt;
  return {
    x: table.x,
    y: labels.y,
    labelWidth: labels.labelWidth,
    rows,
    features,
    trainRows,
    summary,
    ...(sampleWeight ? { sampleWeight } : {}),
    ...(table.layout ? { layout: table.layout } : {}),
  };
}
