/**
 * One-click remedies as structured spec edits. Every builder returns undefined when the spec
 * already has what it would add, so a fix never duplicates a callback, a dropout layer or a
 * setting. Paths point into the user's file (see spec-paths.ts for bare-string optimizers).
 */
import { balancedClassWeights } from '../shared/class-weights';
import type { DatasetSummary } from '../shared/dataset';
import type { Fix, FindingCode, SpecEdit } from '../shared/findings';
import type { JsonPath } from '../shared/location';
import { formatLearningRate, type History } from '../shared/metrics';
import type { DenseLayerSpec, FitwatchSpec } from '../shared/spec';
import { chooseEarlyStoppingFor, chooseReduceLROnPlateauFor, defaultMonitor, roundSignificant } from './choose-callbacks';
import { hiddenDenseIndices, learningRateEdit, outputLayerIndex, valueAt } from './spec-paths';
import { replayCallbacks } from '../shared/callbacks';
import { effectContext, MIN_EFFECT_RUNS, withEffect } from './fix-effects';
import { rateFarAboveDefault, rateKillsRelus, rateMultiple } from './rate-vs-default';

/** What fixes are computed from. */
export interface FixContext {
  spec: FitwatchSpec;
  /** The parsed JSON of the spec file, to pick paths that exist there (e.g. a bare "adam"). */
  rawSpec?: unknown;
  history: History;
  dataset?: DatasetSummary;
  /** The coach calls the validation set meaningless (e.g. a label-sorted tail): no fix may watch val_loss. */
  validationMeaningless?: boolean;
}

/** A fix before the preferred flag is settled. */
type Draft = Omit<Fix, 'preferred'>;

/** Widest layer the coach will suggest; beyond it a dense MLP on tabular data rarely gains. */
const MAX_UNITS = 1024;
/** Deepest stack (hidden layers) the coach will suggest growing to. */
const MAX_HIDDEN_LAYERS = 6;
/** Learning-rate bounds a suggestion stays within (UMLAUT flags rates outside roughly this range). */
const MIN_LR = 1e-6;
const MAX_LR = 1;

/** The callback-object edits: only the fields that differ from the file's, or the whole object when absent. */
function callbackEdits(raw: unknown, key: 'reduceLROnPlateau' | 'earlyStopping', value: Record<string, number | string | boolean>): SpecEdit[] {
  const path: JsonPath = ['callbacks', key];
  const existing = raw === undefined ? undefined : valueAt(raw, path);
  if (existing !== undefined && typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
    return Object.entries(value).map(([field, v]) => ({ path: [...path, field], value: v }));
  }
  return [{ path, value }];
}

