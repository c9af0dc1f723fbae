/**
 * `divergence` (AutoTrainer nan_loss; DeepDiagnosis numerical-error symptoms): a non-finite
 * loss, an absurd one, or a jump far above the recent minimum.
 */
import type { Observation } from '../observation';
import { num } from '../observation';
import { learningRatePath } from '../spec-paths';
import type { RuleContext } from './context';

const DIVERGENCE_MEANING =
  'Each step overshot the minimum by more than it gained, so the weights grew until the loss blew up. ' +
  'Once that happens the run cannot recover by itself: the step size (learning rate) has to be smaller for the scale of these inputs.';

/** Observes divergence at the latest epoch. Its window is the plateau window, so a call is O(window). */
export function observeDivergence(ctx: RuleContext): Observation {
  const { curves, config, rawSpec, tracker, chance } = ctx;
  const t = curves.last;
  const loss = curves.loss[t];
  const val = curves.valLoss[t];
  const epoch = curves.epochAt(t);
  const lrPath = learningRatePath(rawSpec);
  const base = { code: 'divergence' as const, epoch, severity: 'error' as const, specPath: lrPath };
  const rule =
    `loss or val_loss is NaN/Inf or ≥ ${config.divergenceAbsolute}× the loss of a constant prediction, or loss > ${config.divergenceJump}× its minimum over the last ` +
    `${config.plateauWindow} epochs (clears below ${config.divergenceExit}× that minimum)`;
  const open = tracker.get('divergence');
  // "Absurd" is relative to what a constant prediction scores: an MSE of 5e5 is a normal start on a target in the hundreds.
  const ds = ctx.dataset;
  const zeroLoss =
    ds?.task === 'regression' && ds.labelMean !== undefined && ds.labelStd !== undefined && !ds.targetScaling ? ds.labelMean ** 2 + ds.labelStd ** 2 : 0;
  const absurd = config.divergenceAbsolute * Math.max(1, chance.loss ?? 1, zeroLoss);
  const valBad = curves.hasValidation && (Number.isNaN(val) || val === Infinity || val === -Infinity || val >= absurd);
  if (!Number.isFinite(loss) || loss >= absurd || valBad) {
    const which = !Number.isFinite(loss) || loss >= absurd ? `loss is ${num(loss)}` : `val_loss is ${num(val)}`;
    const firstBad = open?.latest.evidence.firstBadEpoch ?? epoch;
    return {
      ...base,
      enter: true,
      exit: false,
      evidence: { firstBadEpoch: firstBad },
      rule,
      message:
        `Training diverged at epoch ${firstBad + 1}: ${which}. The weights blew up, usually because the learning rate is too ` +
        'high for the scale of the inputs; lower it, and normalise the features if they are not.',
      meaning: DIVERGENCE_MEANING,
    };
  }
  // The minimum before the jump: for an open regime keep the one it started from.
  let recentMin = open?.latest.evidence.recentMin ?? Number.POSITIVE_INFINITY;
  if (!open) {
    for (let i = Math.max(config.warmupEpochs, t - config.plateauWindow); i < t; i++) if (curves.loss[i] < recentMin) recentMin = curves.loss[i];
  }
  if (!Number.isFinite(recentMin) || recentMin <= 0) {
    return { ...base, enter: false, exit: true, evidence: { loss }, rule, message: '' };
  }
  const factor = loss / recentMin;
  return {
    ...base,
    // A memorised training set wobbling between 0.02 and 0.1 triples its loss without blowing up:
    // a jump is a divergence only if it also lands at a high loss (half the chance level).
    enter: t >= config.warmupEpochs && factor > config.divergenceJump && (chance.loss === undefined || loss > config.underfitLossFraction * chance.loss),
    exit: factor < config.divergenceExit,
    evidence: { loss, recentMin, factor },
    rule,
    message:
      `The loss jumped to ${num(loss)} at epoch ${epoch + 1}, ${factor.toFixed(1)}× its recent minimum ${num(recentMin)}: ` +
      'the optimizer overshot. Lower the learning rate.',
    meaning: DIVERGENCE_MEANING,
  };
}
