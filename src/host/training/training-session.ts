/**
 * One run of one spec: owns its trainer process, folds its messages into a LiveRun, logs
 * them Keras-style, asks the coach after every epoch, and tells listeners what the panel
 * needs. Disposing it stops the trainer (gracefully, then by force); the run stays on disk.
 */
import * as vscode from 'vscode';
import type { DatasetSummary } from '../../shared/dataset';
import type { Finding } from '../../shared/findings';
import type { Problem } from '../../shared/location';
import type { EpochRecord } from '../../shared/metrics';
import type { HostToPanel } from '../../shared/protocol/panel';
import type { HealthMessage, RunEvent, StartRequest, TrainerExit, TrainerHandle, TrainerToHost } from '../../shared/protocol/trainer';
import type { RunInfo } from '../../shared/run';
import type { FitwatchSpec } from '../../shared/spec';
import { Disposable } from '../dispose';
import { LiveRun } from './live-run';
import { runStartedLine, trainerLogLines } from './trainer-log';
import { errorMessage } from '../../shared/error-message';
import { Throttle } from '../../shared/throttle';

/** Log lines are batched for this long: a fast run finishes hundreds of epochs per second. */
const LOG_FLUSH_MS = 100;

/** Fewest milliseconds between two coach evaluations during a run. */
const FINDINGS_MS = 250;

/** The incremental coach of one run, fed as trainer messages arrive (the host adapts `src/coach`). */
export interface RunCoach {
  setDataset(summary: DatasetSummary): void;
  update(record: EpochRecord): void;
  health(report: HealthMessage): void;
  /** The open findings; `finished` recomputes fixes over the whole history. */
  findings(finished: boolean): Finding[];
}

/** Makes the coach for a run of `spec`, or undefined when coaching is off. */
export type CoachFactory = (spec: FitwatchSpec, specText: string) => RunCoach | undefined;

/** Everything that identifies a run before it starts. */
export interface SessionTarget {
  specUri: vscode.Uri;
  /** The text that was parsed, for placing diagnostics while the file is unchanged. */
  specText: string;
  spec: FitwatchSpec;
  /** Spec path relative to the run root, `/`-separated. */
  specRelative: string;
  /** The workspace folder the data must stay inside and runs are written under. */
  workspaceRoot: string;
  runId: string;
  runDir: string;
  runDirRelative: string;
  /** Earlier runs to overlay in the panel (Train Again and Compare). */
  compareWith: string[];
}

/** Options a run starts with (from settings). */
export interface SessionOptions {
  backend?: StartRequest['backend'];
  engine?: StartRequest['engine'];
  /** The Keras engine's interpreter (absolute or a command); the trainer's default when absent. */
  python?: string;
  /** Most threads for the fast engine (`fitwatch.maxThreads`); the trainer's default when absent. */
  threads?: number;
  healthEvery: number;
  stopTimeoutMs: number;
  /** Continue an interrupted run folder (the target's runDir) from its checkpoint, after what it recorded. */
  resume?: SessionResume;
}

/** An interrupted run going on: its folder and what it recorded so far (drawn and coached as before). */
export interface SessionResume {
  /** Absolute run folder, sent as the start message's `resumeFrom`. */
  from: string;
  /** run.json as it was, for the start time and the best epoch so far. */
  info: RunInfo;
  history: EpochRecord[];
  events: RunEvent[];
}

/** A live or finished run owned by this window. */
export class TrainingSession extends Disposable {
  readonly run: LiveRun;
  private readonly updates = this.register(new vscode.EventEmitter<HostToPanel[]>());
  /** Panel messages caused by each trainer message, in order (epochs, event, info, findings); panels batch them. */
  readonly onDidUpdate = this.updates.event;
  private readonly findingsChanged = this.register(new vscode.EventEmitter<Finding[]>());
  /** The coach's findings changed (codes, ranges or fixes). */
  readonly onDidChangeFindings = this.findingsChanged.event;
  private readonly endedEmitter = this.register(new vscode.EventEmitter<void>());
  /** The trainer exited (after `done`, `error`, a stop or a crash). */
  readonly onDidEnd = this.endedEmitter.event;
  private readonly failedEmitter = this.register(new vscode.EventEmitter<Problem>());
  /** The trainer reported that the run could not start or failed, with where and what to do. */
  readonly onDidFail = this.failedEmitter.event;
  /** Resolves once the trainer process has exited. */
  readonly ended: Promise<void>;
  private lastFindingsJson = '[]';
  private lastFindingsShape = '[]';
  private stopping: Promise<void> | undefined;
  private coachBroken = false;
  private lastFindingsAt = 0;
  private pendingLog: string[] = [];
  private readonly logThrottle = new Throttle(() => this.writeLog(), LOG_FLUSH_MS);