/** Add ReduceLROnPlateau, or tune an existing one that never fired; undefined when neither makes sense. */
export function reduceLrFix(ctx: FixContext): Draft | undefined {
  const { spec, history, rawSpec } = ctx;
  const lr = spec.compile.optimizer.learningRate;
  const existing = spec.callbacks.reduceLROnPlateau;
  if (!existing) {
    const chosen = chooseReduceLROnPlateauFor(history, defaultMonitor(history), lr);
    const s = chosen.spec;
    const params = { monitor: s.monitor, factor: s.factor, patience: s.patience, minDelta: s.minDelta, cooldown: s.cooldown, minLr: s.minLr };
    return {
      kind: 'addReduceLROnPlateau',
      title: `Add ReduceLROnPlateau (factor ${s.factor}, patience ${s.patience})`,
      params,
      specEdits: callbackEdits(rawSpec, 'reduceLROnPlateau', params),
      rationale:
        `Smaller steps let the optimizer settle into the minimum it is circling instead of bouncing over it. On this run, ${chosen.summary} ` +
        `(patience ${s.patience} is twice the usual wait between new bests of ${s.monitor} on this run (at most 50), so its slow, noisy progress is not mistaken for a plateau; ` +
        `minDelta ${s.minDelta} is a fifth of its epoch-to-epoch jitter, small enough to count that progress; ` +
        `the recorded epochs all ran at ${formatLearningRate(lr)}, so this says when it would fire, not the new curve).`,
    };
  }
  const replay = replayCallbacks(history, { reduceLROnPlateau: existing, initialLearningRate: lr });
  if (replay.lrReductions.length > 0 || existing.patience <= 2) return undefined;
  const patience = Math.max(2, Math.floor(existing.patience / 2));
  const level = history.length > 0 ? history[history.length - 1].logs[existing.monitor] : undefined;
  const minDelta = level !== undefined && Number.isFinite(level) ? Math.min(existing.minDelta, roundSignificant(Math.abs(level) * 1e-3)) : existing.minDelta;
  const params: Record<string, number> = { patience };
  if (minDelta !== existing.minDelta) params.minDelta = minDelta;
  return {
    kind: 'tuneReduceLROnPlateau',
    title: `Make ReduceLROnPlateau react sooner (patience ${existing.patience} → ${patience})`,
    params,
    specEdits: Object.entries(params).map(([field, v]) => ({ path: ['callbacks', 'reduceLROnPlateau', field], value: v })),
    rationale: `The configured ReduceLROnPlateau (patience ${existing.patience}, minDelta ${existing.minDelta}) never reduced the learning rate in ${history.length} epochs, so the plateau ran at full rate.`,
  };
}

/** Add EarlyStopping restoring the best weights, with the patience that keeps this run's best val_loss. */
export function earlyStoppingFix(ctx: FixContext): Draft | undefined {
  const { spec, history, rawSpec } = ctx;
  if (spec.callbacks.earlyStopping || history.length === 0 || ctx.validationMeaningless) return undefined;
  const chosen = chooseEarlyStoppingFor(history, defaultMonitor(history));
  const s = chosen.spec;
  const params: Record<string, number | string | boolean> = { monitor: s.monitor, patience: s.patience, restoreBestWeights: true };
  if (s.minDelta !== 0) params.minDelta = s.minDelta;
  return {
    kind: 'addEarlyStopping',
    title: `Add EarlyStopping (patience ${s.patience}, restore best weights)`,
    params,
    specEdits: callbackEdits(rawSpec, 'earlyStopping', params),
    rationale: `${chosen.summary[0].toUpperCase()}${chosen.summary.slice(1)}.`,
  };
}

/** Double every hidden dense layer (the output layer's width is fixed by the task). */
export function widenFix(ctx: FixContext): Draft | undefined {
  const { spec } = ctx;
  const edits: SpecEdit[] = [];
  const before: number[] = [];
  const params: Record<string, number> = { factor: 2 };
  for (const i of hiddenDenseIndices(spec)) {
    const units = (spec.model.layers[i] as DenseLayerSpec).units;
    if (units >= MAX_UNITS) continue;
    const next = Math.min(units * 2, MAX_UNITS);
    before.push(units);
    edits.push({ path: ['model', 'layers', i, 'units'], value: next });
    params[`layers[${i}].units`] = next;
  }
  if (edits.length === 0) return undefined;
  const after = edits.map((e) => String(e.value)).join(', ');
  const features = ctx.dataset ? ` for ${ctx.dataset.features} features` : '';
  return {
    kind: 'widenLayers',
    title: `Widen the hidden layers ×2 (${before.join(', ')} → ${after} units)`,
    params,
    specEdits: edits,
    rationale: `More units let the network represent finer decision boundaries; hidden layers of ${before.join(', ')} units are small${features}, and doubling them costs little per epoch.`,
  };
}

