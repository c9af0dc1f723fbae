import type { Direction } from './callbacks/monitor';
import type { DatasetSummary } from './dataset';
import type { DoneReason } from './protocol/trainer';

/** Status of a run on disk; `running` with no live process means it crashed or was killed. */
export type RunStatus = 'running' | DoneReason | 'failed';

/** `run.json`: the summary of one run folder `.fitwatch/runs/<id>/`. */
export interface RunInfo {
  id: string;
  /** Workspace-relative path of the spec it ran, if any. */
  specPath?: string;
  specName?: string;
  status: RunStatus;
  backend?: string;
  engine?: string;
  startedAt: string;
  endedAt?: string;
  epochs: number;
  totalEpochs: number;
  bestEpoch?: number;
  bestValue?: number;
  monitor?: string;
  /** Whether lower or higher `monitor` is better; the trainer (or the Keras log reader) decides, readers never guess. */
  direction?: Direction;
  /** streamMs: time the training loop spent sending epoch/event messages and writing run files (the streaming overhead). */
  timings?: { loadMs?: number; firstEpochMs?: number; elapsedMs?: number; meanEpochMs?: number; streamMs?: number };
  dataset?: Pick<DatasetSummary, 'source' | 'rows' | 'features' | 'task' | 'trainRows' | 'valRows'>;
  error?: string;
  /** The seed the run used (`fit.seed`, or the one drawn when unset), so it can be repeated. */
  seed?: number;
}

/** File names inside a run folder. */
export const RUN_FILES = {
  spec: 'spec.fitwatch.json',
  metrics: 'metrics.csv',
  events: 'events.jsonl',
  info: 'run.json',
  bestModel: 'model-best',
  finalModel: 'model-final',
  /** `epoch,duration_ms`: epoch wall times, kept out of metrics.csv so it stays in Keras CSVLogger format. */
  timings: 'timings.csv',
} as const;
