/**
 * The Keras runs of this window, by id: what the run repository serves to the panel for
 * `keras-…` ids, and what the bridge updates as logs are imported, tailed and linked.
 */
import type * as vscode from 'vscode';
import type { RunView } from '../../shared/protocol/panel';
import type { IDisposable } from '../dispose';
import type { KerasRun } from './run-state';

/** One Keras run with the script it is tied to and the tail feeding it. */
export interface KerasRunEntry {
  run: KerasRun;
  /** The log file, when the epochs came from one (not from the clipboard). */
  logUri?: vscode.Uri;
  /** The Python script that wrote the log, once known. */
  script?: vscode.Uri;
  /** The CSVLogger tail while the run is watched. */
  tail?: IDisposable;
}

/** Keras runs held in memory (they have no run folder; re-importing the log brings one back). */
export class KerasRunStore {
  private readonly entries = new Map<string, KerasRunEntry>();

  /** Whether `runId` is a Keras run of this window. */
  has(runId: string): boolean {
    return this.entries.has(runId);
  }

  /** The entry of a Keras run. */
  get(runId: string): KerasRunEntry | undefined {
    return this.entries.get(runId);
  }

  /** Adds or replaces a run (re-importing a log replaces its earlier import; its tail is stopped). */
  set(entry: KerasRunEntry): void {
    const old = this.entries.get(entry.run.info.id);
    if (old && old !== entry) old.tail?.dispose();
    this.entries.set(entry.run.info.id, entry);
  }

  /** The run as the panel draws it. */
  view(runId: string): RunView | undefined {
    return this.entries.get(runId)?.run.view();
  }

  /** Every entry, oldest first. */
  all(): KerasRunEntry[] {
    return [...this.entries.values()];
  }

  /** The runs tied to a script. */
  forScript(uri: vscode.Uri): KerasRunEntry[] {
    const key = uri.toString();
    return this.all().filter((e) => e.script?.toString() === key);
  }

  /** Stops every tail. */
  dispose(): void {
    for (const e of this.entries.values()) e.tail?.dispose();
    this.entries.clear();
  }
}
