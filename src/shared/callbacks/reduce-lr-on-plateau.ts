/**
 * `keras.callbacks.ReduceLROnPlateau`, counter for counter.
 * Specification: keras-team/keras `keras/src/callbacks/reduce_lr_on_plateau.py`, the MonitorCallback-based
 * version (Keras 3.10+, after commit ac2ee342b119), with `on_train_begin` resetting `best` to None as
 * `reduce_lr_on_plateau_test.py` @ 1cbb88bc30c2 (test_state_reset_across_fit_calls) requires.
 */
import { FitwatchError } from '../location';
import type { EpochLogs } from '../metrics';
import type { RunEventOf } from '../protocol/trainer';
import type { ReduceLROnPlateauSpec } from '../spec';
import type { CallbackModel, CallbackOptions } from './callback-model';
import { isImprovement, resolveDirection, signedMinDelta, warnOnce, type Direction } from './monitor';
import { pythonFloatRepr } from './python-float';

/** Reduces the learning rate once the monitored quantity has not improved for `patience` epochs. */
export class ReduceLROnPlateau<W> {
  /** The arguments it runs with. */
  readonly spec: Readonly<ReduceLROnPlateauSpec>;
  /** Resolved from `mode` (auto → by metric name) at construction, so a bad spec fails before training. */
  readonly direction: Direction;
  /** Keras' `warnings.warn` messages (missing monitor key), each once. */
  readonly warnings: string[] = [];
  private readonly model: CallbackModel<W>;
  private readonly minDelta: number;
  private bestValue: number | null = null;
  private waitCount = 0;
  private cooldownCount = 0;
  private pending: RunEventOf<'lrReduced'>[] = [];

  constructor(spec: ReduceLROnPlateauSpec, model: CallbackModel<W>, options: CallbackOptions = {}) {
    const jsonPath = ['callbacks', 'reduceLROnPlateau'];
    // Keras only rejects factor >= 1; NaN and negative factors would make the learning rate meaningless.
    if (!(spec.factor >= 0 && spec.factor < 1)) {
      throw new FitwatchError({
        code: 'spec/callback-factor',
        message: `ReduceLROnPlateau does not support a factor >= 1.0 (or below 0). Received factor=${spec.factor}.`,
        fix: 'Use a factor between 0 and 1: new_lr = lr * factor, so 0.5 halves the learning rate and 0.1 divides it by ten.',
        location: options.specFile === undefined ? undefined : { file: options.specFile, jsonPath: [...jsonPath, 'factor'] },
      });
    }
    this.spec = { ...spec };
    this.model = model;
    this.direction = resolveDirection('ReduceLROnPlateau', spec.monitor, spec.mode, { specFile: options.specFile, jsonPath });
    this.minDelta = signedMinDelta(this.direction, spec.minDelta);
  }

  /** Best monitored value since training began; null before the first monitored epoch (Keras' None). */
  get best(): number | null {
    return this.bestValue;
  }

  /** Epochs without improvement since the last improvement or reduction. */
  get wait(): number {
    return this.waitCount;
  }

  /** Epochs of cooldown left after the last reduction. */
  get cooldownCounter(): number {
    return this.cooldownCount;
  }

  /** Whether the callback is still cooling down after a reduction. */
  inCooldown(): boolean {
    return this.cooldownCount > 0;
  }

  /** Keras' `_reset`: a new fit starts from no best, no wait and no cooldown. */
  /** The counters a resume checkpoint keeps (Keras' BackupAndRestore saves them with the model). */
  getState(): { best: number | null; wait: number; cooldown: number } {
    return { best: this.bestValue, wait: this.waitCount, cooldown: this.cooldownCount };
  }

  /** Restores `getState()` after `onTrainBegin()`, so a resumed run goes on counting where it stopped. */
  setState(state: Record<string, number | boolean | null>): void {
    this.bestValue = typeof state.best === 'number' ? state.best : null;
    this.waitCount = Number(state.wait) || 0;
    this.cooldownCount = Number(state.cooldown) || 0;
  }

  onTrainBegin(): void {
    this.cooldownCount = 0;
    this.waitCount = 0;
    this.bestValue = null;
  }

  /** Keras' `on_epoch_end`; writes `logs.learning_rate` (the rate the epoch ran with), as Keras does. */
  onEpochEnd(epoch: number, logs: EpochLogs): void {
    logs.learning_rate = Math.fround(this.model.getLearningRate());
    const current = logs[this.spec.monitor];
    if (current === undefined) {
      warnOnce(
        this.warnings,
        `Learning rate reduction is conditioned on metric \`${this.spec.monitor}\` which is not available. ` +
          `Available metrics are: ${Object.keys(logs).join(',')}.`,
      );
      return;
    }
    if (this.inCooldown()) {
      this.cooldownCount -= 1;
      this.waitCount = 0;
    }
    if (isImprovement(this.direction, this.minDelta, current, this.bestValue)) {
      this.bestValue = current;
      this.waitCount = 0;
    } else if (!this.inCooldown()) {
      this.waitCount += 1;
      if (this.waitCount >= this.spec.patience) this.reduce(epoch);
    }
  }

  /** Nothing to do at the end of training (Keras has no on_train_end here); kept for a uniform driver. */
  onTrainEnd(): void {}

  /** Events since the last call, oldest first. */
  drainEvents(): RunEventOf<'lrReduced'>[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private reduce(epoch: number): void {
    // Keras' learning rate is a float32 variable: it reads it back as float32, multiplies in double,
    // and stores float32 again. So a chain of reductions rounds at every step (0.003 × 0.2 × 0.2 is
    // 0.00012000000424 in Keras), and that decides whether a rate near min_lr is reduced once more
    // (which also restarts the cooldown). It compares with np.float32(min_lr).
    const oldLr = Math.fround(this.model.getLearningRate());
    if (!(oldLr > Math.fround(this.spec.minLr))) return;
    const newLr = Math.max(oldLr * this.spec.factor, this.spec.minLr);
    this.model.setLearningRate(Math.fround(newLr));
    this.pending.push({
      kind: 'lrReduced',
      epoch,
      message: `Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${pythonFloatRepr(newLr)}.`,
      data: { oldLr, newLr, monitor: this.spec.monitor, ...(this.bestValue === null ? {} : { best: this.bestValue }) },
    });
    this.cooldownCount = this.spec.cooldown;
    this.waitCount = 0;
  }
}
