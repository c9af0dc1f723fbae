/**
 * Every threshold the coach uses, in one place, each with why it has that default.
 * Rule sources: AutoTrainer (Zhang et al., ICSE'21, `utils/monitor.py`), DeepDiagnosis
 * (Wardat et al., ICSE'22), UMLAUT (Schoop et al., CHI'21). Where a rule is ours or only
 * loosely follows a paper it says "adapted from".
 */
import { FitwatchError } from '../shared/location';

/** Thresholds of the coach's rules; fractions are relative (0.01 = 1%). */
export interface CoachConfig {
  /** Epochs ignored by trend rules: the first epochs of Adam are noisy and fall fast, not a trend. */
  warmupEpochs: number;
  /** TensorBoard smoothing weight of the debiased EMA; 0.9 averages ~10 epochs, enough to hide batch noise. */
  smoothing: number;
  /** Trend findings (plateau, slow progress, oscillation) open or close only after this many epochs in a row agree: one noisy epoch flips nothing. */
  trendPersistence: number;
  /** Epochs the plateau rules compare across (brief: 40), long enough that noise cannot fake progress. */
  plateauWindow: number;
  /** Relative improvement of the smoothed loss over the window below which training has stalled (brief: 1%). */
  plateauEnter: number;
  /** A stall clears only above this improvement: 2.5× the entry level, because 1% noise on epoch losses moves the window's improvement by ±0.5%. */
  plateauExit: number;
  /** Below this improvement per window (but above the stall level) training is "still improving slowly": the seed tail is ~8%/40 epochs. */
  slowProgressEnter: number;
  /** Slow progress clears only above this (1.5× the entry) so a noisy tail does not flap. */
  slowProgressExit: number;
  /** A loss below this fraction of the chance-level loss has converged; a flat curve there is not a problem. */
  convergedFraction: number;
  /** Underfitting (adapted from AutoTrainer's not_converge): loss above this fraction of chance loss is still high. */
  underfitLossFraction: number;
  /** Underfitting: accuracy below chance + this share of the way from chance to 1 is low (AutoTrainer uses a fixed 0.7). */
  underfitAccMargin: number;
  /** Underfitting needs train and validation loss this close (relative gap), else it is a generalisation problem. */
  underfitMaxGap: number;
  /** Overfitting (adapted from AutoTrainer's test_turn_bad / UMLAUT): epochs without a new best val_loss before it counts. */
  overfitPatience: number;
  /** Overfitting: the floor of the rise above the best; the rule uses the larger of this and `noiseMultiple` standard errors of val_loss. */
  overfitRise: number;
  /** Overfitting: the relative train/val gap must have grown by this much since the best epoch. */
  overfitGapGrowth: number;
  /** Overfitting clears when val_loss returns within this of its best with a new best in the last `overfitClearEpochs`. */
  overfitClearRise: number;
  /** See `overfitClearRise`. */
  overfitClearEpochs: number;
  /** Divergence (AutoTrainer nan_loss, DeepDiagnosis numerical errors): loss above k× its recent minimum is a blow-up. */
  divergenceJump: number;
  /** Divergence clears once the loss is back below this multiple of the minimum before the jump. */
  divergenceExit: number;
  /** Loss above this absolute value counts as diverged (AutoTrainer: val_loss ≥ 1e5). */
  divergenceAbsolute: number;
  /** Epochs the oscillation rule looks at (AutoTrainer looks at the whole run; a window keeps it live and O(window)). */
  oscillationWindow: number;
  /** Oscillation (adapted from AutoTrainer ol_judge, zeta 0.03 on accuracy): the floor of a swing's amplitude; the rule uses the larger of this and the sampling error. */
  oscillationAmplitude: number;
  /** Oscillation fires when swings ≥ this share of the window (AutoTrainer eta: 0.2; a bit higher to spare noisy val sets). */
  oscillationEnter: number;
  /** Oscillation clears below this share of the window. */
  oscillationExit: number;
  /** lr-too-low looks at the first this many epochs (brief: 20). */
  lrProbeEpochs: number;
  /** lr-too-low: the loss improved less than this since epoch 1 (brief: 5%). */
  lrTooLowEnter: number;
  /** lr-too-low clears when the last `lrProbeEpochs` epochs improve more than this. */
  lrTooLowExit: number;
  /** class-imbalance: the smallest class is below this fraction of the uniform share 1/k (0.5: under 5% of 10 classes, under 25% of 2). */
  minorityOfUniform: number;
  /** sorted-validation: total-variation distance between train and validation class shares above which the split is biased. */
  sortedValidationDistance: number;
  /** unnormalized-features: a raw feature scale (max of |mean|, std) above this is far from the unit scale nets like. */
  unnormalizedScale: number;
  /** unnormalized-features: or the largest feature scale over the smallest exceeds this ratio. */
  unnormalizedScaleRatio: number;
  /** initial-loss: the first epoch's mean loss above this multiple of chance loss means a broken start (bad scale or labels). */
  initialLossFactor: number;
  /** dead-relu (AutoTrainer gamma 0.7 on zero gradients; brief 0.5): share of dead ReLU units in a layer. */
  deadReluEnter: number;
  /** dead-relu clears below this share. */
  deadReluExit: number;
  /** vanishing-gradients: a layer's gradient norm below this multiple of its weight norm learns nothing per step. */
  vanishingRelative: number;
  /** vanishing-gradients (AutoTrainer beta_1 1e-3): first-layer gradient norm over the last layer's below this ratio … */
  vanishingLayerRatio: number;
  /** … while the first-layer gradient norm is also below this (AutoTrainer beta_2 1e-4). */
  vanishingFirstLayer: number;
  /**
   * exploding-gradients: a layer's gradient norm above this multiple of its weight norm × √(loss). A
   * gradient scales with the residual, i.e. with √(MSE) or the target's scale, so an absolute norm
   * of 1e3 is normal on a target in the hundreds; relative to the weights and the loss it is not.
   */
  explodingRelative: number;
  /** exploding-gradients: or a layer's gradient norm grew by this factor since the previous health report. */
  explodingGrowth: number;
  /** Two losses differ only beyond this many standard errors of the loss on its rows (see noise.ts). */
  noiseMultiple: number;
  /** stuck: every layer's gradient norm is below this multiple of its weight norm: nothing moves. */
  stuckGradRelative: number;
  /** stuck: or a ReLU layer has at least this share of dead units. */
  stuckDeadFraction: number;
  /** still-improving: the best val_loss fell within the last this share of the epochs. */
  stillImprovingTail: number;
  /** Fix refresh: fixes (replays over the history) are recomputed at most every this many epochs. */
  fixRefreshEpochs: number;
}

