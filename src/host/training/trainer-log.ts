/**
 * The output-channel lines of a run, Keras-style (`Epoch 83/1000 - 0s - loss: …`), so a
 * user who knows `model.fit(verbose=2)` reads the log without learning a new format. The
 * lines are the CLI's (src/shared/trainer-text.ts); only the run id is added here. Pure.
 */
import { formatProblem } from '../../shared/location';
import { formatKerasEpochLine } from '../../shared/metrics';
import type { TrainerToHost } from '../../shared/protocol/trainer';
import { datasetLine, doneText, readyLine } from '../../shared/trainer-text';

/** The line announcing a run; the e2e tests read the run id from it. */
export function runStartedLine(runId: string, runDirRelative: string, specRelative: string): string {
  return `Run ${runId} started in ${runDirRelative} (spec ${specRelative})`;
}

/** The log lines for one trainer message (none for health reports). */
export function trainerLogLines(msg: TrainerToHost, runId: string): string[] {
  switch (msg.type) {
    case 'ready':
      return [readyLine(msg)];
    case 'dataset':
      return [datasetLine(msg.summary, msg.parameters), ...msg.summary.warnings.map((w) => `  ${formatProblem(w)}`)];
    case 'epoch':
      return [formatKerasEpochLine(msg.record, msg.totalEpochs)];
    case 'event':
      return [`  ↳ ${msg.event.message}`];
    case 'health':
      return [];
    case 'done':
      return [`Run ${runId} ${doneText(msg)}.`];
    case 'error':
      return [`Run ${runId} failed: ${formatProblem(msg.problem)}`];
    case 'warning':
      return [formatProblem(msg.problem)];
  }
}
