/**
 * Keras runs as a run source: the panel's views and buttons for `keras-…` ids go to the bridge,
 * which answers in Keras terms (a fix edits the script, Train again trains the script in Fitwatch).
 */
import type { RunChoice, RunView } from '../../shared/protocol/panel';
import { KERAS_RUN_PREFIX } from '../../keras/run-id';
import type { RunSource } from '../runs/run-source';
import type { KerasBridge } from './bridge';
import type { KerasRunStore } from './run-store';

/** The Keras logs (imported or watched) of this window. */
export class KerasRunSource implements RunSource {
  readonly idPrefix = KERAS_RUN_PREFIX;
  readonly onDidChangeRun;

  constructor(
    private readonly bridge: KerasBridge,
    private readonly store: KerasRunStore,
  ) {
    this.onDidChangeRun = bridge.onDidChangeRun;
  }

  /** The fits of scripts run by "Run with Fitwatch" that train now (Stop and Reduce LR reach them). */
  liveRunIds(): string[] {
    return this.store
      .all()
      .filter((e) => e.control !== undefined)
      .map((e) => e.run.info.id);
  }

  /** A Keras run from memory. */
  async view(runId: string): Promise<RunView | undefined> {
    return this.store.view(runId);
  }

  /** A Keras run has no runs of the same spec to compare with. */
  async choices(): Promise<RunChoice[]> {
    return [];
  }

  /** Stops watching the log. */
  async stop(runId: string): Promise<void> {
    await this.bridge.stopWatching(runId);
  }

  /** Fitwatch cannot reach into the Python process: says what works instead. */
  async reduceLr(runId: string): Promise<void> {
    this.bridge.explainReduceLr(runId);
  }

  /** The fix as an edit of the linked script. */
  applyFix(runId: string, code: string, fixIndex: number): Promise<void> {
    return this.bridge.applyFix(runId, code, fixIndex);
  }

  /** Trains the linked script in Fitwatch, overlaying the Keras curves. */
  trainAgain(runId: string): Promise<void> {
    return this.bridge.trainAgain(runId);
  }

  /** Reads a remembered log file again after a reload. */
  restore(runId: string): Promise<boolean> {
    return this.bridge.restore(runId);
  }
}
