/**
 * The run repository, extended with the Keras runs held in memory, so the curves panel draws
 * a Keras log (and overlays it on a Fitwatch run) exactly as it draws a run from disk.
 */
import type { RunChoice, RunView } from '../../shared/protocol/panel';
import type { RunInfo } from '../../shared/run';
import type { KerasRunStore } from './run-store';
import { RunRepository, type FinishedRunCoach } from '../runs/run-repository';
import type { TrainingManager } from '../training/training-manager';

/** A RunRepository that also knows this window's Keras runs. */
export class KerasAwareRunRepository extends RunRepository {
  constructor(
    manager: TrainingManager,
    coach: FinishedRunCoach | undefined,
    private readonly keras: KerasRunStore,
  ) {
    super(manager, coach);
  }

  /** A Keras run from memory, else a Fitwatch run. */
  override async view(runId: string): Promise<RunView | undefined> {
    return this.keras.view(runId) ?? super.view(runId);
  }

  /** A Keras run has no runs of the same spec; a Fitwatch run's choices include nothing from Keras. */
  override async choices(info: RunInfo): Promise<RunChoice[]> {
    return this.keras.has(info.id) ? [] : super.choices(info);
  }
}
