/**
 * The trainer channel: messages between a host (extension host or CLI) and the forked
 * trainer process, over Node's IPC (`process.send`). One union per direction.
 */
import type { DatasetSummary } from '../dataset';
import type { Problem } from '../location';
import type { EpochRecord } from '../metrics';
import type { BackendChoice, EngineChoice, FitwatchSpec } from '../spec';

/** Bump when a message changes shape, so a stale trainer bundle is refused, not misread. */
export const TRAINER_PROTOCOL_VERSION = 1;

/** host → trainer: begin a run. The host has already parsed the spec; the trainer never reads it. */
export interface StartMessage {
  type: 'start';
  protocol: number;
  spec: FitwatchSpec;
  /** Absolute path of the spec file (for error locations); undefined for `fitwatch train data.csv`. */
  specFile?: string;
  /** Absolute folder that workspace-relative data paths resolve against; data outside it is refused. */
  workspaceRoot: string;
  /** Absolute folder for this run (`.fitwatch/runs/<id>`); the trainer creates it. */
  runDir: string;
  runId: string;
  /** Overrides the spec's backend/engine (CLI `--backend`, settings). */
  backend?: BackendChoice;
  engine?: EngineChoice;
  /** Report gradient health every N epochs (0 = never). */
  healthEvery: number;
  /**
   * Absolute path of an interrupted run folder to continue from its checkpoint (`fitwatch train
   * --resume`). Then `runDir` must be that folder and `runId` its id; `spec` is the run's own
   * snapshot (spec.fitwatch.json in the folder). The run goes on in the same folder.
   */
  resumeFrom?: string;
}

/** host → trainer: stop gracefully (finish the batch, flush, save). */
export interface StopMessage {
  type: 'stop';
}

/** host → trainer: set the learning rate from the next batch on ("Reduce Learning Rate Now"). */
export interface SetLearningRateMessage {
  type: 'setLearningRate';
  learningRate: number;
}

/** Everything a host may send to the trainer. */
export type HostToTrainer = StartMessage | StopMessage | SetLearningRateMessage;

/** trainer → host: the engine is up; which backend ran and why any fallback happened. */
export interface ReadyMessage {
  type: 'ready';
  protocol: number;
  backend: 'tensorflow' | 'wasm' | 'cpu' | 'js';
  engine: 'tfjs' | 'fast';
  /** Why the backend/engine is not the first choice (e.g. "tfjs-node is not installed"). */
  fallbackReason?: string;
  versions: Record<string, string>;
}

/** trainer → host: the dataset is loaded. */
export interface DatasetMessage {
  type: 'dataset';
  summary: DatasetSummary;
  /** Trainable parameter count of the built model. */
  parameters: number;
}

/** trainer → host: one epoch finished; metrics.csv already has the row. */
export interface EpochMessage {
  type: 'epoch';
  record: EpochRecord;
  totalEpochs: number;
}

/** Kinds of notable moments in a run. */
export type RunEventKind = 'lrReduced' | 'lrSet' | 'earlyStop' | 'newBest' | 'restoredBest' | 'stopRequested' | 'diverged' | 'resumed';

/** trainer → host: something notable happened at an epoch (also appended to events.jsonl). */
export interface RunEvent {
  kind: RunEventKind;
  /** 0-based epoch it happened at. */
  epoch: number;
  message: string;
  /** Numbers behind it: old/new learning rate, best value, … */
  data?: Record<string, number | string>;
}

/** trainer → host: wraps a RunEvent. */
export interface EventMessage {
  type: 'event';
  event: RunEvent;
}

/** Per-layer gradient health on one batch. */
export interface LayerHealth {
  layer: string;
  gradNorm: number;
  weightNorm: number;
  /** Fraction of ReLU units that output 0 for every sample of the batch (ReLU layers only). */
  deadFraction?: number;
}

/** trainer → host: gradient health, every `healthEvery` epochs. */
export interface HealthMessage {
  type: 'health';
  epoch: number;
  layers: LayerHealth[];
}

/** Why a run ended. */
export type DoneReason = 'completed' | 'earlyStopped' | 'stopped' | 'diverged';

/** trainer → host: the run ended and run.json is written. */
export interface DoneMessage {
  type: 'done';
  reason: DoneReason;
  epochs: number;
  /** 0-based best epoch by `monitor`, if any epoch was recorded. */
  bestEpoch?: number;
  bestValue?: number;
  monitor: string;
  elapsedMs: number;
}

/** trainer → host: the run could not start or failed; `problem` says where and what to do. */
export interface ErrorMessage {
  type: 'error';
  problem: Problem;
}

/** trainer → host: a non-fatal problem worth showing (data warnings, backend fallback). */
export interface WarningMessage {
  type: 'warning';
  problem: Problem;
}

/** Everything the trainer may send to a host. */
export type TrainerToHost =
  | ReadyMessage
  | DatasetMessage
  | EpochMessage
  | EventMessage
  | HealthMessage
  | DoneMessage
  | ErrorMessage
  | WarningMessage;
