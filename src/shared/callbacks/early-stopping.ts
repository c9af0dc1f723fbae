/**
 * `keras.callbacks.EarlyStopping`, counter for counter.
 * Specification: keras-team/keras `keras/src/callbacks/early_stopping.py` @ 9a97f390775f (best reset to None
 * in on_train_begin, `_is_improvement` treating None as improved) and `early_stopping_test.py` @ 136da6b4355b.
 * Note Keras restores the best weights in on_train_end whenever restore_best_weights is set and some epoch
 * was monitored: also when training ran to completion or another callback stopped it.
 */
import type { EpochLogs } from '../metrics';
import type { RunEvent } from '../protocol/trainer';
import type { EarlyStoppingSpec } from '../spec';
import type { CallbackModel, CallbackOptions } from './callback-model';
import { isImprovement, resolveDirection, signedMinDelta, warnOnce, type Direction } from './monitor';
import { pythonFixed5 } from './python-float';

/** Stops training once the monitored quantity has not improved for `patience` epochs. */
export class EarlyStopping<W> {
  /** The arguments it runs with. */
  readonly spec: Readonly<EarlyStoppingSpec>;
  /** Resolved from `mode` (auto → by metric name) at construction, so a bad spec fails before training. */
  readonly direction: Direction;
  /** Keras' `warnings.warn` messages (missing monitor key), each once. */
  readonly warnings: string[] = [];
  private readonly model: CallbackModel<W>;
  private readonly minDelta: number;
  private waitCount = 0;
  private stopped = 0;
  private bestValue: number | null = null;
  private bestAt = 0;
  private lastEpoch = 0;
  private bestWeights: { weights: W } | null = null;
  private pending: RunEvent[] = [];

  constructor(spec: EarlyStoppingSpec, model: CallbackModel<W>, options: CallbackOptions = {}) {
    this.spec = { ...spec };
    this.model = model;
    this.direction = resolveDirection('EarlyStopping', spec.monitor, spec.mode, {
      specFile: options.specFile,
      jsonPath: ['callbacks', 'earlyStopping'],
    });
    this.minDelta = signedMinDelta(this.direction, spec.minDelta);
  }

  /** Best monitored value since training began (after startFromEpoch); null before any (Keras' None). */
  get best(): number | null {
    return this.bestValue;
  }

  /** 0-based epoch of `best`, or of the first monitored epoch when restoring and nothing improved yet. */
  get bestEpoch(): number {
    return this.bestAt;
  }

  /** Epochs since the last improvement that also beat the baseline. */
  get wait(): number {
    return this.waitCount;
  }

  /** 0-based epoch at which it asked training to stop; 0 means it did not (as in Keras). */
  get stoppedEpoch(): number {
    return this.stopped;
  }

  /** Whether it asked training to stop (Keras' `stopped_epoch > 0`). */
  get hasStopped(): boolean {
    return this.stopped > 0;
  }

  /** Whether weights would be restored at train end (Keras' `best_weights is not None`). */
  get hasBestWeights(): boolean {
    return this.bestWeights !== null;
  }

  /** Keras' on_train_begin: allows one instance to be reused across fits. */
  /** The counters a resume checkpoint keeps, and the best weights when restoring them. */
  getState(): { state: { best: number | null; bestAt: number; wait: number; stopped: number; lastEpoch: number }; bestWeights?: W } {
    const state = { best: this.bestValue, bestAt: this.bestAt, wait: this.waitCount, stopped: this.stopped, lastEpoch: this.lastEpoch };
    return this.bestWeights ? { state, bestWeights: this.bestWeights.weights } : { state };
  }

  /** Restores `getState()` after `onTrainBegin()`. */
  setState(state: Record<string, number | boolean | null>, bestWeights?: W): void {
    this.bestValue = typeof state.best === 'number' ? state.best : null;
    this.bestAt = Number(state.bestAt) || 0;
    this.waitCount = Number(state.wait) || 0;
    this.stopped = Number(state.stopped) || 0;
    this.lastEpoch = Number(state.lastEpoch) || 0;
    this.bestWeights = bestWeights === undefined ? null : { weights: bestWeights };
  }

  onTrainBegin(): void {
    this.waitCount = 0;
    this.stopped = 0;
    this.bestValue = null;
    this.bestWeights = null;
    this.bestAt = 0;
    this.lastEpoch = 0;
  }

  /** Keras' on_epoch_end: may set `model.stopTraining`. */
  onEpochEnd(epoch: number, logs: EpochLogs): void {
    this.lastEpoch = epoch;
    const current = logs[this.spec.monitor];
    if (current === undefined) {
      warnOnce(
        this.warnings,
        `Early stopping conditioned on metric \`${this.spec.monitor}\` which is not available. ` + `Available metrics are: ${Object.keys(logs).join(',')}`,
      );
      return;
    }
    if (epoch < this.spec.startFromEpoch) return;
    if (this.spec.restoreBestWeights && this.bestWeights === null) {
      // Keras: if best weights were never set, the current weights are the best.
      this.bestWeights = { weights: this.model.getWeights() };
      this.bestAt = epoch;
    }
    this.waitCount += 1;
    if (isImprovement(this.direction, this.minDelta, current, this.bestValue)) {
      this.pending.push({
        kind: 'newBest',
        epoch,
        message: `Epoch ${epoch + 1}: ${this.spec.monitor} improved from ${pythonFixed5(this.bestOrStart())} to ${pythonFixed5(current)}`,
        data: { monitor: this.spec.monitor, value: current },
      });
      this.bestValue = current;
      this.bestAt = epoch;
      if (this.spec.restoreBestWeights) this.bestWeights = { weights: this.model.getWeights() };
      // Only restart wait if we beat both the baseline and our previous best.
      if (this.spec.baseline === null || isImprovement(this.direction, this.minDelta, current, this.spec.baseline)) {
        this.waitCount = 0;
      }
      return;
    }
    if (this.waitCount >= this.spec.patience && epoch > 0) {
      this.stopped = epoch;
      this.model.stopTraining = true;
    }
  }

  /** Keras' on_train_end: reports the stop, then restores the best weights if it kept any. */
  onTrainEnd(): void {
    if (this.stopped > 0) {
      this.pending.push({
        kind: 'earlyStop',
        epoch: this.stopped,
        message: `Epoch ${this.stopped + 1}: early stopping`,
        data: {
          monitor: this.spec.monitor,
          patience: this.spec.patience,
          bestEpoch: this.bestAt,
          ...(this.bestValue === null ? {} : { best: this.bestValue }),
        },
      });
    }
    if (this.spec.restoreBestWeights && this.bestWeights !== null) {
      this.pending.push({
        kind: 'restoredBest',
        epoch: this.lastEpoch,
        message: `Restoring model weights from the end of the best epoch: ${this.bestAt + 1}.`,
        data: { bestEpoch: this.bestAt, ...(this.bestValue === null ? {} : { best: this.bestValue }) },
      });
      this.model.setWeights(this.bestWeights.weights);
    }
  }

  /** Events since the last call, oldest first. */
  drainEvents(): RunEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** "improved from inf" for the first monitored epoch, as Keras' ModelCheckpoint prints it. */
  private bestOrStart(): number {
    if (this.bestValue !== null) return this.bestValue;
    return this.direction === 'min' ? Infinity : -Infinity;
  }
}
