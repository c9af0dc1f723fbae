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

/** Most patient ReduceLROnPlateau the chooser suggests: beyond it a real plateau wastes too many epochs. */
export const REDUCE_LR_MAX_PATIENCE = 50;

/** The chosen ReduceLROnPlateau arguments, the numbers they came from, and when they would fire. */
export interface ReduceLROnPlateauChoice {
  factor: number;
  patience: number;
  minDelta: number;
  cooldown: number;
  spec: ReduceLROnPlateauSpec;
  result: ReplayResult;
  evidence: {
    /** Median epoch-to-epoch change (absolute, in monitor units) in the recent window: the curve's jitter. */
    recentJitter: number;
    /** 75th percentile of the epochs between new bests (by more than minDelta), up to the run's last one. */
    gapP75: number;
    /** New bests by more than minDelta over the whole run. */
    improvements: number;
  };
}

/**
 * ReduceLROnPlateau arguments read off the observed curve. Cutting too early costs more than cutting
 * late: on the seed run (val_loss jittering ~2% per epoch at Adam 0.01, still creeping down after the
 * fast fall) patience 12 halved the rate ten times by epoch ~170 and the run froze 1.5% above the
 * constant-rate best, while patience 50 / minDelta 0.001 / cooldown 10 / minLr 1e-4 beat it
 * (0.2205 vs 0.2219, best at epoch 427 instead of 827; docs/coach-eval.md). Late cuts on a real
 * plateau only cost epochs. Hence:
 * - minDelta: a fifth of the recent jitter (median |epoch-to-epoch change| over the last quarter of
 *   the run, at least 10 epochs), to one significant digit. The slow tail's genuine new bests are
 *   smaller than the jitter; a threshold at the jitter itself would call that progress a plateau.
 *   A perfectly flat tail gets Keras' default 1e-4.
 * - patience: 2 × the 75th percentile of the gaps between new bests (by more than minDelta) over
 *   the run up to its last new best, clamped to 5..50. A noisy, slowly improving curve makes its
 *   new bests further and further apart; the rate should only drop once it has waited clearly
 *   longer than this run usually had to. The gap after the last best (the plateau) is not counted.
 * - cooldown: a fifth of the patience (at least 1), so the epochs right after a cut, while the
 *   optimizer settles at the new rate, do not count towards the next cut.
 * - factor 0.5: halving is gentle enough to fire several times on a long run (Keras' default 0.1
 *   cuts the rate tenfold at once, which on a noisy plateau often freezes training).
 * - minLr: the starting rate / 100 when the history records it (about seven halvings), else Keras'
 *   0; a floor at rate / 1000 let the rate fall so low that the slow tail stopped learning.
 */
export function chooseReduceLROnPlateau(history: History, monitor: string, mode: MonitorMode = 'auto'): ReduceLROnPlateauChoice {
  const direction = resolveDirection('ReduceLROnPlateau', monitor, mode, { jsonPath: ['callbacks', 'reduceLROnPlateau'] });
  requireBest(history, monitor, direction);
  // u: the monitor turned so that lower is always better.
  const sign = direction === 'min' ? 1 : -1;
  const series = history.map((r) => ({ epoch: r.epoch, u: sign * (r.logs[monitor] ?? Number.NaN) })).filter((p) => Number.isFinite(p.u));

  const window = series.slice(-Math.max(10, Math.ceil(series.length / 4)));
  const changes = window.slice(1).map((p, i) => Math.abs(p.u - window[i].u));
  const recentJitter = changes.length > 0 ? quantile(changes, 0.5) : 0;
  const minDelta = recentJitter > 0 ? roundToOneDigit(recentJitter / 5) : 1e-4;

  const signedDelta = signedMinDelta('min', minDelta);
  const bestEpochs: number[] = [];
  let best: number | null = null;
  for (const p of series) {
    if (isImprovement('min', signedDelta, p.u, best)) {
      best = p.u;
      bestEpochs.push(p.epoch);
    }
  }
  const gaps = bestEpochs.slice(1).map((e, i) => e - bestEpochs[i]);
  // Keras' default patience when the run never improved twice.
  const gapP75 = gaps.length > 0 ? quantile(gaps, 0.75) : 5;
  const patience = Math.min(REDUCE_LR_MAX_PATIENCE, Math.max(5, Math.ceil(2 * gapP75)));
  const cooldown = Math.max(1, Math.round(patience / 5));

  const factor = 0.5;
  const startLr = history[0]?.logs.learning_rate;
  const spec: ReduceLROnPlateauSpec = {
    monitor,
    factor,
    patience,
    mode,
    minDelta,
    cooldown,
    minLr: startLr !== undefined && startLr > 0 ? roundToOneDigit(startLr / 100) : 0,
  };
  return {
    factor,
    patience,
    minDelta,
    cooldown,
    spec,
    result: replayCallbacks(history, { reduceLROnPlateau: spec }),
    evidence: { recentJitter, gapP75, improvements: bestEpochs.length },
  };
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
