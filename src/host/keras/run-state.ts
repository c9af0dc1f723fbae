/**
 * One Keras run as the curves panel draws it: a history read from a log (imported once, or
 * growing while a CSVLogger file is tailed), its info, and the coach's findings. Pure, so
 * it is tested in Node; the bridge owns the file reading and the panel refreshes.
 */
import type { Finding } from '../../shared/findings';
import type { EpochRecord } from '../../shared/metrics';
import type { RunView } from '../../shared/protocol/panel';
import type { RunInfo, RunStatus } from '../../shared/run';

/** What a Keras run starts from. */
export interface KerasRunStart {
  id: string;
  /** Shown as the run's title, e.g. `train.log (Keras)`. */
  name: string;
  /** Where the epochs come from: a file path, or `clipboard`. */
  source: string;
  /** Whether a file is being tailed (the panel offers Stop, which stops watching). */
  live: boolean;
  startedAt: Date;
}

/** The quantity "best" refers to: val_loss when logged, else loss. */
function monitorOf(history: readonly EpochRecord[]): string {
  return history.some((r) => r.logs.val_loss !== undefined) ? 'val_loss' : 'loss';
}

/** A Keras run's state; `view()` is what the panel and the coach read. */
export class KerasRun {
  readonly info: RunInfo;
  readonly source: string;
  history: EpochRecord[] = [];
  findings: Finding[] = [];
  /** The coach's what-if replay sentences for this history. */
  whatIf: string[] = [];
  live: boolean;
  /** Epochs the log announced (`Epoch 3/1000`) or the linked script's `epochs=`; 0 when unknown. */
  private plannedEpochs = 0;

  constructor(start: KerasRunStart) {
    this.source = start.source;
    this.live = start.live;
    this.info = {
      id: start.id,
      specName: start.name,
      status: 'running',
      backend: 'keras',
      startedAt: start.startedAt.toISOString(),
      epochs: 0,
      totalEpochs: 0,
    };
  }

  /** The run as the panel draws it. */
  view(): RunView {
    return { info: this.info, history: this.history, events: [], findings: this.findings, live: this.live, whatIf: this.whatIf };
  }

  /** The planned number of epochs, 0 while neither the log nor a script has said. */
  get plannedEpochCount(): number {
    return this.plannedEpochs;
  }

  /** Sets the planned number of epochs (the log's `Epoch n/N`, else the script's `epochs=`). */
  setPlannedEpochs(total: number | undefined): void {
    if (total !== undefined && Number.isInteger(total) && total > 0) this.plannedEpochs = total;
    this.updateCounts();
  }

  /** Replaces the whole history (an import, or a tailed file that started over). */
  replace(history: readonly EpochRecord[]): void {
    this.history = [...history];
    this.updateCounts();
  }

  /** Appends epochs a tailed file gained; an epoch number already seen replaces the earlier row (a resumed run). */
  append(records: readonly EpochRecord[]): void {
    for (const r of records) {
      const last = this.history[this.history.length - 1];
      if (last && r.epoch <= last.epoch) this.history = this.history.filter((h) => h.epoch < r.epoch);
      this.history.push(r);
    }
    this.updateCounts();
  }

  /** The run is over: watching stopped, or the import is complete. */
  finish(status: Exclude<RunStatus, 'running'>): void {
    this.live = false;
    this.info.status = status;
    this.info.endedAt ??= new Date().toISOString();
  }

  /** An imported log that ends before its planned epochs was stopped (or is still running elsewhere). */
  finishedStatus(): Exclude<RunStatus, 'running'> {
    return this.plannedEpochs > 0 && this.info.epochs < this.plannedEpochs ? 'stopped' : 'completed';
  }

  private updateCounts(): void {
    const h = this.history;
    const last = h[h.length - 1];
    this.info.epochs = last ? last.epoch + 1 : 0;
    this.info.totalEpochs = Math.max(this.plannedEpochs, this.info.epochs);
    const monitor = monitorOf(h);
    this.info.monitor = monitor;
    let best: EpochRecord | undefined;
    for (const r of h) {
      const v = r.logs[monitor];
      if (v !== undefined && Number.isFinite(v) && (best === undefined || v < best.logs[monitor])) best = r;
    }
    this.info.bestEpoch = best?.epoch;
    this.info.bestValue = best?.logs[monitor];
    const elapsedMs = h.reduce((s, r) => s + r.durationMs, 0);
    this.info.timings = elapsedMs > 0 ? { elapsedMs, meanEpochMs: elapsedMs / h.length } : undefined;
  }
}
