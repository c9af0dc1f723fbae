/**
 * What this window knew when it went away. A window reload (or close) ends the extension host
 * and with it every live trainer; the trainer can only say "my host went away". So the window
 * keeps a list of the runs it is training (written when one starts, dropped when it ends on its
 * own), and on shutdown adds the epoch each had reached. A run still on the list after a reload
 * was left behind by the window: the restored panel says so and offers Resume. The list is
 * written while all is well, not only in the last moments of a shutdown that may not finish.
 */
import type * as vscode from 'vscode';
import type { IDisposable } from '../dispose';

/** The part of a training session this follows. */
export interface FollowedSession {
  readonly target: { runId: string };
  readonly run: { info: { epochs: number; totalEpochs: number } };
  onDidEnd(listener: () => void): IDisposable;
}

/** workspaceState key of the list. */
export const WINDOW_INTERRUPTIONS_KEY = 'fitwatch.windowInterruptions';
/** Most runs remembered (newest first). */
const MAX_REMEMBERED = 20;

/** One run that was live when the window went away. */
export interface WindowInterruption {
  runId: string;
  /** Epochs completed when the window went away. */
  epochs: number;
  totalEpochs: number;
  /** ISO time of the shutdown. */
  at: string;
}

function isInterruption(v: unknown): v is WindowInterruption {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.runId === 'string' && typeof r.epochs === 'number' && typeof r.totalEpochs === 'number' && typeof r.at === 'string';
}

/** The window's records of runs it left behind, in a workspace memento. */
export class WindowInterruptions {
  /** Set on shutdown: the runs' ends from then on are the window going away, not the runs finishing. */
  private shuttingDown = false;
  /** Memento writes in order (an end must not overtake its start). */
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly memento: Pick<vscode.Memento, 'get' | 'update'>) {}

  /** Puts a starting run on the list and takes it off when it ends on its own. */
  follow(session: FollowedSession): void {
    const runId = session.target.runId;
    this.queue(() => this.upsert({ runId, epochs: session.run.info.epochs, totalEpochs: session.run.info.totalEpochs, at: new Date().toISOString() }));
    session.onDidEnd(() => {
      if (!this.shuttingDown) this.queue(() => this.forget(runId));
    });
  }

  /** Every record, newest first; anything malformed in the store is skipped. */
  all(): WindowInterruption[] {
    const raw = this.memento.get<unknown>(WINDOW_INTERRUPTIONS_KEY);
    return Array.isArray(raw) ? raw.filter(isInterruption) : [];
  }

  /** The record of `runId`, if the window went away while it trained. */
  find(runId: string): WindowInterruption | undefined {
    return this.all().find((r) => r.runId === runId);
  }

  /** Writes down the epoch each live run reached (first thing on shutdown, before they are stopped). */
  async record(live: readonly { runId: string; epochs: number; totalEpochs: number }[], now = new Date()): Promise<void> {
    this.shuttingDown = true;
    await this.writes;
    if (live.length === 0) return;
    const ids = new Set(live.map((r) => r.runId));
    const fresh = live.map((r) => ({ runId: r.runId, epochs: r.epochs, totalEpochs: r.totalEpochs, at: now.toISOString() }));
    await this.memento.update(WINDOW_INTERRUPTIONS_KEY, [...fresh, ...this.all().filter((r) => !ids.has(r.runId))].slice(0, MAX_REMEMBERED));
  }

  private queue(write: () => Promise<void>): void {
    this.writes = this.writes.then(write, write);
  }

  private async upsert(entry: WindowInterruption): Promise<void> {
    await this.memento.update(WINDOW_INTERRUPTIONS_KEY, [entry, ...this.all().filter((r) => r.runId !== entry.runId)].slice(0, MAX_REMEMBERED));
  }

  /** Forgets `runId` (it ended on its own, or was resumed: the next interruption is a new story). */
  async forget(runId: string): Promise<void> {
    const all = this.all();
    if (all.some((r) => r.runId === runId))
      await this.memento.update(
        WINDOW_INTERRUPTIONS_KEY,
        all.filter((r) => r.runId !== runId),
      );
  }
}

/** The sentence the panel shows for a run the window left behind; `epochsOnDisk` when the shutdown could not say. */
export function windowInterruptionText(r: WindowInterruption, epochsOnDisk: number): string {
  const epochs = Math.max(r.epochs, epochsOnDisk);
  return `The window was reloaded or closed (or its extension host stopped) while this run trained, after ${epochs} of ${r.totalEpochs} epochs; the trainer ended with the window.`;
}
