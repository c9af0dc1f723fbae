/**
 * How the suite scores a run: the model it delivers (the restored best when EarlyStopping restores
 * it, else the level of its last epochs) and its best val_loss; and how a fix's effect is judged
 * against the seed-to-seed noise band.
 */
import type { History } from '../../src/shared/metrics';

/** Delivered and best val_loss of one run. */
export interface RunScore {
  delivered: number;
  best: number;
  epochs: number;
  /** Epoch-to-epoch noise of val_loss in the run's second half (sd of consecutive differences / √2). */
  jitter?: number;
  /** Per-row losses of the delivered and best models, when scored on a held-out test file. */
  rows?: { delivered: number[]; best: number[] };
  /**
   * Per-row losses of the delivered (restored best, else final) and best models on the run's own
   * validation rows: the scores stay the history's, these only size the paired band (suite.ts).
   */
  valRowLosses?: { delivered: number[]; best: number[] };
}

/** Epochs averaged for the level of a run's end: a tenth of the run, at least 5. */
export function tailLength(epochs: number): number {
  return Math.max(5, Math.round(epochs / 10));
}

/** Scores a run; `restored` is true when EarlyStopping restored its best weights. */
export function scoreRun(history: History, restored: boolean): RunScore {
  const vals = history.map((r) => r.logs.val_loss).filter((v): v is number => typeof v === 'number');
  const finite = vals.filter(Number.isFinite);
  const best = finite.length > 0 ? Math.min(...finite) : Number.POSITIVE_INFINITY;
  const tail = vals.slice(-tailLength(vals.length));
  const tailMean = tail.every(Number.isFinite) && tail.length > 0 ? tail.reduce((a, b) => a + b, 0) / tail.length : Number.POSITIVE_INFINITY;
  return { delivered: restored ? best : tailMean, best, epochs: history.length, jitter: jitter(finite.slice(Math.floor(finite.length / 2))) };
}

/** The noise of a series around its trend: consecutive differences cancel the trend, each has twice the variance. */
function jitter(values: readonly number[]): number {
  const diffs = values.slice(1).map((v, i) => v - values[i]);
  return spread(diffs) / Math.SQRT2;
}

/**
 * How far below its level the minimum of a run's noisy epochs lands by chance: the expected
 * maximum of n Gaussian draws is about σ·√(2 ln n). A best val_loss from a long, jittery run is
 * that optimistic, so a fix is not "worse" for failing to repeat a lucky epoch.
 */
export function minimumOptimism(score: RunScore): number {
  return (score.jitter ?? 0) * Math.sqrt(2 * Math.log(Math.max(2, score.epochs)));
}

/** Sample standard deviation of the finite values; 0 for fewer than two. */
export function spread(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return 0;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  return Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (finite.length - 1));
}

/** Floor of the noise band, relative: even identical seeds differ by the engine's float order. */
export const MIN_BAND = 0.02;

/**
 * The seed noise of one case, absolute (in val_loss units): twice the seed-to-seed standard
 * deviation of the delivered val_loss (of the dataset's healthy configuration) and of the best
 * val_loss (of this case's own before-runs: the minimum of a long noisy run moves with the seed).
 */
export interface CaseBand {
  delivered: number;
  best: number;
}

/** The verdict on one fix trial. */
export type Verdict = 'helped' | 'worse' | 'same';

/**
 * helped: delivered better beyond the band and best not worse beyond it; worse: either worse
 * beyond the band; else same. Bands are absolute, and never below MIN_BAND of the before value,
 * so a case whose healthy val_loss is near 0 does not get a relative band of 190 %. The best
 * val_loss is the minimum of many noisy epochs, optimistic by about one standard error of the
 * validation set, so its band is also at least `valNoise` (that standard error, relative).
 */
export function judge(before: RunScore, after: RunScore, band: CaseBand, valNoise = 0): Verdict {
  const delivered = Math.max(band.delivered, MIN_BAND * before.delivered);
  const best = Math.max(band.best, delivered, MIN_BAND * before.best, valNoise * before.best, minimumOptimism(before));
  const worse = (a: number, b: number, by: number): boolean => (!Number.isFinite(a) ? Number.isFinite(b) : Number.isFinite(b) && a > b + by);
  if (worse(after.delivered, before.delivered, delivered) || worse(after.best, before.best, best)) return 'worse';
  if (!Number.isFinite(before.delivered)) return Number.isFinite(after.delivered) ? 'helped' : 'same';
  return after.delivered < before.delivered - delivered ? 'helped' : 'same';
}
