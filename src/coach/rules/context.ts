/** What every rule may read: the curves, the thresholds, the chance level and the spec. */
import type { DatasetSummary } from '../../shared/dataset';
import type { FitwatchSpec } from '../../shared/spec';
import type { ChanceLevel } from '../chance';
import type { CoachConfig } from '../config';
import type { Curves } from '../curves';
import type { NoiseBand } from '../noise';
import type { RegimeTracker } from '../tracker';

/** Inputs shared by the rules of one Coach. */
export interface RuleContext {
  curves: Curves;
  config: CoachConfig;
  chance: ChanceLevel;
  spec: FitwatchSpec;
  /** The parsed JSON of the spec file, when known; only used to choose spec paths. */
  rawSpec: unknown;
  dataset?: DatasetSummary;
  /** The sampling noise of the losses on this run's rows: differences inside it are not signal. */
  noise: NoiseBand;
  /** Open regimes, for rules that depend on another (underfitting needs a plateau). */
  tracker: RegimeTracker;
}

/** Mean of the finite values in `values[from..to]` (inclusive), NaN if none. */
export function finiteMean(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(0, from); i <= to; i++) {
    if (Number.isFinite(values[i])) {
      sum += values[i];
      n += 1;
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}