/** Hidden ReLU layers become ELU, which keeps a gradient for negative inputs, so a unit cannot die. */
export function eluFix(ctx: FixContext): Draft | undefined {
  const { spec } = ctx;
  const relu = hiddenDenseIndices(spec).filter((i) => (spec.model.layers[i] as DenseLayerSpec).activation === 'relu');
  if (relu.length === 0) return undefined;
  return {
    kind: 'switchToElu',
    title: `Use "elu" instead of "relu" in the hidden layer${relu.length === 1 ? '' : 's'} (${relu.map((i) => `layers[${i}]`).join(', ')})`,
    params: { activation: 'elu', layers: relu.join(',') },
    specEdits: relu.map((i) => ({ path: ['model', 'layers', i, 'activation'], value: 'elu' })),
    rationale:
      'ELU is ReLU for positive inputs and a smooth curve down to -1 for negative ones, so its gradient is never exactly 0: a unit pushed negative for every row still learns its way back. ' +
      "In Keras: Dense(..., activation='elu').",
  };
}

/** Insert one more hidden relu layer before the output, as wide as the last hidden layer. */
export function addLayerFix(ctx: FixContext): Draft | undefined {
  const { spec } = ctx;
  const hidden = hiddenDenseIndices(spec);
  const out = outputLayerIndex(spec);
  if (out < 0 || hidden.length >= MAX_HIDDEN_LAYERS) return undefined;
  const units = hidden.length > 0 ? (spec.model.layers[hidden[hidden.length - 1]] as DenseLayerSpec).units : 32;
  const layer = { type: 'dense', units, activation: 'relu' };
  return {
    kind: 'addLayer',
    title: `Add a hidden layer (${units} units, relu)`,
    params: { units, activation: 'relu', index: out },
    specEdits: [{ path: ['model', 'layers', out], value: layer, insert: true }],
    rationale: 'Another layer adds capacity through composition; it is inserted before the output layer so the output stays as the task needs.',
  };
}

/** Lower (×0.1) or raise (×3) the learning rate, within [1e-6, 1]. */
export function learningRateFix(ctx: FixContext, direction: 'lower' | 'raise', why: string): Draft | undefined {
  const { spec, rawSpec } = ctx;
  const lr = spec.compile.optimizer.learningRate;
  const next = Number((direction === 'lower' ? lr * 0.1 : lr * 3).toPrecision(3));
  if ((direction === 'lower' && next < MIN_LR) || (direction === 'raise' && next > MAX_LR)) return undefined;
  return {
    kind: 'setLearningRate',
    title: `${direction === 'lower' ? 'Lower' : 'Raise'} the learning rate to ${formatLearningRate(next)} (${direction === 'lower' ? '×0.1' : '×3'})`,
    params: { learningRate: next, previous: lr },
    specEdits: [learningRateEdit(spec, rawSpec, next)],
    rationale: why,
  };
}

/** Dropout 0.2 after every hidden dense layer, unless the model already has dropout. */
export function dropoutFix(ctx: FixContext): Draft | undefined {
  const { spec } = ctx;
  if (spec.model.layers.some((l) => l.type === 'dropout')) return undefined;
  const hidden = hiddenDenseIndices(spec);
  if (hidden.length === 0) return undefined;
  // Insert from the back so earlier indices stay valid while the edits apply in order.
  const edits: SpecEdit[] = [...hidden].reverse().map((i) => ({ path: ['model', 'layers', i + 1], value: { type: 'dropout', rate: 0.2 }, insert: true }));
  return {
    kind: 'addDropout',
    title: `Add Dropout(0.2) after ${hidden.length === 1 ? 'the hidden layer' : `each of the ${hidden.length} hidden layers`}`,
    params: { rate: 0.2, after: hidden.join(',') },
    specEdits: edits,
    rationale: 'Dropping 20% of hidden activations while training stops units from co-adapting to the training rows, which narrows the train/val gap.',
  };
}

/** L2 1e-4 on the hidden kernels, unless some hidden layer is already regularised. */
export function l2Fix(ctx: FixContext): Draft | undefined {
  const { spec } = ctx;
  const hidden = hiddenDenseIndices(spec);
  if (hidden.length === 0) return undefined;
  if (hidden.some((i) => ((spec.model.layers[i] as DenseLayerSpec).kernelRegularizer?.l2 ?? 0) > 0)) return undefined;
  return {
    kind: 'addL2',
    title: 'Add L2 weight decay (1e-4) on the hidden layers',
    params: { l2: 1e-4, layers: hidden.join(',') },
    specEdits: hidden.map((i) => ({ path: ['model', 'layers', i, 'kernelRegularizer'], value: { l2: 1e-4 } })),
    rationale: 'A small penalty on large weights favours smoother functions that generalise; 1e-4 is the common starting point.',
  };
}