  constructor(
    readonly target: SessionTarget,
    private readonly options: SessionOptions,
    private readonly trainer: TrainerHandle,
    private readonly output: vscode.LogOutputChannel,
    private readonly coach: RunCoach | undefined,
  ) {
    super();
    const spec = target.spec;
    this.run = new LiveRun({
      id: target.runId,
      specPath: target.specRelative,
      specName:
        spec.name ??
        target.specRelative
          .split('/')
          .pop()
          ?.replace(/\.fitwatch\.json$/i, ''),
      totalEpochs: spec.fit.epochs,
      startedAt: new Date(),
    });
    if (options.resume) this.seed(options.resume);
    this.register(trainer);
    this.register(trainer.onMessage((m) => this.onTrainerMessage(m)));
    this.ended = trainer.exited.then(
      (exit) => this.onExit(exit),
      (e: unknown) => this.onExit({ code: null, signal: errorMessage(e) }),
    );
  }

  /** Whether the trainer is attached. */
  get live(): boolean {
    return this.run.live;
  }

  /** Writes log lines in batches: one output-channel append per flush instead of one per epoch. */
  private log(lines: string[]): void {
    if (lines.length === 0) return;
    this.pendingLog.push(...lines);
    this.logThrottle.request();
  }

  private flushLog(): void {
    this.logThrottle.cancel();
    this.writeLog();
  }

  private writeLog(): void {
    if (this.pendingLog.length === 0) return;
    this.output.info(this.pendingLog.join('\n'));
    this.pendingLog = [];
  }

  /** Sends the start message to the (already forked) trainer and logs where the run goes. */
  start(): void {
    const t = this.target;
    this.log([runStartedLine(t.runId, t.runDirRelative, t.specRelative)]);
    this.flushLog();
    this.trainer.start({
      spec: t.spec,
      specFile: t.specUri.fsPath,
      workspaceRoot: t.workspaceRoot,
      runDir: t.runDir,
      runId: t.runId,
      backend: this.options.backend,
      engine: this.options.engine,
      ...(this.options.python ? { python: this.options.python } : {}),
      ...(this.options.threads ? { threads: this.options.threads } : {}),
      healthEvery: this.options.healthEvery,
      ...(this.options.resume ? { resumeFrom: this.options.resume.from } : {}),
    });
  }

  /** A resumed run starts with what it recorded before: the panel draws it, the coach has read it. */
  private seed(r: SessionResume): void {
    const run = this.run;
    run.history.push(...r.history);
    run.events.push(...r.events);
    Object.assign(run.info, {
      startedAt: r.info.startedAt,
      epochs: r.history.length,
      bestEpoch: r.info.bestEpoch,
      bestValue: r.info.bestValue,
      monitor: r.info.monitor ?? run.info.monitor,
    });
    const lr = r.history[r.history.length - 1]?.logs.learning_rate;
    if (lr !== undefined) run.learningRate = lr;
    try {
      for (const rec of r.history) this.coach?.update(rec);
    } catch (e) {
      this.coachBroken = true;
      this.log([`Coach stopped for run ${this.target.runId}: ${errorMessage(e)}`]);
    }
  }

  /** Stops gracefully (the trainer finishes its batch and saves), killing it after the timeout. */
  stop(): Promise<void> {
    if (!this.run.live) return Promise.resolve();
    this.stopping ??= this.trainer.stop(this.options.stopTimeoutMs).then(() => this.ended);
    return this.stopping;
  }

