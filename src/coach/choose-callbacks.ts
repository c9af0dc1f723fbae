/**
 * Callback parameters fitted to the recorded run, checked by replaying the real Keras-semantics
 * callbacks (src/shared/callbacks) over the history, so every number in a rationale is what the
 * callback would actually have done here.
 */
import type { History } from '../shared/metrics';
import type { EarlyStoppingSpec, ReduceLROnPlateauSpec } from '../shared/spec';
import { replayCallbacks, summarizeReplay, type ReplayResult } from '../shared/callbacks/replay';

/** A chosen callback configuration and what the replay says it would have done. */
export interface ChosenCallback<S> {
  spec: S;
  replay: ReplayResult;
  /** The replay in one sentence, e.g. "earlyStopping(patience 20) would have stopped at epoch 312, 69% less time, …". */
  summary: string;
}

/** Patience values tried for EarlyStopping, smallest first: the first that keeps the run's best wins. */
const EARLY_STOPPING_PATIENCES = [10, 15, 20, 30, 50];
/** Best val_loss an early stop may give up, relative: below typical epoch-to-epoch noise. */
const BEST_TOLERANCE = 0.005;

/** The monitor a callback should watch: val_loss when the run validates, else loss. */
export function defaultMonitor(history: History): 'val_loss' | 'loss' {
  return history.some((r) => Number.isFinite(r.logs.val_loss)) ? 'val_loss' : 'loss';
}

/** The smallest patience whose early stop (restoring the best weights) keeps the run's best `monitor` value. */
export function chooseEarlyStoppingFor(history: History, monitor: string): ChosenCallback<EarlyStoppingSpec> {
  let chosen: ChosenCallback<EarlyStoppingSpec> | undefined;
  for (const patience of EARLY_STOPPING_PATIENCES) {
    const spec: EarlyStoppingSpec = { monitor, minDelta: 0, patience, mode: 'auto', baseline: null, restoreBestWeights: true, startFromEpoch: 0 };
    const replay = replayCallbacks(history, { earlyStopping: spec });
    chosen = { spec, replay, summary: summarizeReplay(replay, { earlyStopping: spec }) };
    const kept = replay.best && replay.runBest && Math.abs(replay.best.value - replay.runBest.value) <= BEST_TOLERANCE * Math.abs(replay.runBest.value);
    if (kept) break;
  }
  // The loop always runs at least once.
  return chosen as ChosenCallback<EarlyStoppingSpec>;
}

/** Round to one significant digit, so a spec gets 0.0002, not 0.00021347. */
export function roundSignificant(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 0;
  return Number(x.toPrecision(1));
}

/** Factor of the Keras documentation's example (`factor=0.2, patience=5`): firm enough to matter, not a freeze. */
const REDUCE_FACTOR = 0.2;
/** Patience values tried, largest first: the largest that still fires on this run wins (fewer false reductions). */
const REDUCE_PATIENCES = [20, 15, 10, 5];

/**
 * ReduceLROnPlateau for this run: minDelta at 0.1% of the monitor's latest level (Keras' absolute
 * 1e-4 is meaningless for a loss of 50 or 0.001), minLr three decades below the current rate,
 * and the largest patience that would have fired at least once on the recorded curve.
 */
export function chooseReduceLROnPlateauFor(history: History, monitor: string, learningRate: number): ChosenCallback<ReduceLROnPlateauSpec> {
  let level = Number.NaN;
  for (let i = history.length - 1; i >= 0 && !Number.isFinite(level); i--) level = history[i].logs[monitor];
  const minDelta = Number.isFinite(level) ? roundSignificant(Math.abs(level) * 1e-3) : 1e-4;
  const minLr = roundSignificant(learningRate * 1e-3);
  let chosen: ChosenCallback<ReduceLROnPlateauSpec> | undefined;
  for (const patience of REDUCE_PATIENCES) {
    const spec: ReduceLROnPlateauSpec = { monitor, factor: REDUCE_FACTOR, patience, mode: 'auto', minDelta, cooldown: 0, minLr };
    const opts = { reduceLROnPlateau: spec, initialLearningRate: learningRate };
    const replay = replayCallbacks(history, opts);
    chosen = { spec, replay, summary: summarizeReplay(replay, opts) };
    if (replay.lrReductions.length > 0) break;
  }
  return chosen as ChosenCallback<ReduceLROnPlateauSpec>;
}
