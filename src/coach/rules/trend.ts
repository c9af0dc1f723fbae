/**
 * Trend rules on the smoothed training loss: a stall (`plateau`), a slow but steady tail
 * (`slow-progress`), a stall at a high loss (`underfitting`) and a slow start (`lr-too-low`).
 * Each reads a fixed window of the curves, so a call is O(window).
 */
import type { Observation } from '../observation';
import { num, pct } from '../observation';
import { learningRatePath, hiddenDenseIndices } from '../spec-paths';
import type { RuleContext } from './context';
import { finiteMean } from './context';

/** Relative improvement of the smoothed loss across the plateau window ending now. */
export interface WindowTrend {
  /** (before - now) / before; negative when the loss rose. */
  improvement: number;
  before: number;
  now: number;
  /** Index where the window starts. */
  from: number;
  /** Geometric mean relative improvement per epoch over the window. */
  perEpoch: number;
  /** Whether the loss is already near zero relative to chance: flat there is done, not stuck. */
  converged: boolean;
}

/** The window trend, or undefined until warm-up plus one window of epochs exist. */
export function windowTrend(ctx: RuleContext): WindowTrend | undefined {
  const { curves, config, chance } = ctx;
  const t = curves.last;
  const from = t - config.plateauWindow;
  if (from < config.warmupEpochs) return undefined;
  const before = curves.smoothLoss[from];
  const now = curves.smoothLoss[t];
  if (!Number.isFinite(before) || !Number.isFinite(now) || before === 0) return undefined;
  const improvement = (before - now) / Math.abs(before);
  const ratio = now / before;
  const perEpoch = ratio > 0 ? 1 - Math.pow(ratio, 1 / config.plateauWindow) : improvement / config.plateauWindow;
  const converged = chance.loss !== undefined && now < config.convergedFraction * chance.loss;
  return { improvement, before, now, from, perEpoch, converged };
}

const REDUCE_LR_PATH = ['callbacks', 'reduceLROnPlateau'];

/** The seed question's answer, in two sentences: why a loss falls fast and then barely moves. */
export const GRADIENT_DESCENT_TAIL =
  'This is the usual tail of gradient descent: the easy, large-scale structure is learned in the first epochs, and what is left are finer patterns whose gradients are small, so each epoch buys less. ' +
  'The loss stops falling when the model has learned what it can at this size and step size; a smaller step (ReduceLROnPlateau) or more capacity can get further, and if a linear model already scores the same, the features allow no more.';

/** `plateau`: the smoothed loss improved less than `plateauEnter` over the window (clears above `plateauExit`). */
export function observePlateau(ctx: RuleContext, trend: WindowTrend): Observation {
  const { config, curves } = ctx;
  const w = config.plateauWindow;
  const moved =
    trend.improvement >= 0.0005
      ? `has improved by only ${pct(trend.improvement)}`
      : trend.improvement > -0.0005
        ? 'has not improved'
        : `has not improved (it rose ${pct(-trend.improvement)})`;
  return {
    code: 'plateau',
    enter: !trend.converged && trend.improvement < config.plateauEnter,
    exit: trend.converged || trend.improvement > config.plateauExit,
    persist: config.trendPersistence,
    since: curves.epochAt(trend.from),
    epoch: curves.epochAt(curves.last),
    severity: 'warning',
    evidence: { improvement: trend.improvement, window: w, smoothedLoss: trend.now, smoothedLossBefore: trend.before },
    rule: `smoothed training loss improves < ${pct(config.plateauEnter)} over ${w} epochs (clears above ${pct(config.plateauExit)})`,
    message:
      `Training loss ${moved} over the last ${w} epochs (rule: < ${pct(config.plateauEnter)} over ${w}), ` +
      `from ${num(trend.before)} to ${num(trend.now)}: training has stalled at this learning rate and model size.`,
    meaning: GRADIENT_DESCENT_TAIL,
    specPath: REDUCE_LR_PATH,
  };
}

