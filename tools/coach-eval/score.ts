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
  return { delivered: restored ? best : tailMean, best, epochs: history.length };
}

/** Relative seed-to-seed spread (sample std / mean) of values; 0 for fewer than two. */
export function relativeSpread(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return 0;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (finite.length - 1));
  return mean > 0 ? sd / mean : 0;
}

/** The verdict on one fix trial. */
export type Verdict = 'helped' | 'worse' | 'same';

/**
 * helped: delivered better beyond the band and best not worse beyond it; worse: either worse
 * beyond the band; else same. `band` is relative (0.05 = 5%). The best val_loss is the minimum of
 * many noisy epochs, optimistic by about one standard error of the validation set, so its band is
 * at least `bestBand` (that standard error).
 */
export function judge(before: RunScore, after: RunScore, band: number, bestBand = 0): Verdict {
  const worse = (a: number, b: number, by: number): boolean => (!Number.isFinite(a) ? Number.isFinite(b) : a > b * (1 + by));
  if (worse(after.delivered, before.delivered, band) || worse(after.best, before.best, Math.max(band, bestBand))) return 'worse';
  if (after.delivered < before.delivered * (1 - band) || (!Number.isFinite(before.delivered) && Number.isFinite(after.delivered))) return 'helped';
  return 'same';
}
