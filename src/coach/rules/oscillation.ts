/**
 * `oscillation` (adapted from AutoTrainer's ol_judge, which counts max/min pairs of accuracy
 * whose difference exceeds zeta): many swings of the loss with an amplitude above noise.
 */
import type { Observation } from '../observation';
import { pct } from '../observation';
import { learningRatePath } from '../spec-paths';
import type { RuleContext } from './context';

/** Swings in a series window: local extrema pairs (sign changes of the first difference) above `amplitude`. */
export function countSwings(values: readonly number[], from: number, to: number, amplitude: number): { swings: number; maxAmplitude: number } {
  const extrema: number[] = [];
  let prevSign = 0;
  for (let i = from + 1; i <= to; i++) {
    const d = values[i] - values[i - 1];
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (sign !== 0 && prevSign !== 0 && sign !== prevSign) extrema.push(values[i - 1]);
    if (sign !== 0) prevSign = sign;
  }
  let swings = 0;
  let maxAmplitude = 0;
  for (let k = 1; k < extrema.length; k++) {
    const level = (Math.abs(extrema[k]) + Math.abs(extrema[k - 1])) / 2;
    if (level === 0) continue;
    const amp = Math.abs(extrema[k] - extrema[k - 1]) / level;
    if (amp > maxAmplitude) maxAmplitude = amp;
    if (amp >= amplitude) swings += 1;
  }
  return { swings, maxAmplitude };
}

/** Observes oscillation of loss or val_loss over the last `oscillationWindow` epochs. */
export function observeOscillation(ctx: RuleContext): Observation | undefined {
  const { curves, config, rawSpec, spec, noise } = ctx;
  const t = curves.last;
  const w = config.oscillationWindow;
  const from = t - w + 1;
  if (from < config.warmupEpochs) return undefined;
  // A swing is the difference of two measurements, each with the loss's sampling error on its
  // rows, so it counts only beyond noiseMultiple × √2 standard errors (and the fixed floor).
  const band = (rel: number): number => Math.max(config.oscillationAmplitude, config.noiseMultiple * Math.SQRT2 * rel);
  const series: [string, readonly number[], number][] = [['loss', curves.loss, band(noise.train)]];
  if (curves.hasValidation) series.push(['val_loss', curves.valLoss, band(noise.val)]);
  let worst = { name: 'loss', swings: 0, maxAmplitude: 0, amplitude: series[0][2] };
  for (const [name, values, amplitude] of series) {
    let finite = true;
    for (let i = from; i <= t && finite; i++) finite = Number.isFinite(values[i]);
    if (!finite) return undefined;
    const s = countSwings(values, from, t, amplitude);
    if (s.swings > worst.swings || (s.swings === worst.swings && s.maxAmplitude > worst.maxAmplitude)) worst = { name, ...s, amplitude };
  }
  const share = worst.swings / w;
  return {
    code: 'oscillation',
    enter: share >= config.oscillationEnter,
    exit: share < config.oscillationExit,
    persist: config.trendPersistence,
    since: curves.epochAt(from),
    epoch: curves.epochAt(t),
    severity: 'warning',
    evidence: {
      swings: worst.swings,
      window: w,
      maxAmplitude: worst.maxAmplitude,
      amplitude: worst.amplitude,
      learningRate: spec.compile.optimizer.learningRate,
    },
    rule:
      `≥ ${pct(config.oscillationEnter)} of the last ${w} epochs are swings of loss or val_loss larger than the larger of ` +
      `${pct(config.oscillationAmplitude)} and ${config.noiseMultiple}·√2 standard errors of that loss on its rows (clears below ${pct(config.oscillationExit)})`,
    message:
      `${worst.name} is oscillating: ${worst.swings} up-and-down swings larger than ${pct(worst.amplitude)} in the last ${w} epochs ` +
      `(largest ${pct(worst.maxAmplitude)}; sampling noise on ${worst.name === 'loss' ? 'the training' : `${noise.valRows} validation`} rows explains swings up to that size). ` +
      'The steps overshoot the minimum; a lower learning rate (or a larger batch) steadies it.',
    meaning:
      'Each update jumps across the valley of the loss instead of settling into it, so the loss goes up and down from epoch to epoch. ' +
      'Swings larger than what the row count explains come from the step size, not from the data.',
    specPath: learningRatePath(rawSpec),
  };
}