/** `slow-progress`: still improving, steadily but slowly. The coach closes it while `plateau` or `overfitting` is open. */
export function observeSlowProgress(ctx: RuleContext, trend: WindowTrend): Observation {
  const { config, curves, tracker } = ctx;
  const w = config.plateauWindow;
  const blocked = tracker.isOpen('plateau') || tracker.isOpen('overfitting');
  const halve = trend.perEpoch > 0 ? Math.log(0.5) / Math.log(1 - trend.perEpoch) : Number.POSITIVE_INFINITY;
  const halveText = Number.isFinite(halve) ? ` At this rate, halving the loss would take about ${Math.round(halve)} more epochs.` : '';
  return {
    code: 'slow-progress',
    enter: !blocked && !trend.converged && trend.improvement >= config.plateauEnter && trend.improvement < config.slowProgressEnter,
    exit: trend.converged || trend.improvement > config.slowProgressExit,
    persist: config.trendPersistence,
    since: curves.epochAt(trend.from),
    epoch: curves.epochAt(curves.last),
    severity: 'info',
    evidence: {
      improvement: trend.improvement,
      perEpoch: trend.perEpoch,
      window: w,
      smoothedLoss: trend.now,
      smoothedLossBefore: trend.before,
      epochsToHalve: Number.isFinite(halve) ? Math.round(halve) : -1,
    },
    rule: `smoothed training loss improves ${pct(config.plateauEnter)}–${pct(config.slowProgressEnter)} over ${w} epochs (clears above ${pct(config.slowProgressExit)})`,
    message:
      `Training loss is still improving, but slowly: ${pct(trend.improvement)} over the last ${w} epochs ` +
      `(${pct(trend.perEpoch)} per epoch, from ${num(trend.before)} to ${num(trend.now)}). ` +
      `This is the usual tail of gradient descent: the easy part is learned, and each step now buys little.${halveText} ` +
      'Lowering the learning rate when progress slows (ReduceLROnPlateau) or adding capacity usually gets further, faster.',
    meaning: GRADIENT_DESCENT_TAIL,
    specPath: REDUCE_LR_PATH,
  };
}

/** Mean training accuracy over the last few epochs (NaN if not logged). */
function recentAccuracy(ctx: RuleContext): number {
  const t = ctx.curves.last;
  return finiteMean(ctx.curves.acc, t - 4, t);
}