/** `data.normalize: "standard"`, unless the spec already scales the features. */
export function normalizeFix(ctx: FixContext): Draft | undefined {
  if (ctx.spec.data.normalize !== 'none') return undefined;
  return {
    kind: 'normalizeFeatures',
    title: 'Standardise the features (data.normalize: "standard")',
    params: { normalize: 'standard' },
    specEdits: [{ path: ['data', 'normalize'], value: 'standard' }],
    rationale:
      'Zero mean and unit variance per feature (statistics from the training rows only) keeps the first layer out of saturation and the loss surface well conditioned.',
  };
}

/**
 * `data.shuffleBeforeSplit: true`: shuffle the rows once (fixed seed) before the validation split.
 * Keras' validation_split does not (it takes the last rows, and fit's shuffle only reorders the
 * training rows), so the rationale also gives the Python equivalent.
 */
export function shuffleFix(ctx: FixContext): Draft | undefined {
  const { spec } = ctx;
  if (spec.data.kind !== 'file' || spec.data.shuffleBeforeSplit) return undefined;
  // Shuffled, the validation rows stand for all classes, so EarlyStopping can finally keep the
  // best epoch: a run that overfits behind a one-class validation set is delivered at its best.
  const es = restoreBestEdits(ctx, compoundPatience(spec.fit.epochs), true);
  return {
    kind: 'shuffleBeforeSplit',
    title: `Shuffle the rows once before the validation split (data.shuffleBeforeSplit: true)${es.text}`,
    params: { shuffleBeforeSplit: true },
    specEdits: [{ path: ['data', 'shuffleBeforeSplit'], value: true }, ...es.edits],
    rationale:
      `Keras' validation_split takes the last ${Math.round(spec.fit.validationSplit * 100)}% of the rows before any shuffling, and fit(shuffle=True) only reorders the ` +
      'training rows each epoch, so a sorted file gives a one-class validation set. Fitwatch shuffles the rows once with a fixed seed before splitting; ' +
      'in Python: `idx = np.random.default_rng(0).permutation(len(X)); X, y = X[idx], y[idx]` before model.fit(..., validation_split=…).',
  };
}

/** `data.standardizeTarget: true`: train on the standardised regression target; losses and predictions are reported in the target's units. */
export function standardizeTargetFix(ctx: FixContext): Draft | undefined {
  const { spec, dataset } = ctx;
  if (spec.data.kind !== 'file' || spec.data.standardizeTarget || (dataset && dataset.task !== 'regression')) return undefined;
  const stats =
    dataset?.labelMean !== undefined && dataset.labelStd !== undefined
      ? ` (mean ${dataset.labelMean.toPrecision(3)}, std ${dataset.labelStd.toPrecision(3)})`
      : '';
  // A model that reaches the target's level at once also starts to overfit sooner, which the slow
  // climb used to hide: the restore keeps the delivered model at its best epoch.
  const es = restoreBestEdits(ctx, compoundPatience(spec.fit.epochs));
  return {
    kind: 'standardizeTarget',
    title: `Standardise the regression target (data.standardizeTarget: true)${es.text}`,
    params: { standardizeTarget: true },
    specEdits: [{ path: ['data', 'standardizeTarget'], value: true }, ...es.edits],
    rationale:
      `The network trains on (y − mean) / std${stats} from the training rows, so its output starts at the right level; ` +
      "loss, val_loss and predictions are converted back to the target's units, and the mean/std are stored with the model. " +
      'In Keras: scale y with sklearn StandardScaler and invert predictions with inverse_transform.',
  };
}

