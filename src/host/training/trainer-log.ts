/**
 * The output-channel lines of a run, Keras-style (`Epoch 83/1000 - 0s - loss: …`), so a
 * user who knows `model.fit(verbose=2)` reads the log without learning a new format. Pure.
 */
import type { DatasetSummary } from '../../shared/dataset';
import { formatProblem } from '../../shared/location';
import { formatKerasEpochLine } from '../../shared/metrics';
import type { TrainerToHost } from '../../shared/protocol/trainer';
import { formatEta, formatMetric } from './status-text';

/** The line announcing a run; the e2e tests read the run id from it. */
export function runStartedLine(runId: string, runDirRelative: string, specRelative: string): string {
  return `Run ${runId} started in ${runDirRelative} (spec ${specRelative})`;
}

/** One line describing a loaded dataset and the model size. */
export function datasetLine(s: DatasetSummary, parameters: number): string {
  const classes = s.classes?.length ? ` (${s.classes.length} classes)` : '';
  return `Dataset ${s.source}: ${s.rows} rows × ${s.features} features, ${s.task}${classes}, ${s.trainRows} train / ${s.valRows} validation, normalize ${s.normalize}, loaded in ${Math.round(s.loadMs)} ms; model has ${parameters} trainable parameters.`;
}

/** The log lines for one trainer message (none for health reports). */
export function trainerLogLines(msg: TrainerToHost, runId: string): string[] {
  switch (msg.type) {
    case 'ready':
      return [`Backend ${msg.backend}, engine ${msg.engine}${msg.fallbackReason ? ` (${msg.fallbackReason})` : ''}.`];
    case 'dataset':
      return [datasetLine(msg.summary, msg.parameters), ...msg.summary.warnings.map((w) => `  ${formatProblem(w)}`)];
    case 'epoch':
      return [formatKerasEpochLine(msg.record, msg.totalEpochs)];
    case 'event':
      return [`  ↳ ${msg.event.message}`];
    case 'health':
      return [];
    case 'done': {
      const best = msg.bestValue !== undefined && msg.bestEpoch !== undefined ? `; best ${msg.monitor} ${formatMetric(msg.bestValue)} at epoch ${msg.bestEpoch + 1}` : '';
      return [`Run ${runId} ${doneWords(msg.reason)} after ${msg.epochs} epochs in ${formatEta(msg.elapsedMs)}${best}.`];
    }
    case 'error':
      return [`Run ${runId} failed: ${formatProblem(msg.problem)}`];
    case 'warning':
      return [formatProblem(msg.problem)];
  }
}

function doneWords(reason: 'completed' | 'earlyStopped' | 'stopped' | 'diverged'): string {
  return reason === 'earlyStopped' ? 'stopped early' : reason === 'stopped' ? 'was stopped' : reason;
}
