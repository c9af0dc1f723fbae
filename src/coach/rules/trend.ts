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

/** `plateau`: the smoothed loss improved less than `plateauEnter` over the window (clears above `plateauExit`). */
export function observePlateau(ctx: RuleContext, trend: WindowTrend): Observation {
  const { config, curves } = ctx;
  const w = config.plateauWindow;
  const moved =
    trend.improvement >= 0
      ? `has improved by only ${pct(trend.improvement)}`
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
  const stalled = tracker.isOpen('plateau');
  const smallGap = gap === undefined || Math.abs(gap) < config.underfitMaxGap;
  const evidence: Record<string, number> = { smoothedLoss: loss };
  if (gap !== undefined) evidence.gap = gap;
  if (chance.loss !== undefined) evidence.chanceLoss = chance.loss;
  if (Number.isFinite(acc)) evidence.accuracy = acc;
  if (chance.accuracy !== undefined) evidence.chanceAccuracy = chance.accuracy;
  const why: string[] = [];
  if (highLoss(1) && chance.loss !== undefined) why.push(`the loss ${num(loss)} is ${pct(loss / chance.loss)} of the chance level ${num(chance.loss)} (${chance.basis})`);
  if (lowAcc(1) && chance.accuracy !== undefined) why.push(`accuracy ${pct(acc)} is close to the chance level ${pct(chance.accuracy)}`);
  const hidden = hiddenDenseIndices(spec);
  return {
    code: 'underfitting',
    enter: stalled && smallGap && (highLoss(1) || lowAcc(1)),
    exit: !stalled || (gap !== undefined && Math.abs(gap) > 2 * config.underfitMaxGap) || !(highLoss(0.8) || lowAcc(0.95)),
    epoch: curves.epochAt(t),
    since: tracker.get('plateau')?.start,
    severity: 'warning',
    evidence,
    rule:
      `plateau, |val_loss/loss − 1| < ${pct(config.underfitMaxGap)}, and loss > ${pct(config.underfitLossFraction)} of chance ` +
      `or accuracy below chance + ${pct(config.underfitAccMargin)} of the way to 1`,
    message:
      `The model is underfitting: training has stalled while ${why.join(' and ') || 'the loss is still high'}` +
      `${gap !== undefined ? `, and validation is no worse than training (gap ${pct(gap)})` : ''}. ` +
      'It cannot represent the pattern at this size: add units or layers.',
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
  const stillHigh = chance.loss === undefined || now > config.underfitLossFraction * chance.loss;
  const lr = spec.compile.optimizer.learningRate;
  return {
    code: 'lr-too-low',
    enter: sinceStart < config.lrTooLowEnter && stillHigh,
    exit: recent > config.lrTooLowExit || !stillHigh,
    since: curves.epochAt(0),
    epoch: curves.epochAt(t),
    severity: 'warning',
    evidence: { improvementSinceStart: sinceStart, recentImprovement: recent, learningRate: lr, epochs: t + 1 },
    rule: `loss improves < ${pct(config.lrTooLowEnter)} over the first ${probe} epochs (clears when ${probe} epochs improve > ${pct(config.lrTooLowExit)})`,
    message:
      `The loss has improved only ${pct(sinceStart)} in ${t + 1} epochs (from ${num(first)} to at best ${num(best)}): ` +
      `with learning rate ${lr} the optimizer is taking steps too small to make progress.`,
    specPath: learningRatePath(rawSpec),
  };
}
