/**
 * One kind of run the panel shows and acts on (Fitwatch training runs, Keras logs, later Keras
 * script runs), and the registry that routes each call to the source of the run id. Ids of
 * different sources never collide (a Keras id starts with `keras-`, a Fitwatch id with its
 * date), so the route is the id's prefix: nobody asks "is this yours?" at each call.
 */
import * as vscode from 'vscode';
import type { RunChoice, RunView } from '../../shared/protocol/panel';
import type { RunInfo } from '../../shared/run';
import { Disposable, toDisposable, type IDisposable } from '../dispose';

/** What the panel (and the commands) can ask of the runs of one source. */
export interface RunSource {
  /** The prefix of every run id of this source; '' for the default source (Fitwatch runs). */
  readonly idPrefix: string;
  /** Fires with a run id when that run's view changed outside a live epoch stream (re-diagnosed, new epochs of a tailed log). */
  readonly onDidChangeRun?: vscode.Event<string>;
  /** The run as the panel draws it, or undefined when it does not exist. */
  view(runId: string): Promise<RunView | undefined>;
  /** Other runs to offer for comparison with this one. */
  choices(info: RunInfo): Promise<RunChoice[]>;
  /** Stops the run (or the watching of it). */
  stop(runId: string): Promise<void>;
  /** Lowers the learning rate of a live run, or says why that is not possible for this source. */
  reduceLr(runId: string): Promise<void>;
  /** Applies fix #`fixIndex` of the finding `code` to what produced the run (spec or script). */
  applyFix(runId: string, code: string, fixIndex: number): Promise<void>;
  /** Trains the run's model again, overlaying the run. */
  trainAgain(runId: string): Promise<void>;
  /** After a window reload: brings back a run that lived only in memory; false if it cannot be. */
  restore(runId: string): Promise<boolean>;
  /** Runs of this source that train now outside the TrainingManager (a user's Keras script), which Stop and Reduce LR can reach. */
  liveRunIds?(): string[];
}

/** The registered sources; every call goes to the source whose prefix the run id has (longest wins). */
export class RunSources extends Disposable {
  private readonly sources: RunSource[] = [];
  private readonly changeEmitter = this.register(new vscode.EventEmitter<string>());
  /** Any source's run changed (see RunSource.onDidChangeRun). */
  readonly onDidChangeRun = this.changeEmitter.event;

  /** Adds a source; the caller owns the result, whose disposal removes it. */
  add(source: RunSource): IDisposable {
    this.sources.push(source);
    const sub = source.onDidChangeRun?.((id) => this.changeEmitter.fire(id));
    return toDisposable(() => {
      sub?.dispose();
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
    });
  }

  /** The source of `runId`; throws when none is registered for it (a wiring error, not a user error). */
  of(runId: string): RunSource {
    let best: RunSource | undefined;
    for (const s of this.sources) if (runId.startsWith(s.idPrefix) && (!best || s.idPrefix.length > best.idPrefix.length)) best = s;
    if (!best) throw new Error(`No run source is registered for run ${runId}.`);
    return best;
  }

  /** The run as the panel draws it, from its source. */
  view(runId: string): Promise<RunView | undefined> {
    return this.of(runId).view(runId);
  }

  /** Every source's live runs that the TrainingManager does not own (see RunSource.liveRunIds). */
  otherLiveRunIds(): string[] {
    return this.sources.flatMap((s) => s.liveRunIds?.() ?? []);
  }

  /** Comparison choices for a run, from its source. */
  choices(info: RunInfo): Promise<RunChoice[]> {
    return this.of(info.id).choices(info);
  }
}
