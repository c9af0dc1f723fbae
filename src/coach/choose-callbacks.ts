/**
 * Callback parameters fitted to the recorded run, via the shared choosers (src/shared/callbacks),
 * which replay the real Keras-semantics callbacks over the history; this adds the one-sentence
 * summary and the absolute learning rates the coach's rationales quote.
 */
import type { History } from '../shared/metrics';
import type { EarlyStoppingSpec, ReduceLROnPlateauSpec } from '../shared/spec';
import { chooseEarlyStopping, chooseReduceLROnPlateau, replayCallbacks, summarizeReplay, type ReplayResult } from '../shared/callbacks';

/** A chosen callback configuration and what the replay says it would have done. */
export interface ChosenCallback<S> {
  spec: S;
  replay: ReplayResult;
  /** The replay in one sentence, e.g. "earlyStopping(patience 20) would have stopped at epoch 312, 69% less time, …". */
  summary: string;
}

/** The monitor a callback should watch: val_loss when the run validates, else loss. */
export function defaultMonitor(history: History): 'val_loss' | 'loss' {
  return history.some((r) => Number.isFinite(r.logs.val_loss)) ? 'val_loss' : 'loss';
}

/** Round to one significant digit, so a spec gets 0.0002, not 0.00021347. */
export function roundSignificant(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 0;
  return Number(x.toPrecision(1));
}

/** The smallest patience whose early stop (restoring the best weights) keeps the run's best `monitor` value. */
export function chooseEarlyStoppingFor(history: History, monitor: string): ChosenCallback<EarlyStoppingSpec> {
  const choice = chooseEarlyStopping(history, monitor);
  return { spec: choice.spec, replay: choice.result, summary: summarizeReplay(choice.result, { earlyStopping: choice.spec }) };
}

/**
 * ReduceLROnPlateau read off the curve (shared chooser: minDelta a fifth of the recent jitter, patience
 * from the gaps between new bests, cooldown a fifth of the patience). When the history does not log
 * the rate, minLr is set to the spec's rate / 100 (about seven halvings) instead of Keras' 0, since a
 * rate cut far below that stops a slowly improving run; the replay uses the spec's rate so the
 * sentence quotes real learning rates.
 */
export function chooseReduceLROnPlateauFor(history: History, monitor: string, learningRate: number): ChosenCallback<ReduceLROnPlateauSpec> {
  const choice = chooseReduceLROnPlateau(history, monitor);
  const spec: ReduceLROnPlateauSpec = { ...choice.spec, minLr: choice.spec.minLr > 0 ? choice.spec.minLr : roundSignificant(learningRate / 100) };
  const opts = { reduceLROnPlateau: spec, initialLearningRate: learningRate };
  const replay = replayCallbacks(history, opts);
  return { spec, replay, summary: summarizeReplay(replay, opts) };
}
