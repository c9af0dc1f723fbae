/**
 * Fitwatch's own runs as a run source: live sessions of this window from memory, every other
 * run from `.fitwatch/runs/<id>/`; fixes go to the spec, Train again trains the spec.
 */
import type * as vscode from 'vscode';
import type { RunChoice, RunView } from '../../shared/protocol/panel';
import type { RunInfo } from '../../shared/run';
import type { RunRepository } from '../runs/run-repository';
import type { RunSource } from '../runs/run-source';
import type { FixFlow, TrainAndCompare } from '../spec-editor/fix-flow';
import { reduceLearningRate } from './reduce-lr';
import type { TrainingManager } from './training-manager';

/** The default source: every run id without another source's prefix. */
export class FitwatchRunSource implements RunSource {
  readonly idPrefix = '';

  constructor(
    private readonly repo: RunRepository,
    private readonly manager: TrainingManager,
    private readonly fixFlow: FixFlow,
    private readonly trainAndCompare: TrainAndCompare,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** From memory while this window owns the run, else from disk. */
  view(runId: string): Promise<RunView | undefined> {
    return this.repo.view(runId);
  }

  /** Other runs of the same spec. */
  choices(info: RunInfo): Promise<RunChoice[]> {
    return this.repo.choices(info);
  }

  /** Stops a live run of this window (a run of another process is not ours to stop). */
  async stop(runId: string): Promise<void> {
    await this.manager.get(runId)?.stop();
  }

  /** Lowers the learning rate of a live run by the configured factor. */
  async reduceLr(runId: string): Promise<void> {
    reduceLearningRate(this.manager.get(runId), this.output);
  }

  /** Applies the fix to the spec the run trained, then offers to train again. */
  async applyFix(runId: string, code: string, fixIndex: number): Promise<void> {
    const fix = (await this.repo.view(runId))?.findings.find((f) => f.code === code)?.fixes[fixIndex];
    const specUri = await this.repo.specUriOf(runId);
    if (!fix) throw new Error(`The finding "${code}" of run ${runId} has no fix #${fixIndex + 1} any more; the coach may have closed it.`);
    if (!specUri) throw new Error(`The spec of run ${runId} is no longer in the workspace, so the fix has nowhere to go.`);
    await this.fixFlow.apply(specUri, runId, fix);
  }

  /** Trains the run's spec again, overlaying the run. */
  async trainAgain(runId: string): Promise<void> {
    const specUri = await this.repo.specUriOf(runId);
    if (!specUri) throw new Error(`The spec of run ${runId} is no longer in the workspace.`);
    await this.trainAndCompare(specUri, [runId]);
  }

  /** Fitwatch runs live on disk: there is nothing to bring back after a reload. */
  async restore(): Promise<boolean> {
    return false;
  }
}