/** `underfitting`: a plateau with train ≈ val and a loss or accuracy still near chance. */
export function observeUnderfitting(ctx: RuleContext): Observation | undefined {
  const { curves, config, chance, tracker, spec } = ctx;
  const t = curves.last;
  const loss = curves.smoothLoss[t];
  if (!Number.isFinite(loss) || loss <= 0) return undefined;
  const val = curves.smoothValLoss[t];
  const gap = Number.isFinite(val) ? (val - loss) / loss : undefined;
  const acc = recentAccuracy(ctx);
  const accBar = chance.accuracy !== undefined ? chance.accuracy + config.underfitAccMargin * (1 - chance.accuracy) : undefined;
  const lossBar = chance.loss !== undefined ? config.underfitLossFraction * chance.loss : undefined;
  const highLoss = (slack: number): boolean => lossBar !== undefined && loss > lossBar * slack;
  const lowAcc = (slack: number): boolean => accBar !== undefined && Number.isFinite(acc) && acc < accBar * slack;
  const base = ctx.dataset?.baseline;
  // Worse than a straight-line model on both parts, beyond the noise: too little capacity, whatever the chance level says.
  const belowLinear =
    base !== undefined &&
    Number.isFinite(val) &&
    val > base.valLoss * (1 + config.noiseMultiple * ctx.noise.val) &&
    loss > base.trainLoss * (1 + config.noiseMultiple * ctx.noise.train);
  const slowing = tracker.isOpen('plateau') || tracker.isOpen('slow-progress') || (t + 1 >= spec.fit.epochs && t >= config.warmupEpochs);
  // A bottleneck of a few units scoring no better than a linear model: the network is the limit.
  const bottleneck =
    base !== undefined && Number.isFinite(val) && narrowestHidden(ctx) < MIN_NONLINEAR_WIDTH && val > base.valLoss * (1 - config.noiseMultiple * ctx.noise.val);
  const stalled = tracker.isOpen('plateau') || ((belowLinear || bottleneck) && slowing);
  const smallGap = gap === undefined || Math.abs(gap) < config.underfitMaxGap || belowLinear || bottleneck;
  const evidence: Record<string, number> = { smoothedLoss: loss };
  if (gap !== undefined) evidence.gap = gap;
  if (chance.loss !== undefined) evidence.chanceLoss = chance.loss;
  if (Number.isFinite(acc)) evidence.accuracy = acc;
  if (chance.accuracy !== undefined) evidence.chanceAccuracy = chance.accuracy;
  const why: string[] = [];
  if (highLoss(1) && chance.loss !== undefined)
    why.push(`the loss ${num(loss)} is ${pct(loss / chance.loss)} of the chance level ${num(chance.loss)} (${chance.basis})`);
  if (lowAcc(1) && chance.accuracy !== undefined) why.push(`accuracy ${pct(acc)} is close to the chance level ${pct(chance.accuracy)}`);
  if (belowLinear && base) why.push(`val_loss ${num(val)} is worse than a linear model's ${num(base.valLoss)} on the same rows`);
  else if (bottleneck && base)
    why.push(`a hidden layer of ${narrowestHidden(ctx)} unit(s) scores no better than a linear model (val_loss ${num(val)} vs ${num(base.valLoss)})`);
  if (base) evidence.linearValLoss = base.valLoss;
  const hidden = hiddenDenseIndices(spec);
  return {
    code: 'underfitting',
    enter: stalled && smallGap && (highLoss(1) || lowAcc(1) || belowLinear || bottleneck),
    exit: !stalled || (!belowLinear && !bottleneck && ((gap !== undefined && Math.abs(gap) > 2 * config.underfitMaxGap) || !(highLoss(0.8) || lowAcc(0.95)))),
    epoch: curves.epochAt(t),
    since: tracker.get('plateau')?.start,
    severity: 'warning',
    evidence,
    rule:
      `plateau, |val_loss/loss − 1| < ${pct(config.underfitMaxGap)}, and loss > ${pct(config.underfitLossFraction)} of chance ` +
      `or accuracy below chance + ${pct(config.underfitAccMargin)} of the way to 1; or, once progress slows, train and val loss both worse than a linear model's beyond ${config.noiseMultiple} standard errors`,
    message:
      `The model is underfitting: training has stalled while ${why.join(' and ') || 'the loss is still high'}` +
      `${gap !== undefined ? `, and validation is no worse than training (gap ${pct(gap)})` : ''}. ` +
      'It cannot represent the pattern at this size: add units or layers.',
    meaning:
      'Training and validation loss are equal and both high: the model is not memorising, it is failing to fit at all. ' +
      'More units or layers give it room to represent the pattern, if the features hold one (see the noise-floor check).',
    specPath: hidden.length > 0 ? ['model', 'layers', hidden[0], 'units'] : ['model', 'layers'],
  };
}

