/**
 * How much a loss measured on n rows moves by sampling alone. A rule that compares two values of
 * a loss (a swing, a rise above the best, a window's progress) must see a difference larger than
 * this band, or it is reading noise. The band shrinks as 1/sqrt(n): 114 validation rows jitter by
 * ~14% of the loss, 10,000 rows by ~1.5%.
 */
import type { DatasetSummary } from '../shared/dataset';
import type { LossName } from '../shared/spec';

/**
 * Coefficient of variation of one row's loss, per loss: squared Gaussian residuals have CV √2,
 * absolute ones √(π/2 − 1) ≈ 0.76; per-row cross-entropy is close to exponential (CV ≈ 1) but with
 * a heavy tail of confident mistakes, so 1.5 is used.
 */
export function perRowLossCv(loss: LossName): number {
  switch (loss) {
    case 'meanSquaredError':
      return Math.SQRT2;
    case 'meanAbsoluteError':
      return Math.sqrt(Math.PI / 2 - 1);
    default:
      return 1.5;
  }
}

/** Relative standard error of a mean loss over `rows` rows (Infinity without rows). */
export function relativeLossError(loss: LossName, rows: number): number {
  return rows > 0 ? perRowLossCv(loss) / Math.sqrt(rows) : Number.POSITIVE_INFINITY;
}

/** Binomial standard error of an accuracy `p` measured on `rows` rows. */
export function accuracyError(p: number, rows: number): number {
  return rows > 0 ? Math.sqrt(Math.max(p * (1 - p), 0) / rows) : Number.POSITIVE_INFINITY;
}

/** The noise band of a run's losses: relative standard errors on the validation and training rows. */
export interface NoiseBand {
  /** Relative standard error of val_loss (Infinity when the run has no validation rows). */
  val: number;
  /** Relative standard error of the epoch's mean training loss. */
  train: number;
  valRows: number;
}

/** Rows assumed when the dataset summary is not known yet: large enough that no rule goes quiet. */
const UNKNOWN_ROWS = 10_000;

/** The band for a run; without a dataset summary it assumes a large validation set. */
export function noiseBand(loss: LossName, dataset: DatasetSummary | undefined): NoiseBand {
  const valRows = dataset?.valRows ?? UNKNOWN_ROWS;
  const trainRows = dataset?.trainRows ?? UNKNOWN_ROWS;
  return { val: relativeLossError(loss, valRows), train: relativeLossError(loss, trainRows), valRows };
}
