/**
 * The in-memory state of one run while its trainer talks: it folds trainer messages into a
 * RunView and says which O(1) panel messages each one causes. Pure, so it is tested in Node.
 */
import type { DatasetSummary } from '../../shared/dataset';
import type { Finding } from '../../shared/findings';
import { formatProblem } from '../../shared/location';
import type { EpochRecord } from '../../shared/metrics';
import type { HostToPanel, RunView } from '../../shared/protocol/panel';
import type { HealthMessage, RunEvent, TrainerToHost } from '../../shared/protocol/trainer';
import type { RunInfo } from '../../shared/run';
import type { RunProgress } from './status-text';

/** Where a run starts from: the identity the host chose before forking the trainer. */
export interface LiveRunStart {
  id: string;
  specPath?: string;
  specName?: string;
  totalEpochs: number;
  startedAt: Date;
  /** The quantity "best" refers to until the trainer says otherwise. */
  monitor: string;
}

/** One run's state in the host: what the panel snapshot, status bar and coach read. */
export class LiveRun {
  readonly info: RunInfo;
  readonly history: EpochRecord[] = [];
  readonly events: RunEvent[] = [];
  findings: Finding[] = [];
  dataset?: DatasetSummary;
  parameters?: number;
  /** Health reports in epoch order, for the coach's gradient findings. */
  readonly health: HealthMessage[] = [];
  /** Whether a trainer process is attached. */
  live = true;
  /** The learning rate of the latest epoch (or the last one set), for "Reduce Learning Rate Now". */
  learningRate?: number;
  private elapsedEpochMs = 0;

  constructor(start: LiveRunStart) {
    this.info = {
      id: start.id,
      specPath: start.specPath,
      specName: start.specName,
      status: 'running',
      startedAt: start.startedAt.toISOString(),
      epochs: 0,
      totalEpochs: start.totalEpochs,
      monitor: start.monitor,
    };
  }

  /** The run as the panel draws it. */
  view(): RunView {
    return { info: this.info, history: this.history, events: this.events, findings: this.findings, live: this.live };
  }

  /** What the status bar and the progress notification show. */
  progress(): RunProgress {
    return {
      last: this.history[this.history.length - 1],
      totalEpochs: this.info.totalEpochs,
      elapsedEpochMs: this.elapsedEpochMs,
      starting: this.live && this.history.length === 0,
    };
  }

  /** Folds one trainer message in and returns the panel messages it causes (O(1) each). */
  apply(msg: TrainerToHost): HostToPanel[] {
    const id = this.info.id;
    switch (msg.type) {
      case 'ready':
        this.info.backend = msg.backend;
        this.info.engine = msg.engine;
        return [this.infoMessage()];
      case 'dataset': {
        const s = msg.summary;
        this.dataset = s;
        this.parameters = msg.parameters;
        this.info.dataset = { source: s.source, rows: s.rows, features: s.features, task: s.task, trainRows: s.trainRows, valRows: s.valRows };
        this.info.timings = { ...this.info.timings, loadMs: s.loadMs };
        return [this.infoMessage()];
      }
      case 'epoch': {
        const rec = msg.record;
        this.history.push(rec);
        this.elapsedEpochMs += rec.durationMs;
        this.info.epochs = rec.epoch + 1;
        this.info.totalEpochs = msg.totalEpochs;
        if (rec.logs.learning_rate !== undefined) this.learningRate = rec.logs.learning_rate;
        if (this.history.length === 1) this.info.timings = { ...this.info.timings, firstEpochMs: rec.durationMs };
        this.info.timings = { ...this.info.timings, elapsedMs: this.elapsedEpochMs, meanEpochMs: this.elapsedEpochMs / this.history.length };
        this.trackBest(rec);
        // One record per trainer message; the curves panel coalesces these into larger batches.
        return [{ type: 'epochs', runId: id, records: [rec] }];
      }
      case 'event':
        this.events.push(msg.event);
        if ((msg.event.kind === 'lrReduced' || msg.event.kind === 'lrSet') && typeof msg.event.data?.newLr === 'number') {
          this.learningRate = msg.event.data.newLr;
        }
        return [{ type: 'event', runId: id, event: msg.event }];
      case 'health':
        this.health.push(msg);
        return [];
      case 'done':
        this.live = false;
        this.info.status = msg.reason;
        this.info.endedAt = new Date().toISOString();
        this.info.epochs = msg.epochs;
        this.info.monitor = msg.monitor;
        if (msg.bestEpoch !== undefined) this.info.bestEpoch = msg.bestEpoch;
        if (msg.bestValue !== undefined) this.info.bestValue = msg.bestValue;
        this.info.timings = { ...this.info.timings, elapsedMs: msg.elapsedMs };
        return [this.infoMessage()];
      case 'error':
        this.live = false;
        this.info.status = 'failed';
        this.info.endedAt = new Date().toISOString();
        this.info.error = formatProblem(msg.problem);
        return [this.infoMessage()];
      case 'warning':
        return [];
    }
  }

  /**
   * The trainer process went away. Without a `done` or `error` first that is a crash: the
   * run is marked failed with the exit code so the panel stops offering Stop.
   */
  markExited(code: number | null, signal: string | null): HostToPanel[] {
    if (!this.live) return [];
    this.live = false;
    this.info.status = 'failed';
    this.info.endedAt = new Date().toISOString();
    this.info.error = `The trainer process exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}).`;
    return [this.infoMessage()];
  }

  /** Replaces the coach's findings and returns the panel message for them. */
  setFindings(findings: Finding[]): HostToPanel {
    this.findings = findings;
    return { type: 'findings', runId: this.info.id, findings };
  }

  private infoMessage(): HostToPanel {
    return { type: 'info', runId: this.info.id, info: { ...this.info }, live: this.live };
  }

  /** Best by the monitor (min, or max for accuracy-like names), so the panel can mark it live. */
  private trackBest(rec: EpochRecord): void {
    const monitor = this.info.monitor && rec.logs[this.info.monitor] !== undefined ? this.info.monitor : rec.logs.val_loss !== undefined ? 'val_loss' : 'loss';
    const v = rec.logs[monitor];
    if (v === undefined || !Number.isFinite(v)) return;
    const higherIsBetter = /acc|auc|precision|recall/.test(monitor);
    const best = this.info.bestValue;
    if (best === undefined || this.info.monitor !== monitor || (higherIsBetter ? v > best : v < best)) {
      this.info.monitor = monitor;
      this.info.bestValue = v;
      this.info.bestEpoch = rec.epoch;
    }
  }
}
