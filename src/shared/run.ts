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
  /** streamMs: time the training loop spent sending epoch/event messages and writing run files (the streaming overhead). */
  timings?: { loadMs?: number; firstEpochMs?: number; elapsedMs?: number; meanEpochMs?: number; streamMs?: number };
  dataset?: Pick<DatasetSummary, 'source' | 'rows' | 'features' | 'task' | 'trainRows' | 'valRows'>;
  error?: string;
  /** The seed the run used (`fit.seed`, or the one drawn when unset), so it can be repeated. */
  seed?: number;
  /** Set when the run is a `model.fit` of the user's own Keras script (`fitwatch run`), not a spec. */
  source?: KerasScriptSource;
}

/** A run recorded from the user's unmodified Keras script: which script, which fit call, which Python. */
export interface KerasScriptSource {
  kind: 'keras-script';
  /** Workspace-relative path of the script (absolute when outside the workspace). */
  script: string;
  /** The script's arguments after `--`. */
  args: string[];
  /** The interpreter that ran it, as resolved by Python (`sys.executable`). */
  python: string;
  /** e.g. `Keras 3.15.1 (tensorflow backend)`. */
  keras: string;
  /** 1-based: the script's n-th `fit` call. */
  fitIndex: number;
  /** The `fit` call's line in the script, 1-based. */
  fitLine?: number;
  /** The run of the previous / next `fit` call of the same script run: two fits are two linked runs. */
  previousRunId?: string;
  nextRunId?: string;
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
  /** A copy of the Keras script as it was when `fitwatch run` started it. */
  script: 'script.py',
  /** Commands to a running Keras script (`{"command":"stop"}` …), one JSON object a line. */
  control: 'control.jsonl',
} as const;
