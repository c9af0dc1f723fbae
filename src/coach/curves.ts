/**
 * The curves of a run, kept incrementally: raw and smoothed loss/val_loss, accuracy and the
 * best val_loss so far. Smoothing is TensorBoard's debiased EMA (src/shared/smoothing.ts). Adding an epoch is O(1); rules then read only their window.
 */
import type { EpochRecord } from '../shared/metrics';
import { EmaSmoother } from '../shared/smoothing';

/** Per-epoch series of one run; index i is the i-th recorded epoch. */
export class Curves {
  /** 0-based Keras epoch of each index (equal to the index unless a run resumed). */
  readonly epochs: number[] = [];
  readonly loss: number[] = [];
  readonly valLoss: number[] = [];
  readonly acc: number[] = [];
  readonly valAcc: number[] = [];
  readonly smoothLoss: number[] = [];
  readonly smoothValLoss: number[] = [];
  /** Index of the lowest finite val_loss so far (-1 before any). */
  bestValIndex = -1;
  /** Index of the lowest finite smoothed val_loss so far (-1 before any): the level a noisy val_loss is judged against. */
  bestSmoothValIndex = -1;
  /** Lowest finite smoothed loss so far (NaN before any). */
  minSmoothLoss = Number.NaN;
  private readonly lossEma: EmaSmoother;
  private readonly valEma: EmaSmoother;

  constructor(smoothing: number) {
    this.lossEma = new EmaSmoother(smoothing);
    this.valEma = new EmaSmoother(smoothing);
  }

  /** Number of epochs recorded. */
  get length(): number {
    return this.loss.length;
  }

  /** Whether the run logs a validation loss at all. */
  get hasValidation(): boolean {
    return this.bestValIndex >= 0;
  }

  /** Appends one epoch; missing logs are stored as NaN. */
  push(record: EpochRecord): void {
    const logs = record.logs;
    const value = (key: string): number => (typeof logs[key] === 'number' ? logs[key] : Number.NaN);
    const loss = value('loss');
    const val = value('val_loss');
    this.epochs.push(record.epoch);
    this.loss.push(loss);
    this.valLoss.push(val);
    this.acc.push(value('acc'));
    this.valAcc.push(value('val_acc'));
    const smooth = this.lossEma.next(loss);
    this.smoothLoss.push(smooth);
    if (Number.isFinite(smooth) && !(smooth >= this.minSmoothLoss)) this.minSmoothLoss = smooth;
    const smoothVal = this.valEma.next(val);
    this.smoothValLoss.push(smoothVal);
    if (Number.isFinite(smoothVal) && (this.bestSmoothValIndex < 0 || smoothVal < this.smoothValLoss[this.bestSmoothValIndex]))
      this.bestSmoothValIndex = this.length - 1;
    if (Number.isFinite(val) && (this.bestValIndex < 0 || val < this.valLoss[this.bestValIndex])) this.bestValIndex = this.length - 1;
  }

  /** The Keras epoch (0-based) at an index. */
  epochAt(index: number): number {
    return this.epochs[index];
  }

  /** The latest index. */
  get last(): number {
    return this.length - 1;
  }
}