/** `fit.classWeight: "balanced"`: Keras' class_weight with scikit-learn's balanced weights n / (k · n_c). */
export function balanceClassWeightsFix(ctx: FixContext): Draft | undefined {
  const { spec, dataset } = ctx;
  if (spec.fit.classWeight !== undefined || (dataset && dataset.task === 'regression')) return undefined;
  const counts = dataset?.trainClassCounts;
  const weights = counts
    ? balancedClassWeights(counts)
        .map((w, k) => `class ${k}: ${roundSignificant(w)}`)
        .join(', ')
    : '';
  return {
    kind: 'balanceClassWeights',
    title: 'Weigh the classes evenly (fit.classWeight: "balanced")',
    params: { classWeight: 'balanced' },
    specEdits: [{ path: ['fit', 'classWeight'], value: 'balanced' }],
    tradeoff: 'it optimises a class-weighted loss, so the unweighted val_loss rises even when the rare class is predicted better',
    rationale:
      `Each training row's loss is scaled by n_rows / (n_classes × n_its_class)${weights ? ` (${weights})` : ''}, as Keras' class_weight does, ` +
      'so the rare class pulls on the weights as hard as the common ones. Expect better recall on the rare class at the price of a higher val_loss ' +
      '(validation stays unweighted, and the model now predicts the rare class more often than it occurs). ' +
      'In Keras: model.fit(..., class_weight=dict(enumerate(sklearn.utils.class_weight.compute_class_weight("balanced", classes=np.unique(y), y=y)))).',
  };
}

/** A regression target far from 0 that is not standardised: scaling the inputs alone leaves the output's bias to climb to it. */
function offCentreTarget(ctx: FixContext): boolean {
  const ds = ctx.dataset;
  return ds?.task === 'regression' && ds.labelMean !== undefined && ds.labelStd !== undefined && !ds.targetScaling && Math.abs(ds.labelMean) > ds.labelStd;
}

/**
 * Standardise the features and the target together: on a target in the hundreds, unit-scale inputs
 * make the output climb to the target's level from 0 (measured worse alone, docs/coach-eval.md).
 */
export function normalizeWithTargetFix(ctx: FixContext): Draft | undefined {
  const features = normalizeFix(ctx);
  const target = standardizeTargetFix(ctx);
  if (!features || !target) return undefined;
  return {
    kind: 'normalizeFeatures',
    title: `Standardise the features and the target (data.normalize: "standard", data.standardizeTarget: true)${target.title.replace(/^[^+]*/, '').replace(/^\+/, ' +')}`,
    params: { ...features.params, standardizeTarget: true },
    specEdits: [...features.specEdits, ...target.specEdits],
    rationale: `${features.rationale ?? ''} ${target.rationale ?? ''}`.trim(),
  };
}

/** The EarlyStopping(restore) edits to combine with another fix, or none when the validation set cannot be trusted. */
function restoreBestEdits(ctx: FixContext, patience: number, validationFixed = false): { edits: SpecEdit[]; text: string } {
  if (ctx.spec.callbacks.earlyStopping || (ctx.validationMeaningless && !validationFixed)) return { edits: [], text: '' };
  const monitor = defaultMonitor(ctx.history);
  const params = { monitor, patience, restoreBestWeights: true };
  return { edits: callbackEdits(ctx.rawSpec, 'earlyStopping', params), text: ` + EarlyStopping(patience ${patience}, restore best weights)` };
}

/** A patience for a compound fix: a tenth of the run, between 10 and 50 epochs. */
function compoundPatience(epochs: number): number {
  return Math.max(10, Math.min(50, Math.round(epochs / 10)));
}