/** `lr-too-low`: over the first `lrProbeEpochs` epochs the loss barely moved while still far from good. */
export function observeLrTooLow(ctx: RuleContext): Observation | undefined {
  const { curves, config, chance, rawSpec, spec } = ctx;
  const t = curves.last;
  const probe = config.lrProbeEpochs;
  if (t + 1 < probe) return undefined;
  const first = curves.loss[0];
  const now = curves.smoothLoss[t];
  // The best point so far, not the latest: a run that learned and then blew up did not crawl.
  const best = curves.minSmoothLoss;
  if (!Number.isFinite(first) || !Number.isFinite(now) || !Number.isFinite(best) || first <= 0) return undefined;
  const sinceStart = (first - best) / first;
  const ref = t - probe + 1;
  const recent = ref > 0 && Number.isFinite(curves.smoothLoss[ref]) ? (curves.smoothLoss[ref] - now) / curves.smoothLoss[ref] : sinceStart;
  // Already down to what a linear model scores on these rows: the curve is flat because the data is, not the steps.
  const base = ctx.dataset?.baseline;
  const atFloor = base !== undefined && now <= base.trainLoss * (1 + config.noiseMultiple * ctx.noise.train);
  const stillHigh = (chance.loss === undefined || now > config.underfitLossFraction * chance.loss) && !atFloor;
  const lr = spec.compile.optimizer.learningRate;
  // A run whose gradients are zero is stuck, not slow: a larger rate moves nothing.
  const stuck = ctx.tracker.isOpen('stuck');
  return {
    code: 'lr-too-low',
    enter: sinceStart < config.lrTooLowEnter && stillHigh && !stuck,
    exit: recent > config.lrTooLowExit || !stillHigh || stuck,
    since: curves.epochAt(0),
    epoch: curves.epochAt(t),
    severity: 'warning',
    evidence: { improvementSinceStart: sinceStart, recentImprovement: recent, learningRate: lr, epochs: t + 1 },
    rule: `loss improves < ${pct(config.lrTooLowEnter)} over the first ${probe} epochs (clears when ${probe} epochs improve > ${pct(config.lrTooLowExit)})`,
    message:
      `The loss has improved only ${pct(sinceStart)} in ${t + 1} epochs (from ${num(first)} to at best ${num(best)}): ` +
      `with learning rate ${lr} the optimizer is taking steps too small to make progress.`,
    meaning:
      'Each update moves the weights by about the learning rate, so with a tiny rate the loss creeps down over thousands of epochs. ' +
      'When the gradients are healthy, a larger rate reaches the same point far sooner.',
    specPath: learningRatePath(rawSpec),
  };
}

/** Hidden layers narrower than this cannot do much more than a linear model. */
export const MIN_NONLINEAR_WIDTH = 8;

/** Units of the narrowest hidden dense layer (Infinity without one). */
export function narrowestHidden(ctx: RuleContext): number {
  let min = Number.POSITIVE_INFINITY;
  for (const i of hiddenDenseIndices(ctx.spec)) {
    const layer = ctx.spec.model.layers[i];
    if (layer.type === 'dense') min = Math.min(min, layer.units);
  }
  return min;
}

/**
 * `noise-floor`: training has stalled and the best smoothed val_loss is within the noise band of
 * a linear model fitted on the same rows: these features allow no more, so capacity will not help.
 */
export function observeNoiseFloor(ctx: RuleContext, trend: WindowTrend): Observation | undefined {
  const { curves, config, dataset, noise } = ctx;
  const base = dataset?.baseline;
  const best = curves.bestSmoothValIndex;
  if (!base || !(base.valLoss > 0) || best < 0) return undefined;
  const bestVal = curves.smoothValLoss[best];
  if (!Number.isFinite(bestVal)) return undefined;
  const rel = bestVal / base.valLoss - 1;
  const band = config.noiseMultiple * noise.val;
  const stalled = trend.improvement < config.slowProgressEnter;
  // A hidden layer of a few units is itself close to linear: matching a linear model then says the net is too small, not the features.
  if (narrowestHidden(ctx) < MIN_NONLINEAR_WIDTH) return undefined;
  return {
    code: 'noise-floor',
    enter: stalled && rel > -band && rel < band,
    exit: rel < -1.5 * band || rel > 1.5 * band,
    persist: config.trendPersistence,
    since: curves.epochAt(best),
    epoch: curves.epochAt(curves.last),
    severity: 'info',
    evidence: { bestSmoothedValLoss: bestVal, linearValLoss: base.valLoss, linearTrainLoss: base.trainLoss, relativeToLinear: rel, noiseBand: band },
    rule: `training stalled and the best smoothed val_loss is within ${config.noiseMultiple} standard errors (±${pct(band)} on ${noise.valRows} validation rows) of a linear model's`,
    message:
      `The best smoothed val_loss ${num(bestVal)} (epoch ${curves.epochAt(best) + 1}) is within the noise band (±${pct(band)}) of a linear model fitted on the same rows ` +
      `(val_loss ${num(base.valLoss)}): this model has reached what these features allow.`,
    meaning:
      'When a straight-line model scores the same as the network, the features carry no pattern the hidden layers could add. ' +
      'More units, layers or epochs fit the training rows more closely but do not help on new rows.',
    noSpecFix:
      'No spec change buys more here: wider or deeper layers and other learning rates measured no better on such runs. Better features, more rows, or a simpler model are what help.',
    specPath: ['model', 'layers'],
  };
}

