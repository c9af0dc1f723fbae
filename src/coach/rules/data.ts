/**
 * Data hazards, read from the loader's `DatasetSummary` once per run (plus the first epoch
 * for `initial-loss`). They are facts about the run's start, so they never clear by themselves.
 */
import type { DatasetSummary } from '../../shared/dataset';
import type { Observation } from '../observation';
import { num, pct } from '../observation';
import type { RuleContext } from './context';
import { unscaledReason } from '../../shared/data-warnings';

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

function className(ds: DatasetSummary, k: number): string {
  return ds.classes?.[k] !== undefined ? `"${ds.classes[k]}"` : `#${k}`;
}

/** The features the loader's data warning names, in the same order and words, so both name the same columns. */
function flaggedText(ds: DatasetSummary): string {
  const flagged = ds.featureStats.flatMap((f) => {
    const why = unscaledReason(f);
    return why ? [`"${f.name}" (${why})`] : [];
  });
  if (flagged.length === 0) return '';
  const shown = flagged.slice(0, 3).join(', ') + (flagged.length > 3 ? `, and ${flagged.length - 3} more` : '');
  return `${flagged.length} of ${ds.featureStats.length} are far from unit scale (${shown}); the largest, `;
}

/** `unnormalized-features`: raw features far from unit scale, or on wildly different scales, with normalize "none". */
export function observeUnnormalized(ctx: RuleContext, ds: DatasetSummary): Observation | undefined {
  const { config } = ctx;
  if (ds.featureStats.length === 0) return undefined;
  const scaled = ds.featureStats.map((f) => ({ name: f.name, scale: Math.max(Math.abs(f.mean), f.std) }));
  let big = scaled[0];
  let small: { name: string; scale: number } | undefined;
  for (const s of scaled) {
    if (s.scale > big.scale) big = s;
    if (s.scale > 0 && (!small || s.scale < small.scale)) small = s;
  }
  const ratio = small ? big.scale / small.scale : 1;
  const stats = ds.featureStats.find((f) => f.name === big.name);
  const unscaled = ds.normalize === 'none';
  // Features that share one bounded range (pixel intensities, counts 0–16) are already on a common
  // scale: standardising them measured worse (docs/coach-eval.md), so only a far larger scale counts.
  const ranges = ds.featureStats.map((f) => Math.max(Math.abs(f.min), Math.abs(f.max))).filter((r) => r > 0);
  const commonRange = ranges.length > 0 && Math.max(...ranges) / Math.min(...ranges) <= 10;
  const tooBig = commonRange ? big.scale > config.unnormalizedScale * 10 : big.scale > config.unnormalizedScale;
  return {
    code: 'unnormalized-features',
    enter: unscaled && (tooBig || ratio > config.unnormalizedScaleRatio),
    exit: !unscaled,
    epoch: 0,
    severity: 'warning',
    evidence: { maxScale: big.scale, minScale: small?.scale ?? 0, scaleRatio: ratio },
    rule: `data.normalize is "none" and a feature's max(|mean|, std) > ${config.unnormalizedScale} or the largest/smallest scale > ${config.unnormalizedScaleRatio}`,
    message:
      `Features are not normalised: ${flaggedText(ds)}"${big.name}" has mean ${num(stats?.mean ?? 0)} and std ${num(stats?.std ?? 0)}` +
      `${small && small.name !== big.name ? `, while "${small.name}" is on a scale of ${num(small.scale)} (${ratio.toExponential(1)}× apart)` : ''}. ` +
      'Large or uneven inputs make the first layer saturate and the loss surface badly conditioned; set data.normalize to "standard".',
    meaning:
      'A dense layer multiplies every input by a weight of similar size at the start, so a feature in the thousands drowns the others and saturates the units. ' +
      'The optimizer then needs tiny steps for that feature and large ones for the rest, which one learning rate cannot give.',
    specPath: ['data', 'normalize'],
  };
}