/** Train longer (epochs ×2 at least) with EarlyStopping(restore), so the extra epochs cannot overfit the result. */
export function trainLongerFix(ctx: FixContext, epochs: number): Draft | undefined {
  const { spec } = ctx;
  if (!(epochs > spec.fit.epochs)) return undefined;
  const es = restoreBestEdits(ctx, compoundPatience(epochs));
  return {
    kind: 'trainLonger',
    title: `Train longer (fit.epochs ${spec.fit.epochs} → ${epochs})${es.text}`,
    params: { epochs, previous: spec.fit.epochs },
    specEdits: [{ path: ['fit', 'epochs'], value: epochs }, ...es.edits],
    rationale: 'The curve was still falling beyond its noise when the epochs ran out; EarlyStopping stops where it levels off and keeps the best weights.',
  };
}

/** Widen ×2 and add EarlyStopping(restore): the extra capacity gets further, the restore keeps it from delivering an overfit model. */
export function widenWithEarlyStoppingFix(ctx: FixContext): Draft | undefined {
  const widen = widenFix(ctx);
  const es = restoreBestEdits(ctx, compoundPatience(ctx.spec.fit.epochs));
  if (!widen || es.edits.length === 0) return undefined;
  return {
    kind: 'widenWithEarlyStopping',
    title: `${widen.title}${es.text}`,
    params: { ...widen.params, earlyStoppingPatience: compoundPatience(ctx.spec.fit.epochs) },
    specEdits: [...widen.specEdits, ...es.edits],
    rationale: `${widen.rationale ?? ''} A wider model reaches a lower val_loss but then overfits sooner, so EarlyStopping restores the best epoch's weights.`,
  };
}

/** Lower the rate ×0.1 and give the smaller steps twice the epochs, with EarlyStopping(restore) to stop once it settles. */
export function lowerLrLongerRunFix(ctx: FixContext, why: string): Draft | undefined {
  const lower = learningRateFix(ctx, 'lower', why);
  if (!lower) return undefined;
  const epochs = ctx.spec.fit.epochs * 2;
  const es = restoreBestEdits(ctx, compoundPatience(epochs));
  return {
    kind: 'lowerLrLongerRun',
    title: `${lower.title}, fit.epochs ${ctx.spec.fit.epochs} → ${epochs}${es.text}`,
    params: { ...lower.params, epochs },
    specEdits: [...lower.specEdits, { path: ['fit', 'epochs'], value: epochs }, ...es.edits],
    rationale: `${why} Smaller steps need more of them, so the run gets twice the epochs; EarlyStopping ends it once val_loss stops improving.`,
  };
}

/** A stalled run at a rate far above the optimizer's default: the lower rate (and a longer run) first. */
function highRateFirst(ctx: FixContext): Draft | undefined {
  if (!rateFarAboveDefault(ctx.spec)) return undefined;
  const times = Math.round(rateMultiple(ctx.spec));
  return lowerLrLongerRunFix(
    ctx,
    `The rate is ${times}× Keras' default for ${ctx.spec.compile.optimizer.type}: steps that large bounce across the valley or kill ReLU units, which looks like a plateau. Wider layers trained at the same rate stall or diverge the same way.`,
  );
}

/** Keeps the drafts that exist, orders them by their measured effect for this finding (when measured), marks the first preferred. */
function rank(code: FindingCode, ctx: FixContext, drafts: (Draft | undefined)[]): Fix[] {
  const context = effectContext(ctx.spec.data.normalize);
  const fixes = drafts.filter((d): d is Draft => d !== undefined).map((d, order) => ({ d: withEffect(code, d, context), order }));
  const score = (d: Draft): number => (d.effect && d.effect.runs >= MIN_EFFECT_RUNS ? (d.effect.helped - 2 * d.effect.worse) / d.effect.runs : Number.NaN);
  fixes.sort((a, b) => {
    const sa = score(a.d);
    const sb = score(b.d);
    if (Number.isFinite(sa) && Number.isFinite(sb) && sa !== sb) return sb - sa;
    return a.order - b.order;
  });
  return fixes.map(({ d }, i) => ({ ...d, preferred: i === 0 }));
}

