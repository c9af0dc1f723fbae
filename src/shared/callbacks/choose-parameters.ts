// Keras reference: candidate arguments are replayed through the Keras-3-exact callbacks (keras-team/keras, Keras 3.10+, see their headers).
/**
 * Parameter search for the coach's quick fixes: pick EarlyStopping/ReduceLROnPlateau arguments that
 * fit the recorded run, checked by replaying the real callbacks over it.
 */
import { FitwatchError } from '../location';
import type { History } from '../metrics';
import type { EarlyStoppingSpec, MonitorMode, ReduceLROnPlateauSpec } from '../spec';
import { isImprovement, resolveDirection, signedMinDelta, type Direction } from './monitor';
import { bestOf, replayCallbacks, type ReplayResult } from './replay';

/** Patiences tried, smallest first: the common Keras choices from "quick" to "very patient". */
export const EARLY_STOPPING_PATIENCES: readonly number[] = [5, 10, 15, 20, 30, 50];

/** How close (relative) the restored best must be to the run's overall best: 0.5%. */
export const EARLY_STOPPING_TOLERANCE = 0.005;

/** The chosen EarlyStopping arguments and what the replay says they do. */
export interface EarlyStoppingChoice {
  patience: number;
  minDelta: number;
  spec: EarlyStoppingSpec;
  result: ReplayResult;
  /** False when even the largest patience loses more than the tolerance (the largest is returned). */
  withinTolerance: boolean;
}

/**
 * The smallest patience (in EARLY_STOPPING_PATIENCES) whose restored best is within 0.5% of the run's best.
 * For each patience a small minDelta (0.1% of the best value, one significant digit) is tried before 0:
 * it ignores creeping improvements and so stops earlier, and is kept only if it stays within tolerance.
 */
export function chooseEarlyStopping(history: History, monitor: string, mode: MonitorMode = 'auto'): EarlyStoppingChoice {
  const direction = resolveDirection('EarlyStopping', monitor, mode, { jsonPath: ['callbacks', 'earlyStopping'] });
  const runBest = requireBest(history, monitor, direction);
  const scale = Math.abs(runBest.value);
  const deltas = scale > 0 ? [roundToOneDigit(scale * 1e-3), 0] : [0];
  const specFor = (patience: number, minDelta: number): EarlyStoppingSpec => ({
    monitor,
    minDelta,
    patience,
    mode,
    baseline: null,
    restoreBestWeights: true,
    startFromEpoch: 0,
  });
  for (const patience of EARLY_STOPPING_PATIENCES) {
    for (const minDelta of deltas) {
      const spec = specFor(patience, minDelta);
      const result = replayCallbacks(history, { earlyStopping: spec });
      const restored = result.restoredValue;
      if (restored !== null && Math.abs(restored - runBest.value) <= EARLY_STOPPING_TOLERANCE * scale) {
        return { patience, minDelta, spec, result, withinTolerance: true };
      }
    }
  }
  const patience = EARLY_STOPPING_PATIENCES[EARLY_STOPPING_PATIENCES.length - 1];
  const spec = specFor(patience, 0);
  return { patience, minDelta: 0, spec, result: replayCallbacks(history, { earlyStopping: spec }), withinTolerance: false };
}

/** The chosen ReduceLROnPlateau arguments, the numbers they came from, and when they would fire. */
export interface ReduceLROnPlateauChoice {
  factor: number;
  patience: number;
  minDelta: number;
  spec: ReduceLROnPlateauSpec;
  result: ReplayResult;
  evidence: {
    /** Median size of an improving epoch-to-epoch step in the recent window (in monitor units). */
    recentImprovementStep: number;
    /** Last 0-based epoch of the learning phase: where the running best had made 90% of its total gain. */
    learningPhaseEnd: number;
    /** 75th percentile of the epochs between new bests (by more than minDelta) in the learning phase. */
    learningGapP75: number;
    /** New bests by more than minDelta over the whole run. */
    improvements: number;
  };
}

