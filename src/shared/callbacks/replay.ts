// Keras reference: drives the classes of early-stopping.ts / reduce-lr-on-plateau.ts (keras-team/keras, Keras 3.10+, see their headers)
// the way keras/src/trainers/trainer.py's fit loop calls callbacks: on_train_begin, on_epoch_end per epoch until stop_training, on_train_end.
/**
 * The what-if replay: run the same ReduceLROnPlateau/EarlyStopping classes the trainer uses over a
 * recorded history, with a stand-in model whose "weights" are the epoch index (so a restore says which
 * epoch's weights would come back) and whose learning rate is just a number.
 *
 * Caveat: replaying ReduceLROnPlateau on a recorded curve tells *when* it would fire and what schedule it
 * would set, not how the curve would then change: the recorded epochs all ran at the recorded rate.
 * EarlyStopping is exact, since stopping does not change the epochs before the stop.
 */
import { FitwatchError } from '../location';
import type { History } from '../metrics';
import type { RunEvent } from '../protocol/trainer';
import type { EarlyStoppingSpec, ReduceLROnPlateauSpec } from '../spec';
import type { CallbackModel } from './callback-model';
import { EarlyStopping } from './early-stopping';
import type { Direction } from './monitor';
import { float32Repr } from './python-float';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau';

/** Which callbacks to replay, and the learning rate the run started with. */
export interface ReplayOptions {
  reduceLROnPlateau?: ReduceLROnPlateauSpec;
  earlyStopping?: EarlyStoppingSpec;
  /** Defaults to the first record's `learning_rate`; without either the schedule is relative to 1. */
  initialLearningRate?: number;
}

/** A monitored value and the 0-based epoch it was seen at. */
export interface EpochValue {
  value: number;
  epoch: number;
}

/** A learning-rate reduction the replay saw: at the end of 0-based `epoch`, from `from` to `to`. */
export interface LrReduction {
  epoch: number;
  from: number;
  to: number;
}

/** What the callbacks would have done on the recorded run. */
export interface ReplayResult {
  /** The quantity `best`/`runBest` refer to: EarlyStopping's monitor, else ReduceLROnPlateau's; null with neither. */
  monitor: string | null;
  /** Whether lower or higher `monitor` values are better. */
  direction: Direction | null;
  recordedEpochs: number;
  /** 0-based last epoch EarlyStopping would have run (it stops after it), or null if it would not stop. */
  stoppedEpoch: number | null;
  epochsRun: number;
  epochsSaved: number;
  /** Share of the recorded wall time after the stop (epoch count share when no durations were recorded). */
  timeSavedFraction: number;
  /** Best `monitor` value over the epochs that would have run. */
  best: EpochValue | null;
  /** Best `monitor` value over the whole recording, for comparison. */
  runBest: EpochValue | null;
  /** 0-based epoch whose weights EarlyStopping(restoreBestWeights) would restore, else null. */
  restoredEpoch: number | null;
  /** `monitor` at `restoredEpoch`. */
  restoredValue: number | null;
  lrReductions: LrReduction[];
  /** Learning rate each replayed epoch would have run with (index = position in the history). */
  lrSchedule: number[];
  /** The rate after the last replayed epoch. */
  finalLearningRate: number;
  /** True when the run's starting rate was unknown and the schedule is relative to 1. */
  learningRateIsRelative: boolean;
  /** The events the callbacks reported, in Keras' wording. */
  events: RunEvent[];
  /** Keras' warnings (e.g. the monitor key is missing from the logs). */
  warnings: string[];
}

/** The stand-in model: weights are the epoch they were taken at; the rate is float32, as Keras' variable. */
class ReplayModel implements CallbackModel<number> {
  stopTraining = false;
  currentEpoch = 0;
  restoredEpoch: number | null = null;
  private learningRate: number;
  constructor(learningRate: number) {
    this.learningRate = Math.fround(learningRate);
  }
  getLearningRate(): number {
    return this.learningRate;
  }
  setLearningRate(lr: number): void {
    this.learningRate = Math.fround(lr);
  }
  getWeights(): number {
    return this.currentEpoch;
  }
  setWeights(w: number): void {
    this.restoredEpoch = w;
  }
}