/** `sorted-validation`: the validation tail's class mix differs from training's (Keras takes the LAST rows, unshuffled). */
export function observeSortedValidation(ctx: RuleContext, ds: DatasetSummary): Observation | undefined {
  const { config, spec } = ctx;
  const train = ds.trainClassCounts;
  const val = ds.valClassCounts;
  if (!train || !val || val.reduce((a, b) => a + b, 0) === 0 || train.length !== val.length) return undefined;
  const p = shares(train);
  const q = shares(val);
  let distance = 0;
  let worst = 0;
  for (let k = 0; k < p.length; k++) {
    distance += Math.abs(p[k] - q[k]) / 2;
    // Name the class the validation tail is richest in: "holds 100% class 1" reads better than "0% class 0".
    if (q[k] - p[k] > q[worst] - p[worst]) worst = k;
  }
  const where =
    spec.data.kind === 'file' ? `the last ${pct(spec.fit.validationSplit)} of ${spec.data.path}` : `the last ${pct(spec.fit.validationSplit)} of the rows`;
  return {
    code: 'sorted-validation',
    enter: distance > config.sortedValidationDistance,
    exit: false,
    epoch: 0,
    severity: 'warning',
    evidence: { distance, trainShare: p[worst], valShare: q[worst], classIndex: worst },
    rule: `total-variation distance between training and validation class shares > ${config.sortedValidationDistance}`,
    message:
      `The validation rows (${where}, taken before any shuffling as Keras' validation_split does) hold ${pct(q[worst])} ` +
      `class ${className(ds, worst)}, but training holds ${pct(p[worst])}: the file is probably sorted by label, ` +
      'so val_loss measures a different population than the one trained on.',
    meaning:
      "Keras' validation_split takes the last rows of the file before any shuffling (shuffle=True only reorders training rows each epoch). " +
      'On a file sorted by label, those rows are one class, so val_loss and every callback watching it (EarlyStopping, ReduceLROnPlateau) measure the wrong thing.',
    specPath: spec.data.kind === 'file' ? ['data', 'path'] : ['fit', 'validationSplit'],
  };
}

/** `class-imbalance`: the smallest class is under `minorityOfUniform` of the uniform share 1/k. */
export function observeClassImbalance(ctx: RuleContext, ds: DatasetSummary): Observation | undefined {
  const counts = ds.trainClassCounts;
  if (!counts || counts.length < 2) return undefined;
  const p = shares(counts);
  let minority = 0;
  let majority = 0;
  for (let k = 1; k < p.length; k++) {
    if (p[k] < p[minority]) minority = k;
    if (p[k] > p[majority]) majority = k;
  }
  const uniform = 1 / p.length;
  const bar = ctx.config.minorityOfUniform * uniform;
  return {
    code: 'class-imbalance',
    enter: p[minority] < bar,
    exit: false,
    epoch: 0,
    severity: 'info',
    evidence: { minorityShare: p[minority], majorityShare: p[majority], uniformShare: uniform, classIndex: minority },
    rule: `smallest class < ${ctx.config.minorityOfUniform} × the uniform share 1/${p.length} (${pct(bar)}) of the training rows`,
    message:
      `Class ${className(ds, minority)} is only ${pct(p[minority])} of the training rows, against ${pct(uniform)} if the ${p.length} classes were even: ` +
      `always predicting ${className(ds, majority)} already scores ${pct(p[majority])} accuracy, so judge the model by its loss against the chance level, not by accuracy.`,
    meaning:
      'With few rows of a class, the loss is dominated by the common classes, so the model can look accurate while rarely predicting the rare one. ' +
      'This is a fact about the data, not a training failure.',
    specPath: ctx.spec.fit.classWeight === undefined ? ['fit'] : ['fit', 'classWeight'],
  };
}