/** The defaults; `CoachConfig` documents why each value. */
export const DEFAULT_COACH_CONFIG: Readonly<CoachConfig> = Object.freeze({
  warmupEpochs: 5,
  smoothing: 0.9,
  trendPersistence: 5,
  plateauWindow: 40,
  plateauEnter: 0.01,
  plateauExit: 0.025,
  slowProgressEnter: 0.1,
  slowProgressExit: 0.15,
  convergedFraction: 0.02,
  underfitLossFraction: 0.5,
  underfitAccMargin: 0.5,
  underfitMaxGap: 0.1,
  overfitPatience: 10,
  overfitRise: 0.01,
  overfitGapGrowth: 0.05,
  overfitClearRise: 0.01,
  overfitClearEpochs: 3,
  divergenceJump: 3,
  divergenceExit: 1.5,
  divergenceAbsolute: 1e5,
  oscillationWindow: 20,
  oscillationAmplitude: 0.05,
  oscillationEnter: 0.25,
  oscillationExit: 0.1,
  lrProbeEpochs: 20,
  lrTooLowEnter: 0.05,
  lrTooLowExit: 0.1,
  minorityOfUniform: 0.5,
  sortedValidationDistance: 0.2,
  unnormalizedScale: 10,
  unnormalizedScaleRatio: 100,
  initialLossFactor: 3,
  deadReluEnter: 0.5,
  deadReluExit: 0.4,
  vanishingRelative: 1e-7,
  vanishingLayerRatio: 1e-3,
  vanishingFirstLayer: 1e-4,
  explodingRelative: 100,
  explodingGrowth: 10,
  noiseMultiple: 2,
  stuckGradRelative: 1e-6,
  stuckDeadFraction: 0.95,
  stillImprovingTail: 0.1,
  fixRefreshEpochs: 10,
});

const INTEGER_FIELDS: ReadonlySet<keyof CoachConfig> = new Set<keyof CoachConfig>([
  'warmupEpochs',
  'trendPersistence',
  'plateauWindow',
  'overfitPatience',
  'overfitClearEpochs',
  'oscillationWindow',
  'lrProbeEpochs',
  'fixRefreshEpochs',
]);

/** Fills in defaults and refuses values no rule can work with, naming the field. */
export function resolveCoachConfig(partial: Partial<CoachConfig> = {}): CoachConfig {
  const config: CoachConfig = { ...DEFAULT_COACH_CONFIG, ...partial };
  for (const key of Object.keys(partial) as (keyof CoachConfig)[]) {
    if (!(key in DEFAULT_COACH_CONFIG)) {
      throw new FitwatchError({
        code: 'coach/unknown-config',
        message: `Unknown coach setting "${String(key)}".`,
        fix: `Use one of: ${Object.keys(DEFAULT_COACH_CONFIG).join(', ')}.`,
      });
    }
    const value = config[key];
    const integer = INTEGER_FIELDS.has(key);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
      throw new FitwatchError({
        code: 'coach/bad-config',
        message: `Coach setting "${key}" is ${String(value)}.`,
        fix: `Set it to a finite ${integer ? 'non-negative integer' : 'non-negative number'} (default ${DEFAULT_COACH_CONFIG[key]}).`,
      });
    }
  }
  if (config.smoothing >= 1) {
    throw new FitwatchError({
      code: 'coach/bad-config',
      message: `Coach setting "smoothing" is ${config.smoothing}.`,
      fix: 'Use a weight in [0, 1), e.g. 0.9.',
    });
  }
  const pairs: [keyof CoachConfig, keyof CoachConfig][] = [
    ['plateauEnter', 'plateauExit'],
    ['slowProgressEnter', 'slowProgressExit'],
    ['deadReluExit', 'deadReluEnter'],
    ['oscillationExit', 'oscillationEnter'],
    ['lrTooLowEnter', 'lrTooLowExit'],
  ];
  for (const [low, high] of pairs) {
    if (config[low] > config[high]) {
      throw new FitwatchError({
        code: 'coach/bad-config',
        message: `Coach setting "${low}" (${config[low]}) is above "${high}" (${config[high]}).`,
        fix: 'Keep the exit threshold on the far side of the entry threshold, or findings flap on noise.',
      });
    }
  }
  if (config.plateauWindow < 2 || config.oscillationWindow < 3 || config.lrProbeEpochs < 2) {
    throw new FitwatchError({
      code: 'coach/bad-config',
      message: `Coach windows are too short (plateauWindow ${config.plateauWindow}, oscillationWindow ${config.oscillationWindow}, lrProbeEpochs ${config.lrProbeEpochs}).`,
      fix: 'Use at least 2 epochs for plateauWindow and lrProbeEpochs, and 3 for oscillationWindow.',
    });
  }
  return config;
}
