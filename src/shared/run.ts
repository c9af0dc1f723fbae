import type { Direction } from './callbacks/monitor';
import type { DatasetSummary } from './dataset';
import type { DoneReason } from './protocol/trainer';

/**
 * Status of a run on disk. `interrupted`: the run ended before its last epoch without finishing
 * (its host went away, a signal, a full disk) and can be resumed from its checkpoint; readers
 * also report a `running` run whose process is dead as `interrupted` (src/runs/liveness.ts).
 */
export type RunStatus = 'running' | DoneReason | 'failed' | 'interrupted';

/** One resume of a run: where it went on from and what had ended it. */
export interface RunResume {
  /** ISO time the resumed process started. */
  at: string;
  /** 0-based epoch the resumed run trained first (the checkpoint's epoch count). */
  fromEpoch: number;
  /** Status the run had on disk before (after the liveness check). */
  previousStatus: RunStatus;
  /** Why it had ended, when known. */
  reason?: string;
}

/** The resume checkpoint as run.json summarises it (the file itself: RUN_FILES.checkpoint). */
export interface RunCheckpointInfo {
  /** Completed epochs the checkpoint holds; a resume trains epoch `epochs` next. */
  epochs: number;
  bytes: number;
  /** Mean time to write one checkpoint, and how many were written. */
  meanWriteMs: number;
  writes: number;
}

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
  timings?: {
    loadMs?: number;
    firstEpochMs?: number;
    elapsedMs?: number;
    meanEpochMs?: number;
    streamMs?: number;
    checkpointMeanMs?: number;
    checkpoints?: number;
  };
  dataset?: Pick<DatasetSummary, 'source' | 'rows' | 'features' | 'task' | 'trainRows' | 'valRows'>;
  error?: string;
  /** The seed the run used (`fit.seed`, or the one drawn when unset), so it can be repeated. */
  seed?: number;
  /** Set when the run is a `model.fit` of the user's own Keras script (`fitwatch run`), not a spec. */
  source?: KerasScriptSource;
  /** The trainer's process id while it runs, with its start time (epoch ms) so a reused pid is not mistaken for it. */
  pid?: number;
  processStartMs?: number;
  /** The process that forked the trainer (extension host or CLI). */
  hostPid?: number;
  /** Why the run was interrupted (status `interrupted`), in words. */
  interruption?: string;
  /** Resumes of this run, oldest first; absent for a run that never resumed. */
  resumes?: RunResume[];
  checkpoint?: RunCheckpointInfo;
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

/** File names of a saved model, as `tf.loadLayersModel('file://…/model.json')` expects. */
export const MODEL_FILES = { json: 'model.json', weights: 'weights.bin' } as const;

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
  /** Resume state of the last checkpointed epoch (format: docs/runs.md). */
  checkpoint: 'checkpoint.bin',
} as const;