/**
 * `still-improving`: the run ended while val_loss was still falling beyond its noise band, with its
 * best in the last `stillImprovingTail` of the epochs: it was cut short, so train longer.
 */
export function observeStillImproving(ctx: RuleContext): Observation | undefined {
  const { curves, config, spec, noise } = ctx;
  const t = curves.last;
  const n = t + 1;
  if (n < spec.fit.epochs || n < 2 * config.warmupEpochs) return undefined;
  const useVal = curves.hasValidation;
  const series = useVal ? curves.smoothValLoss : curves.smoothLoss;
  const bestIndex = useVal ? curves.bestValIndex : t;
  const w = Math.max(2, Math.min(config.plateauWindow, Math.floor(n / 2)));
  const before = series[t - w];
  const now = series[t];
  if (!Number.isFinite(before) || !Number.isFinite(now) || before <= 0) return undefined;
  const gain = (before - now) / before;
  const band = config.noiseMultiple * (useVal ? noise.val : noise.train);
  const lateBest = bestIndex >= Math.floor(n * (1 - config.stillImprovingTail));
  // A small validation set hides a real trend in its noise; the training loss on more rows can still show it.
  const trainBefore = curves.smoothLoss[t - w];
  const trainGain = Number.isFinite(trainBefore) && trainBefore > 0 ? (trainBefore - curves.smoothLoss[t]) / trainBefore : 0;
  const trainBand = config.noiseMultiple * noise.train;
  const falling = gain > band || (useVal && trainGain > trainBand && gain > 0);
  const more = Math.max(n, 10);
  // A loss already near zero against chance has nothing left worth the extra epochs.
  const converged = ctx.chance.loss !== undefined && now < config.convergedFraction * ctx.chance.loss;
  return {
    code: 'still-improving',
    enter: lateBest && falling && !converged,
    exit: !lateBest || (gain < band / 2 && trainGain < trainBand / 2),
    since: curves.epochAt(t - w),
    epoch: curves.epochAt(t),
    severity: 'info',
    evidence: { gain, window: w, noiseBand: band, bestEpoch: curves.epochAt(bestIndex), suggestedEpochs: n + more },
    rule: `the run ended with its best ${useVal ? 'val_loss' : 'loss'} in the last ${pct(config.stillImprovingTail)} of the epochs and the smoothed curve still falling by more than ${config.noiseMultiple} standard errors (${pct(band)}) over the last ${w} epochs`,
    message:
      `The run ended while still improving: smoothed ${useVal ? 'val_loss' : 'loss'} fell ${pct(gain)} over the last ${w} epochs (noise band ${pct(band)}) ` +
      `and the best is at epoch ${curves.epochAt(bestIndex) + 1} of ${n}. The trend asks for more epochs: about ${more} more (${n + more} in all), with EarlyStopping to stop where it levels off.`,
    meaning:
      'The loss was still going down when the epochs ran out, so the model you got is not the best this setup can reach. ' +
      'Training longer lets it finish; EarlyStopping with restore_best_weights makes the extra epochs safe if it starts to overfit.',
    specPath: ['fit', 'epochs'],
  };
}
