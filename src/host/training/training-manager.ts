/**
 * The runs of this window: starts sessions, keeps them by run id (live ones, plus the last
 * few finished ones so their panel snapshot comes from memory), and stops them all on
 * shutdown. Several specs may train at once.
 */
import * as vscode from 'vscode';
import type { HostToPanel } from '../../shared/protocol/panel';
import { Disposable } from '../dispose';
import { TrainingSession, type CoachFactory, type SessionOptions, type SessionTarget, type TrainerHandle } from './training-session';

/** Finished sessions kept in memory; older ones are read back from disk when needed. */
const KEEP_FINISHED = 10;

/** A batch of panel messages from one run. */
export interface RunUpdate {
  session: TrainingSession;
  messages: HostToPanel[];
}

/** Owns every TrainingSession of the window. */
export class TrainingManager extends Disposable {
  private readonly sessions = new Map<string, TrainingSession>();
  private readonly startedEmitter = this.register(new vscode.EventEmitter<TrainingSession>());
  /** A run started (its trainer was forked and sent `start`). */
  readonly onDidStart = this.startedEmitter.event;
  private readonly liveEmitter = this.register(new vscode.EventEmitter<void>());
  /** The set of live runs changed (one started or ended). */
  readonly onDidChangeLive = this.liveEmitter.event;
  private readonly updateEmitter = this.register(new vscode.EventEmitter<RunUpdate>());
  /** A run produced panel messages. */
  readonly onDidUpdate = this.updateEmitter.event;

  constructor(
    private readonly createTrainer: () => TrainerHandle,
    private readonly output: vscode.OutputChannel,
    private readonly createCoach: CoachFactory,
  ) {
    super();
  }

  /** Forks a trainer for `target` and starts it. */
  start(target: SessionTarget, options: SessionOptions): TrainingSession {
    const session = new TrainingSession(target, options, this.createTrainer(), this.output, this.createCoach(target.spec, target.specText));
    this.sessions.set(target.runId, session);
    session.onDidUpdate((messages) => this.updateEmitter.fire({ session, messages }));
    session.onDidEnd(() => {
      this.liveEmitter.fire();
      this.forgetOldFinished();
    });
    session.start();
    this.startedEmitter.fire(session);
    this.liveEmitter.fire();
    return session;
  }

  /** A session of this window by run id (live, or recently finished). */
  get(runId: string): TrainingSession | undefined {
    return this.sessions.get(runId);
  }

  /** Every session this window still holds, oldest first. */
  all(): TrainingSession[] {
    return [...this.sessions.values()];
  }

  /** The live sessions, oldest first. */
  live(): TrainingSession[] {
    return [...this.sessions.values()].filter((s) => s.live);
  }

  /** The live session of a spec, if it is training. */
  liveForSpec(specUri: vscode.Uri): TrainingSession | undefined {
    const key = specUri.toString();
    return this.live().find((s) => s.target.specUri.toString() === key);
  }

  /** The newest session of a spec in this window, live or not. */
  latestForSpec(specUri: vscode.Uri): TrainingSession | undefined {
    const key = specUri.toString();
    let latest: TrainingSession | undefined;
    for (const s of this.sessions.values()) if (s.target.specUri.toString() === key) latest = s;
    return latest;
  }

  /** Stops every live run gracefully (each waits at most its stop timeout) and waits for the exits. */
  async stopAll(): Promise<void> {
    await Promise.allSettled(this.live().map((s) => s.stop()));
  }

  /** Kills whatever is still running; stop gracefully first with `stopAll`. */
  override dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    super.dispose();
  }

  private forgetOldFinished(): void {
    const finished = [...this.sessions.values()].filter((s) => !s.live);
    for (const s of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.sessions.delete(s.target.runId);
      s.dispose();
    }
  }
}