/** The fixes for a finding, best first (exactly one preferred when any exist). */
export function fixesFor(code: FindingCode, ctx: FixContext): Fix[] {
  switch (code) {
    case 'plateau':
    case 'slow-progress':
      return rank(code, ctx, [highRateFirst(ctx), widenWithEarlyStoppingFix(ctx), reduceLrFix(ctx), widenFix(ctx), addLayerFix(ctx)]);
    case 'underfitting':
      return rank(code, ctx, [highRateFirst(ctx), widenWithEarlyStoppingFix(ctx), widenFix(ctx), addLayerFix(ctx), reduceLrFix(ctx)]);
    case 'overfitting':
      return rank(code, ctx, [earlyStoppingFix(ctx), dropoutFix(ctx), l2Fix(ctx)]);
    case 'divergence':
      return rank(code, ctx, [
        lowerLrLongerRunFix(ctx, 'The loss blew up: steps ten times smaller stay inside the region where the gradient is a good guide.'),
        learningRateFix(ctx, 'lower', 'The loss blew up: steps ten times smaller stay inside the region where the gradient is a good guide.'),
        normalizeFix(ctx),
      ]);
    case 'oscillation':
      return rank(code, ctx, [
        lowerLrLongerRunFix(ctx, 'Swings of the loss mean each step jumps across the valley; a tenth of the step settles it.'),
        learningRateFix(ctx, 'lower', 'Swings of the loss mean each step jumps across the valley; a tenth of the step settles it.'),
        reduceLrFix(ctx),
      ]);
    case 'lr-too-low':
      return rank(code, ctx, [
        learningRateFix(
          ctx,
          'raise',
          'The loss barely moved from the start: steps three times larger should show progress within a few epochs without overshooting.',
        ),
      ]);
    case 'unnormalized-features':
      return rank(code, ctx, offCentreTarget(ctx) ? [normalizeWithTargetFix(ctx), normalizeFix(ctx)] : [normalizeFix(ctx)]);
    case 'initial-loss':
      return rank(
        code,
        ctx,
        ctx.dataset?.task === 'regression'
          ? [standardizeTargetFix(ctx)]
          : [
              normalizeFix(ctx),
              lowerLrLongerRunFix(
                ctx,
                'A confidently wrong start with scaled inputs usually means the first steps overshot; smaller steps keep the outputs calibrated.',
              ),
            ],
      );
    case 'sorted-validation':
      return rank(code, ctx, [shuffleFix(ctx)]);
    case 'class-imbalance':
      return rank(code, ctx, [balanceClassWeightsFix(ctx)]);
    case 'noise-floor':
      // Nothing buys a lower loss; stopping at the floor keeps the best model and saves the rest of the run.
      return rank(code, ctx, [earlyStoppingFix(ctx)]);
    case 'dead-relu': {
      const why = 'Large steps push ReLU units into the region where they output 0 for every input, where they stop learning.';
      return rank(
        code,
        ctx,
        rateKillsRelus(ctx.spec)
          ? [lowerLrLongerRunFix(ctx, why), learningRateFix(ctx, 'lower', why), eluFix(ctx)]
          : [normalizeFix(ctx), eluFix(ctx), lowerLrLongerRunFix(ctx, why)],
      );
    }
    case 'vanishing-gradients':
      return rank(code, ctx, [normalizeFix(ctx)]);
    case 'exploding-gradients':
      return rank(code, ctx, [
        learningRateFix(ctx, 'lower', 'Gradient norms this large make every step throw the weights far; smaller steps keep them in range.'),
        normalizeFix(ctx),
      ]);
    case 'still-improving':
      return rank(code, ctx, [trainLongerFix(ctx, Math.max(ctx.spec.fit.epochs * 2, ctx.history.length * 2))]);
    case 'stuck':
      return rank(code, ctx, [
        normalizeFix(ctx),
        learningRateFix(
          ctx,
          'lower',
          'A too-large first step is what saturates the output or kills the ReLU units; a tenth of it keeps them in their working range from the start.',
        ),
      ]);
  }
}