/** Runs the callbacks over `history` exactly as a live fit would call them, and reports what they did. */
export function replayCallbacks(history: History, opts: ReplayOptions): ReplayResult {
  checkOrder(history);
  const recordedLr = history[0]?.logs.learning_rate;
  const initialLr = opts.initialLearningRate ?? recordedLr ?? 1;
  const model = new ReplayModel(initialLr);
  const rlr = opts.reduceLROnPlateau ? new ReduceLROnPlateau(opts.reduceLROnPlateau, model) : undefined;
  const es = opts.earlyStopping ? new EarlyStopping(opts.earlyStopping, model) : undefined;
  const events: RunEvent[] = [];
  const drain = (): void => {
    if (rlr) events.push(...rlr.drainEvents());
    if (es) events.push(...es.drainEvents());
  };

  rlr?.onTrainBegin();
  es?.onTrainBegin();
  const lrSchedule: number[] = [];
  const lrReductions: LrReduction[] = [];
  let epochsRun = 0;
  for (const record of history) {
    model.currentEpoch = record.epoch;
    const logs = { ...record.logs };
    const lrBefore = model.getLearningRate();
    lrSchedule.push(lrBefore);
    // Keras calls callbacks in list order; the spec lists ReduceLROnPlateau first.
    rlr?.onEpochEnd(record.epoch, logs);
    es?.onEpochEnd(record.epoch, logs);
    drain();
    if (model.getLearningRate() !== lrBefore) lrReductions.push({ epoch: record.epoch, from: lrBefore, to: model.getLearningRate() });
    epochsRun += 1;
    if (model.stopTraining) break;
  }
  rlr?.onTrainEnd();
  es?.onTrainEnd();
  drain();

  const monitor = es?.spec.monitor ?? rlr?.spec.monitor ?? null;
  const direction = es?.direction ?? rlr?.direction ?? null;
  const ran = history.slice(0, epochsRun);
  const restoredEpoch = es?.spec.restoreBestWeights ? model.restoredEpoch : null;
  const restoredRecord = restoredEpoch === null ? undefined : history.find((r) => r.epoch === restoredEpoch);
  return {
    monitor,
    direction,
    recordedEpochs: history.length,
    stoppedEpoch: es?.hasStopped ? es.stoppedEpoch : null,
    epochsRun,
    epochsSaved: history.length - epochsRun,
    timeSavedFraction: savedFraction(history, epochsRun),
    best: monitor && direction ? bestOf(ran, monitor, direction) : null,
    runBest: monitor && direction ? bestOf(history, monitor, direction) : null,
    restoredEpoch,
    restoredValue: monitor && restoredRecord ? (restoredRecord.logs[monitor] ?? null) : null,
    lrReductions,
    lrSchedule,
    finalLearningRate: model.getLearningRate(),
    learningRateIsRelative: opts.initialLearningRate === undefined && recordedLr === undefined,
    events,
    warnings: [...(rlr?.warnings ?? []), ...(es?.warnings ?? [])],
  };
}

/** Best finite `monitor` value in `records`; the earliest epoch wins a tie, as Keras' strict comparison does. */
export function bestOf(records: History, monitor: string, direction: Direction): EpochValue | null {
  let best: EpochValue | null = null;
  for (const r of records) {
    const v = r.logs[monitor];
    if (v === undefined || !Number.isFinite(v)) continue;
    if (best === null || (direction === 'min' ? v < best.value : v > best.value)) best = { value: v, epoch: r.epoch };
  }
  return best;
}

/** One sentence per callback, 1-based epochs as Keras prints them, e.g. for a quick-fix rationale. */
export function summarizeReplay(result: ReplayResult, opts: ReplayOptions): string {
  const parts: string[] = [];
  const es = opts.earlyStopping;
  if (es) {
    const args = [`patience ${es.patience}`, ...(es.minDelta !== 0 ? [`minDelta ${es.minDelta}`] : [])].join(', ');
    const best = result.best ? `, best ${result.monitor} ${result.best.value.toFixed(4)} at epoch ${result.best.epoch + 1}` : '';
    parts.push(
      result.stoppedEpoch === null
        ? `earlyStopping(${args}) would not have stopped within the ${result.recordedEpochs} recorded epochs${best}`
        : `earlyStopping(${args}) would have stopped at epoch ${result.stoppedEpoch + 1}, ` + `${Math.round(result.timeSavedFraction * 100)}% less time${best}`,
    );
  }
  const rlr = opts.reduceLROnPlateau;
  if (rlr) {
    const args = `factor ${rlr.factor}, patience ${rlr.patience}`;
    const n = result.lrReductions.length;
    if (n === 0) {
      parts.push(`reduceLROnPlateau(${args}) would not have reduced the learning rate in ${result.epochsRun} epochs`);
    } else {
      const shown = result.lrReductions.slice(0, 5).map((r) => r.epoch + 1);
      const epochs = `${shown.join(', ')}${n > shown.length ? ', …' : ''}`;
      const lr = (x: number): string => (result.learningRateIsRelative ? `${float32Repr(x)}× the starting rate` : float32Repr(x));
      parts.push(
        `reduceLROnPlateau(${args}) would have reduced the learning rate ${n === 1 ? 'once' : `${n} times`} ` +
          `(epoch${n === 1 ? '' : 's'} ${epochs}), down to ${lr(result.finalLearningRate)}`,
      );
    }
  }
  return parts.length > 0 ? parts.join('; ') : 'no callbacks to replay';
}

function savedFraction(history: History, epochsRun: number): number {
  if (history.length === 0) return 0;
  const total = history.reduce((s, r) => s + r.durationMs, 0);
  if (!(total > 0)) return (history.length - epochsRun) / history.length;
  const saved = history.slice(epochsRun).reduce((s, r) => s + r.durationMs, 0);
  return saved / total;
}

function checkOrder(history: History): void {
  for (let i = 1; i < history.length; i++) {
    if (!(history[i].epoch > history[i - 1].epoch)) {
      throw new FitwatchError({
        code: 'run/history-order',
        message: `The history is not in epoch order: record ${i} has epoch ${history[i].epoch} after epoch ${history[i - 1].epoch}.`,
        fix: 'Pass the epoch records in the order they were trained (as metrics.csv lists them).',
      });
    }
  }
}
