/**
 * The channel between a user's Keras script and Fitwatch (`fitwatch run`, "Run with Fitwatch"):
 * the JSON lines python/fitwatch_keras/session.py writes, validated here, and the control
 * commands Fitwatch appends to `control.jsonl` in the run folder. Pure.
 */
import type { EpochLogs } from '../shared/metrics';
import { parseRunEvent, type RunEvent } from '../shared/protocol/trainer';
import { RUN_FILES } from '../shared/run';

/** Where in the script a `fit` call is. */
export interface ScriptCall {
  file: string;
  line: number;
}

/** A `Model.fit` call started: a new run. */
export interface FitBeginMessage {
  type: 'fitBegin';
  /** 1-based count of fit calls in the process. */
  index: number;
  runId: string;
  epochs: number;
  /** Batches per epoch, when Keras knows it. */
  steps?: number;
  /** fit's `verbose` (auto → 1): 0 means the script prints no epoch lines itself. */
  verbose: number;
  batchSize?: number;
  validationSplit: number;
  hasValidationData: boolean;
  initialEpoch: number;
  optimizer?: string;
  learningRate?: number;
  parameters?: number;
  /** e.g. `Keras 3.15.1 (tensorflow backend)`. */
  keras: string;
  call?: ScriptCall;
}

/** Progress inside a long epoch (at most every half second). */
export interface BatchMessage {
  type: 'batch';
  index: number;
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  steps?: number;
  /** Keras' running averages over the epoch so far. */
  logs: EpochLogs;
}

/** One finished epoch, logs as Keras reported them (key spellings not yet normalised). */
export interface ScriptEpochMessage {
  type: 'epoch';
  index: number;
  epoch: number;
  logs: EpochLogs;
  durationMs: number;
}

/** Something notable: Fitwatch's Stop or learning-rate change, or a Keras callback's. */
export interface ScriptEventMessage {
  type: 'event';
  index: number;
  event: RunEvent;
}

/** The answer to a control command. */
export interface ControlReplyMessage {
  type: 'control';
  index: number;
  command: string;
  ok: boolean;
  message: string;
}

/** Why a fit ended. */
export type FitEndReason = 'completed' | 'stopped' | 'earlyStopped' | 'diverged';

/** A fit returned. */
export interface FitEndMessage {
  type: 'fitEnd';
  index: number;
  epochs: number;
  reason: FitEndReason;
}

/** A fit raised; the exception goes on to the script (and usually ends it). */
export interface FitErrorMessage {
  type: 'fitError';
  index: number;
  error: string;
  epochs: number;
}

/** Everything the script sends. */
export type ScriptMessage = FitBeginMessage | BatchMessage | ScriptEpochMessage | ScriptEventMessage | ControlReplyMessage | FitEndMessage | FitErrorMessage;

/** What Fitwatch appends to `control.jsonl`. */
export type ControlCommand = { command: 'stop' } | { command: 'setLr'; value: number } | { command: 'reduceLr'; factor: number };

/** The control file's name inside the run folder. */
export const CONTROL_FILE = RUN_FILES.control;

/** Fit 1 records into the run id chosen before the script starts; fit k > 1 into `<id>-fit<k>` (session.py uses the same rule). */
export function fitRunId(baseId: string, index: number): string {
  return index === 1 ? baseId : `${baseId}-fit${index}`;
}

/** Python sends NaN/Infinity as strings (JSON has neither). */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return undefined;
}

function logsOf(v: unknown): EpochLogs | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: EpochLogs = {};
  for (const [k, x] of Object.entries(v)) {
    const n = num(x);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

const END_REASONS: readonly FitEndReason[] = ['completed', 'stopped', 'earlyStopped', 'diverged'];

function callOf(v: unknown): ScriptCall | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, unknown>;
  return typeof c.file === 'string' && typeof c.line === 'number' ? { file: c.file, line: c.line } : undefined;
}

/** One channel line as a message, or undefined when it is not one (a line the channel must skip, never crash on). */
export function parseScriptMessage(line: string): ScriptMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const index = m.index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 1) return undefined;
  const opt = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  switch (m.type) {
    case 'fitBegin': {
      if (typeof m.runId !== 'string') return undefined;
      const msg: FitBeginMessage = {
        type: 'fitBegin',
        index,
        runId: m.runId,
        epochs: opt(m.epochs) ?? 1,
        verbose: opt(m.verbose) ?? 1,
        validationSplit: opt(m.validationSplit) ?? 0,
        hasValidationData: m.hasValidationData === true,
        initialEpoch: opt(m.initialEpoch) ?? 0,
        keras: typeof m.keras === 'string' ? m.keras : 'Keras',
      };
      const steps = opt(m.steps);
      if (steps !== undefined) msg.steps = steps;
      const batchSize = opt(m.batchSize);
      if (batchSize !== undefined) msg.batchSize = batchSize;
      if (typeof m.optimizer === 'string') msg.optimizer = m.optimizer;
      const lr = opt(m.learningRate);
      if (lr !== undefined) msg.learningRate = lr;
      const parameters = opt(m.parameters);
      if (parameters !== undefined) msg.parameters = parameters;
      const call = callOf(m.call);
      if (call) msg.call = call;
      return msg;
    }
    case 'batch': {
      const logs = logsOf(m.logs);
      if (typeof m.epoch !== 'number' || typeof m.batch !== 'number' || !logs) return undefined;
      const msg: BatchMessage = { type: 'batch', index, epoch: m.epoch, batch: m.batch, logs };
      const steps = opt(m.steps);
      if (steps !== undefined) msg.steps = steps;
      return msg;
    }
    case 'epoch': {
      const logs = logsOf(m.logs);
      if (typeof m.epoch !== 'number' || !logs) return undefined;
      return { type: 'epoch', index, epoch: m.epoch, logs, durationMs: opt(m.durationMs) ?? 0 };
    }
    case 'event': {
      const event = parseRunEvent(m.event);
      return event ? { type: 'event', index, event } : undefined;
    }
    case 'control':
      return typeof m.command === 'string' && typeof m.ok === 'boolean' && typeof m.message === 'string'
        ? { type: 'control', index, command: m.command, ok: m.ok, message: m.message }
        : undefined;
    case 'fitEnd':
      return END_REASONS.includes(m.reason as FitEndReason)
        ? { type: 'fitEnd', index, epochs: opt(m.epochs) ?? 0, reason: m.reason as FitEndReason }
        : undefined;
    case 'fitError':
      return typeof m.error === 'string' ? { type: 'fitError', index, error: m.error, epochs: opt(m.epochs) ?? 0 } : undefined;
    default:
      return undefined;
  }
}