/**
 * ReduceLROnPlateau arguments read off the observed curve:
 * - minDelta: half the median improving epoch-to-epoch step in the recent window (the last quarter of
 *   the run, at least 10 epochs), to one significant digit. On a plateau those steps are the curve's
 *   wiggle, so a "new best" by less than half a wiggle is noise and must not reset patience. With no
 *   improving step at all, Keras' default 1e-4.
 * - patience: 2 × the 75th percentile of the gaps between new bests (by more than minDelta) during the
 *   learning phase (until the running best had made 90% of its total gain), clamped to 5..50. While the
 *   model was learning, an improvement came within that many epochs; twice as long without one is a
 *   plateau, not a slow stretch. The plateau itself is excluded: its long gaps are what should trigger.
 * - factor 0.5: halving is gentle enough to fire several times on a long run (Keras' default 0.1 cuts
 *   the rate tenfold at once, which on a noisy plateau often freezes training).
 * - minLr: the starting rate / 1000 when the history records it (about ten halvings), else Keras' 0;
 *   cooldown stays Keras' 0.
 */
export function chooseReduceLROnPlateau(history: History, monitor: string, mode: MonitorMode = 'auto'): ReduceLROnPlateauChoice {
  const direction = resolveDirection('ReduceLROnPlateau', monitor, mode, { jsonPath: ['callbacks', 'reduceLROnPlateau'] });
  requireBest(history, monitor, direction);
  // u: the monitor turned so that lower is always better.
  const sign = direction === 'min' ? 1 : -1;
  const series = history
    .map((r) => ({ epoch: r.epoch, u: sign * (r.logs[monitor] ?? Number.NaN) }))
    .filter((p) => Number.isFinite(p.u));

  const window = series.slice(-Math.max(10, Math.ceil(series.length / 4)));
  const steps: number[] = [];
  for (let i = 1; i < window.length; i++) {
    const step = window[i - 1].u - window[i].u;
    if (step > 0) steps.push(step);
  }
  const recentImprovementStep = steps.length > 0 ? quantile(steps, 0.5) : 0;
  const minDelta = recentImprovementStep > 0 ? roundToOneDigit(recentImprovementStep / 2) : 1e-4;

  const signedDelta = signedMinDelta('min', minDelta);
  const bestEpochs: number[] = [];
  let best: number | null = null;
  for (const p of series) {
    if (isImprovement('min', signedDelta, p.u, best)) {
      best = p.u;
      bestEpochs.push(p.epoch);
    }
  }
  const learningPhaseEnd = learningPhaseEndEpoch(series);
  const learningBests = bestEpochs.filter((e) => e <= learningPhaseEnd);
  const phaseBests = learningBests.length >= 2 ? learningBests : bestEpochs;
  const gaps = phaseBests.slice(1).map((e, i) => e - phaseBests[i]);
  // Keras' default patience when the run never improved twice.
  const learningGapP75 = gaps.length > 0 ? quantile(gaps, 0.75) : 5;
  const patience = Math.min(50, Math.max(5, Math.ceil(2 * learningGapP75)));

  const factor = 0.5;
  const startLr = history[0]?.logs.learning_rate;
  const spec: ReduceLROnPlateauSpec = {
    monitor,
    factor,
    patience,
    mode,
    minDelta,
    cooldown: 0,
    minLr: startLr !== undefined && startLr > 0 ? startLr / 1000 : 0,
  };
  return {
    factor,
    patience,
    minDelta,
    spec,
    result: replayCallbacks(history, { reduceLROnPlateau: spec }),
    evidence: { recentImprovementStep, learningPhaseEnd, learningGapP75, improvements: bestEpochs.length },
  };
}

/** First epoch at which the running best (lower is better) has covered 90% of its total gain. */
function learningPhaseEndEpoch(series: readonly { epoch: number; u: number }[]): number {
  const first = series[0].u;
  const overall = Math.min(...series.map((p) => p.u));
  const target = first - 0.9 * (first - overall);
  let running = Infinity;
  for (const p of series) {
    running = Math.min(running, p.u);
    if (running <= target) return p.epoch;
  }
  return series[series.length - 1].epoch;
}

/** `x` to one significant digit (0.000437 → 0.0004), so suggested values read like hand-picked ones. */
export function roundToOneDigit(x: number): number {
  return Number(x.toPrecision(1));
}

/** Linear-interpolated quantile `q` of `values` (not modified). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function requireBest(history: History, monitor: string, direction: Direction): { value: number; epoch: number } {
  const best = bestOf(history, monitor, direction);
  if (best === null) {
    const available = [...new Set(history.flatMap((r) => Object.keys(r.logs)))];
    throw new FitwatchError({
      code: 'coach/monitor-missing',
      message: `The run has no finite values of "${monitor}" to choose callback parameters from (${history.length} epochs recorded).`,
      fix: available.length > 0 ? `Monitor one of the logged quantities: ${available.join(', ')}.` : 'Train at least one epoch first.',
    });
  }
  return best;
}
