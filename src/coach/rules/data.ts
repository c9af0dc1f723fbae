/**
 * Data hazards, read from the loader's `DatasetSummary` once per run (plus the first epoch
 * for `initial-loss`). They are facts about the run's start, so they never clear by themselves.
 */
import type { DatasetSummary } from '../../shared/dataset';
import type { Observation } from '../observation';
import { num, pct } from '../observation';
import type { RuleContext } from './context';

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

function className(ds: DatasetSummary, k: number): string {
  return ds.classes?.[k] !== undefined ? `"${ds.classes[k]}"` : `#${k}`;
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
  return {
    code: 'unnormalized-features',
    enter: unscaled && (big.scale > config.unnormalizedScale || ratio > config.unnormalizedScaleRatio),
    exit: !unscaled,
    epoch: 0,
    severity: 'warning',
    evidence: { maxScale: big.scale, minScale: small?.scale ?? 0, scaleRatio: ratio },
    rule: `data.normalize is "none" and a feature's max(|mean|, std) > ${config.unnormalizedScale} or the largest/smallest scale > ${config.unnormalizedScaleRatio}`,
    message:
      `Features are not normalised: "${big.name}" has mean ${num(stats?.mean ?? 0)} and std ${num(stats?.std ?? 0)}` +
      `${small && small.name !== big.name ? `, while "${small.name}" is on a scale of ${num(small.scale)} (${ratio.toExponential(1)}× apart)` : ''}. ` +
      'Large or uneven inputs make the first layer saturate and the loss surface badly conditioned; set data.normalize to "standard".',
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
  const where = spec.data.kind === 'file' ? `the last ${pct(spec.fit.validationSplit)} of ${spec.data.path}` : `the last ${pct(spec.fit.validationSplit)} of the rows`;
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
    specPath: spec.data.kind === 'file' ? ['data', 'path'] : ['fit', 'validationSplit'],
  };
}

/** `class-imbalance`: the smallest class is under `minorityClassShare` of the training rows. */
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
  return {
    code: 'class-imbalance',
    enter: p[minority] < ctx.config.minorityClassShare,
    exit: false,
    epoch: 0,
    severity: 'info',
    evidence: { minorityShare: p[minority], majorityShare: p[majority], classIndex: minority },
    rule: `smallest class < ${pct(ctx.config.minorityClassShare)} of the training rows`,
    message:
      `Class ${className(ds, minority)} is only ${pct(p[minority])} of the training rows: always predicting ${className(ds, majority)} ` +
      `already scores ${pct(p[majority])} accuracy, so judge the model by its loss against the chance level, not by accuracy.`,
    specPath: ['data', 'labelColumn'],
  };
}

/** `initial-loss`: the first epoch's mean loss is far above what a constant prediction scores. */
export function observeInitialLoss(ctx: RuleContext): Observation | undefined {
  const { curves, chance, config, spec } = ctx;
  // An untrained net outputs near-uniform predictions whatever the class prior, so a sound start
  // sits near the larger of the uninformed loss (ln 2 for BCE) and the prior's entropy.
  const reference = Math.max(chance.uninformed ?? 0, chance.loss ?? 0);
  if (curves.length === 0 || !(reference > 0)) return undefined;
  const first = curves.loss[0];
  if (!Number.isFinite(first)) return undefined;
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
    specPath: spec.data.normalize === 'none' ? ['data', 'normalize'] : ['compile', 'loss'],
  };
}