  /**
   * Multiplies the current learning rate by `factor` from the next batch on.
   * Returns the new rate, or undefined when the run is not live.
   */
  reduceLearningRate(factor: number): { from: number; to: number } | undefined {
    if (!this.run.live) return undefined;
    const from = this.run.learningRate ?? this.target.spec.compile.optimizer.learningRate;
    const to = from * factor;
    this.trainer.setLearningRate(to);
    this.run.learningRate = to;
    return { from, to };
  }

  private onTrainerMessage(msg: TrainerToHost): void {
    // Per-epoch lines are debug level (Output ▸ Fitwatch ▸ Set Log Level… ▸ Debug shows them): a
    // 1000-epoch run would otherwise bury the lines that matter (backend, data, findings, end).
    if (msg.type === 'epoch') {
      if (this.output.logLevel <= vscode.LogLevel.Debug) for (const line of trainerLogLines(msg, this.target.runId)) this.output.debug(line);
    } else this.log(trainerLogLines(msg, this.target.runId));
    if (msg.type !== 'epoch' && msg.type !== 'event') this.flushLog();
    const out = this.run.apply(msg);
    const f = this.runCoach(msg);
    if (f) out.push(f);
    if (out.length) this.updates.fire(out);
    if (msg.type === 'error') this.failedEmitter.fire(msg.problem);
  }

  /** Feeds the coach; returns a findings message only when the findings changed. */
  private runCoach(msg: TrainerToHost): HostToPanel | undefined {
    const coach = this.coach;
    if (!coach || this.coachBroken) return undefined;
    let findings: Finding[];
    try {
      if (msg.type === 'dataset') coach.setDataset(msg.summary);
      else if (msg.type === 'epoch') coach.update(msg.record);
      else if (msg.type === 'health') coach.health(msg);
      else if (msg.type !== 'done') return undefined;
      // Feeding is O(window) per epoch; asking for findings costs more (fix replays), so a fast
      // run asks at most every FINDINGS_MS, and always at the end.
      const now = Date.now();
      if (msg.type === 'epoch' && this.run.history.length > 1 && now - this.lastFindingsAt < FINDINGS_MS) return undefined;
      this.lastFindingsAt = now;
      findings = coach.findings(msg.type === 'done');
    } catch (e) {
      this.coachBroken = true;
      // A coach bug must not take the run down: say so once in the log and train on without advice.
      this.log([`Coach stopped for run ${this.target.runId}: ${errorMessage(e)}`]);
      return undefined;
    }
    // The panel gets every change (epoch ranges grow while a regime lasts); diagnostics and
    // notifications only a change of which findings and fixes there are.
    const full = JSON.stringify(findings);
    if (full === this.lastFindingsJson) return undefined;
    this.lastFindingsJson = full;
    const shape = JSON.stringify(findings.map((f) => [f.code, f.severity, f.specPath, f.fixes.map((x) => [x.title, x.specEdits])]));
    const panelMessage = this.run.setFindings(findings);
    if (shape !== this.lastFindingsShape) {
      this.lastFindingsShape = shape;
      this.findingsChanged.fire(findings);
    }
    return panelMessage;
  }

  private onExit(exit: TrainerExit): void {
    const out = this.run.markExited(exit.code, exit.signal);
    if (out.length) {
      const log = this.trainer.stderr.trim();
      this.log([`Run ${this.target.runId}: ${this.run.info.error ?? 'trainer exited'}`, ...(log ? log.split('\n').slice(-20) : [])]);
      this.failedEmitter.fire({
        severity: 'error',
        code: 'trainer/crashed',
        message: this.run.info.error ?? 'The trainer process exited unexpectedly.',
        fix: 'The Fitwatch output channel has the trainer log; the partial run stays in .fitwatch/runs.',
      });
      this.updates.fire(out);
    }
    this.flushLog();
    this.endedEmitter.fire();
  }

  /** Flushes the log and kills the trainer if it still runs. */
  override dispose(): void {
    this.flushLog();
    super.dispose();
  }
}