/** `initial-loss`: the first epoch's mean loss is far above what a constant prediction scores. */
export function observeInitialLoss(ctx: RuleContext): Observation | undefined {
  const { curves, chance, config, spec, dataset } = ctx;
  if (curves.length === 0) return undefined;
  const first = curves.loss[0];
  if (!Number.isFinite(first)) return undefined;
  const regression = dataset?.task === 'regression' && dataset.labelMean !== undefined && dataset.labelStd !== undefined && dataset.targetScaling === undefined;
  if (regression && dataset?.labelMean !== undefined && dataset.labelStd !== undefined) {
    // An untrained regression net outputs about 0, so its loss is what predicting 0 scores:
    // mean² + std² for MSE. Against predicting the target mean (std²) that is a target problem.
    const mean = dataset.labelMean;
    const std = dataset.labelStd;
    const mse = spec.compile.loss === 'meanSquaredError';
    const meanLoss = mse ? std * std : Math.sqrt(2 / Math.PI) * std;
    const zeroLoss = mse ? mean * mean + std * std : Math.abs(mean) + Math.sqrt(2 / Math.PI) * std * Math.exp(-(mean * mean) / (2 * std * std));
    if (!(meanLoss > 0)) return undefined;
    const factor = first / meanLoss;
    const targetCause = Math.abs(mean) > std;
    return {
      code: 'initial-loss',
      enter: factor > config.initialLossFactor && targetCause,
      exit: false,
      epoch: curves.epochAt(0),
      severity: 'warning',
      evidence: { initialLoss: first, meanPredictionLoss: meanLoss, zeroPredictionLoss: zeroLoss, factor, targetMean: mean, targetStd: std },
      rule: `regression: first epoch's loss > ${config.initialLossFactor}× the loss of always predicting the target mean, with |target mean| > target std`,
      message:
        `The first epoch's loss ${num(first)} is ${factor.toFixed(1)}× what always predicting the target mean scores (${num(meanLoss)}); ` +
        `the target "${dataset.labelName}" has mean ${num(mean)} and std ${num(std)}, and a fresh network outputs about 0, which scores ${num(zeroLoss)}.`,
      meaning:
        "A new network starts by predicting values near 0, so when the target sits far from 0 the first epochs are spent only moving the output to the target's level. " +
        'That wastes the learning rate on one bias and makes the loss scale huge; the inputs are not the cause.',
      specPath: ['data', 'standardizeTarget'],
    };
  }
  // An untrained net outputs near-uniform predictions whatever the class prior, so a sound start
  // sits near the larger of the uninformed loss (ln 2 for BCE) and the prior's entropy.
  const reference = Math.max(chance.uninformed ?? 0, chance.loss ?? 0);
  if (!(reference > 0)) return undefined;
  const factor = first / reference;
  const hint =
    spec.data.normalize === 'none'
      ? 'unnormalised inputs push the first layer into huge activations; set data.normalize to "standard".'
      : 'check that the labels are what the loss expects (0/1 for binaryCrossentropy, class indices for sparse) and that the learning rate is not too high.';
  return {
    code: 'initial-loss',
    enter: factor > config.initialLossFactor,
    exit: false,
    epoch: curves.epochAt(0),
    severity: 'warning',
    evidence: { initialLoss: first, referenceLoss: reference, factor },
    rule: `mean loss of the first epoch > ${config.initialLossFactor}× the loss of an uninformed prediction`,
    message:
      `The first epoch's loss ${num(first)} is ${factor.toFixed(1)}× what an uninformed prediction scores ` +
      `(${num(reference)}, ${chance.basis}): the model starts badly off. Often ${hint}`,
    meaning:
      'A freshly initialised classifier should start near the loss of a uniform guess. Far above it, its outputs are confidently wrong from the start, ' +
      'which usually means inputs on a huge scale or labels the loss does not expect.',
    specPath: spec.data.normalize === 'none' ? ['data', 'normalize'] : ['compile', 'loss'],
  };
}
