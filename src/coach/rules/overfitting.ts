/**
 * `overfitting` (adapted from AutoTrainer's test_turn_bad and UMLAUT's overfitting check):
 * val_loss has left its best while the training loss keeps falling and the gap widens.
 */
import type { Observation } from '../observation';
import { num, pct } from '../observation';
import type { RuleContext } from './context';

/** Observes overfitting at the latest epoch; undefined without a validation loss or before warm-up. */
export function observeOverfitting(ctx: RuleContext): Observation | undefined {
  const { curves, config, noise } = ctx;
  // The rise must beat the sampling error of val_loss on its rows, not a fixed percentage.
  const riseBar = Math.max(config.overfitRise, config.noiseMultiple * noise.val);
  const t = curves.last;
  const best = curves.bestValIndex;
  // The rise and the gap compare smoothed with smoothed: the lowest raw val_loss of a noisy curve sits
  // below its smoothed level by about the noise, so "smoothed now vs raw best" reads noise as a rise.
  const smoothBest = curves.bestSmoothValIndex;
  if (best < 0 || smoothBest < 0 || t < config.warmupEpochs) return undefined;
  const bestVal = curves.valLoss[best];
  const val = curves.smoothValLoss[t];
  const loss = curves.smoothLoss[t];
  const lossAtBest = curves.smoothLoss[smoothBest];
  const valAtBest = curves.smoothValLoss[smoothBest];
  if (![bestVal, val, loss, lossAtBest, valAtBest].every(Number.isFinite) || loss <= 0 || lossAtBest <= 0 || valAtBest <= 0) return undefined;
  const sinceBest = curves.epochAt(t) - curves.epochAt(best);
  const sinceSmoothBest = curves.epochAt(t) - curves.epochAt(smoothBest);
  const rise = val / valAtBest - 1;
  const gap = val / loss - 1;
  const gapAtBest = valAtBest / lossAtBest - 1;
  const trainFalling = loss < lossAtBest;
  const rawGap = curves.valLoss[t] / curves.loss[t] - 1;
  const shownGap = Number.isFinite(rawGap) ? rawGap : gap;
  // A memorised training set (loss ~0) makes a percentage meaningless: quote both values instead.
  const gapText =
    shownGap <= 10 ? `val_loss is ${pct(shownGap)} above loss` : `val_loss (${num(curves.valLoss[t])}) is far above loss (${num(curves.loss[t])})`;
  return {
    code: 'overfitting',
    enter:
      sinceBest >= config.overfitPatience &&
      sinceSmoothBest >= config.overfitPatience &&
      rise >= riseBar &&
      trainFalling &&
      gap - gapAtBest >= config.overfitGapGrowth,
    exit: sinceSmoothBest < config.overfitClearEpochs && rise < config.overfitClearRise,
    since: curves.epochAt(best),
    epoch: curves.epochAt(t),
    severity: 'warning',
    evidence: {
      riseThreshold: riseBar,
      bestEpoch: curves.epochAt(best),
      bestValLoss: bestVal,
      epochsSinceBest: sinceBest,
      valLossRise: rise,
      gap,
      gapAtBest,
      trainLossChange: loss / lossAtBest - 1,
    },
    rule:
      `no new best val_loss for ≥ ${config.overfitPatience} epochs, smoothed val_loss ≥ ${pct(riseBar)} above its smoothed best ` +
      `(${config.noiseMultiple} standard errors on ${noise.valRows} validation rows, at least ${pct(config.overfitRise)}), ` +
      `training loss still falling and the val/train gap grown by ≥ ${pct(config.overfitGapGrowth)}`,
    message:
      `${gapText} and has not improved for ${sinceBest} epochs ` +
      `(best ${num(bestVal)} at epoch ${curves.epochAt(best) + 1}) while the training loss keeps falling: the model is starting to overfit. ` +
      'Further epochs fit noise in the training rows; stop at the best epoch or regularise.',
    meaning:
      'The network has started to memorise the training rows: what it learns now fits their noise, which does not carry over to new rows. ' +
      'The model worth keeping is the one from the best epoch, not the last.',
    specPath: ['callbacks', 'earlyStopping'],
  };
}
