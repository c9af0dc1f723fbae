/**
 * The trainer channel: messages between a host (extension host or CLI) and the forked
 * trainer process, over Node's IPC (`process.send`). One union per direction.
 */
import type { Direction } from '../callbacks/monitor';
import type { DatasetSummary } from '../dataset';
import type { Problem } from '../location';
import type { EpochRecord } from '../metrics';
import type { BackendChoice, EngineChoice, FitwatchSpec } from '../spec';

/** Bump when a message changes shape, so a stale trainer bundle is refused, not misread. */
export const TRAINER_PROTOCOL_VERSION = 2;

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
  /** The Python of the Keras engine (command or absolute path); default FITWATCH_PYTHON, else python3. */
  python?: string;
  /**
   * Most threads the fast engine splits a wide layer's batch over, its own included
   * (`fitwatch.maxThreads`, CLI `--threads`); default one fewer than the cores, at least 1.
   */
  threads?: number;
  /** Report gradient health every N epochs (0 = never). */
  healthEvery: number;
  /**
   * Absolute path of an interrupted run folder to continue from its checkpoint (`fitwatch train
   * --resume`). Then `runDir` must be that folder and `runId` its id; `spec` is the run's own
   * snapshot (spec.fitwatch.json in the folder). The run goes on in the same folder.
   */
  resumeFrom?: string;
  /**
   * Set when `spec` was generated from a bare data file after a peek at its first rows: the
   * trainer settles the task and output layer from every label (it regenerates the spec's head
   * with these options) before training. The `dataset` message then carries the real task.
   */
  generated?: GeneratedSpecSource;
}

/** What `generateSpecText` needs besides the task, for a spec the CLI generated from a data file. */
export interface GeneratedSpecSource {
  dataPath: string;
  labelsPath?: string;
  name?: string;
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
  /** tfjs' backend, `js` for the fast engine's JS kernels, or the Keras engine's Keras backend. */
  backend: 'tensorflow' | 'wasm' | 'cpu' | 'js' | 'jax' | 'torch' | 'numpy';
  engine: 'tfjs' | 'fast' | 'keras';
  /** Why the backend/engine is not the first choice (e.g. "tfjs-node is not installed"). */
  fallbackReason?: string;
  versions: Record<string, string>;
  /** The quantity "best" is judged by (the callbacks' monitor, else val_loss with validation, else loss): the host never guesses it. */
  monitor: string;
  /** Whether lower or higher `monitor` is better, by Keras' rule (src/shared/callbacks/monitor.ts). */
  direction: Direction;
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

/** The numbers behind each kind of notable moment, by kind (the same names in events.jsonl). */
export interface RunEventData {
  /** ReduceLROnPlateau lowered the rate (Fitwatch's callback or the Keras script's). */
  lrReduced: { oldLr: number; newLr: number; monitor?: string; best?: number };
  /** The user set the rate (Reduce LR in the panel or the palette). */
  lrSet: { oldLr: number; newLr: number };
  /** EarlyStopping ended the run. */
  earlyStop: { monitor: string; patience: number; bestEpoch: number; best?: number };
  /** The monitored value improved. */
  newBest: { monitor: string; value: number; previous?: number };
  /** The best epoch's weights were put back at the end. */
  restoredBest: { bestEpoch: number; best?: number };
  /** Stop was asked for. */
  stopRequested: Record<string, never>;
  /** The loss went NaN or infinite; `loss` is its text because JSON has no NaN. */
  diverged: { loss: string; learningRate: number };
  /** Training went on from a checkpoint. */
  resumed: { fromEpoch: number; learningRate: number };
}

/** Kinds of notable moments in a run. */
export type RunEventKind = keyof RunEventData;

/** One notable moment of kind `K`; `data` is absent when its source (a Keras log, an older file) had none. */
export interface RunEventOf<K extends RunEventKind> {
  kind: K;
  /** 0-based epoch it happened at. */
  epoch: number;
  message: string;
  data?: RunEventData[K];
}

/** trainer → host: something notable happened at an epoch (also appended to events.jsonl); narrowed by `kind`. */
export type RunEvent = { [K in RunEventKind]: RunEventOf<K> }[RunEventKind];

/** Whether `e` is of `kind`; a type guard, so it narrows inside find/filter callbacks too. */
export function isEventOf<K extends RunEventKind>(e: RunEvent, kind: K): e is Extract<RunEvent, { kind: K }> {
  return e.kind === kind;
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
export type TrainerToHost = ReadyMessage | DatasetMessage | EpochMessage | EventMessage | HealthMessage | DoneMessage | ErrorMessage | WarningMessage;

/** The per-epoch messages the trainer may coalesce: a fast run makes one every few milliseconds. */
export type StreamedMessage = EpochMessage | EventMessage | HealthMessage;

/**
 * trainer → host, on the wire only: streamed messages of one ~50 ms window, in order. Each IPC
 * send wakes the host process, and on a loaded 2-core machine that wake-up costs the trainer
 * more than the message; the client unrolls a batch, so listeners only ever see its messages.
 */
export interface BatchMessage {
  type: 'batch';
  messages: StreamedMessage[];
}

/** Everything the trainer writes to its IPC channel. */
export type TrainerWireMessage = TrainerToHost | BatchMessage;

/** The start message without the fields the client fills in. */
export type StartRequest = Omit<StartMessage, 'type' | 'protocol'>;

/** How the trainer process ended (`signal` is a Node signal name such as `SIGKILL`). */
export interface TrainerExit {
  code: number | null;
  signal: string | null;
}

/** A forked trainer as its owners (the editor host, the CLI, tools) drive it; `src/trainer/client.ts` implements it. */
export interface TrainerHandle {
  /** Sends `start` (the client adds type and protocol version). */
  start(request: StartRequest): void;
  /** Asks for a graceful stop; kills the process if it has not exited after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<TrainerExit>;
  /** Sets the learning rate from the next batch on. */
  setLearningRate(learningRate: number): void;
  /** Calls `listener` for every validated message until the result is disposed. */
  onMessage(listener: (msg: TrainerToHost) => void): { dispose(): void };
  /** Resolves once the process has exited. */
  readonly exited: Promise<TrainerExit>;
  /** The process's recent stderr/stdout, for explaining a crash. */
  readonly stderr: string;
  /** Kills the process. */
  dispose(): void;
}

// ---- runtime validation of trainer → host (the other side of a process boundary) ----

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';
const isStr = (v: unknown): v is string => typeof v === 'string';
const optNum = (v: unknown): boolean => v === undefined || isNum(v);
const BACKENDS: readonly string[] = ['tensorflow', 'wasm', 'cpu', 'js', 'jax', 'torch', 'numpy'];
const ENGINES: readonly string[] = ['tfjs', 'fast', 'keras'];
const DONE_REASONS: readonly string[] = ['completed', 'earlyStopped', 'stopped', 'diverged'];
/** Each kind's data fields and their types ('?' marks an optional one); a record over the union, so a new kind cannot be forgotten. */
const EVENT_FIELDS: { [K in RunEventKind]: Record<keyof RunEventData[K], 'number' | 'string' | 'number?' | 'string?'> } = {
  lrReduced: { oldLr: 'number', newLr: 'number', monitor: 'string?', best: 'number?' },
  lrSet: { oldLr: 'number', newLr: 'number' },
  earlyStop: { monitor: 'string', patience: 'number', bestEpoch: 'number', best: 'number?' },
  newBest: { monitor: 'string', value: 'number', previous: 'number?' },
  restoredBest: { bestEpoch: 'number', best: 'number?' },
  stopRequested: {},
  diverged: { loss: 'string', learningRate: 'number' },
  resumed: { fromEpoch: 'number', learningRate: 'number' },
};

/** The Keras runner's names for a rate change before they became oldLr/newLr (run folders written then). */
const LEGACY_LR_NAMES: Record<string, string> = { from: 'oldLr', to: 'newLr' };

/** `data` checked against its kind's fields: known fields only, NaN read back from JSON's null; undefined when a required one is missing or mistyped. */
function parseEventData(kind: RunEventKind, raw: Record<string, unknown>): Record<string, number | string> | undefined {
  const lr = kind === 'lrReduced' || kind === 'lrSet';
  const named: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(raw)) named[lr && LEGACY_LR_NAMES[k] && raw[LEGACY_LR_NAMES[k]] === undefined ? LEGACY_LR_NAMES[k] : k] = x;
  const out: Record<string, number | string> = {};
  for (const [field, type] of Object.entries(EVENT_FIELDS[kind]) as [string, string][]) {
    const x = named[field] === null && type.startsWith('number') ? NaN : named[field];
    if (x === undefined) {
      if (type.endsWith('?')) continue;
      return undefined;
    }
    if (typeof x !== type.replace('?', '')) return undefined;
    out[field] = x as number | string;
  }
  return out;
}

/**
 * A RunEvent from anything (IPC, events.jsonl, the Keras runner): undefined when it is not one;
 * its data is kept only when it matches its kind's fields, so readers never guess between names.
 */
export function parseRunEvent(v: unknown): RunEvent | undefined {
  if (!isObj(v) || !isStr(v.kind) || !Object.hasOwn(EVENT_FIELDS, v.kind) || !isNum(v.epoch) || !isStr(v.message)) return undefined;
  const kind = v.kind as RunEventKind;
  const data = isObj(v.data) ? parseEventData(kind, v.data) : undefined;
  return { kind, epoch: v.epoch, message: v.message, ...(data ? { data } : {}) } as RunEvent;
}

/** Epoch logs: numbers; IPC's JSON turns NaN/±Infinity into null, which is read back as NaN (a diverged value stays visible). */
function parseLogs(v: unknown): Record<string, number> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) out[k] = NaN;
    else if (isNum(x)) out[k] = x;
    else return undefined;
  }
  return out;
}

function isProblem(v: unknown): boolean {
  return isObj(v) && isStr(v.code) && isStr(v.message);
}

/** The message types a batch may carry. */
const STREAMED_TYPES: readonly string[] = ['epoch', 'event', 'health'] satisfies readonly StreamedMessage['type'][];

/**
 * The messages one wire message carries, in order: a batch unrolled, any other message on its
 * own; undefined when `raw` (or any message of a batch) is not one, so nothing is half-applied.
 */
export function parseTrainerWire(raw: unknown): TrainerToHost[] | undefined {
  if (!isObj(raw) || raw.type !== 'batch') {
    const single = parseTrainerToHost(raw);
    return single ? [single] : undefined;
  }
  if (!Array.isArray(raw.messages)) return undefined;
  const out: TrainerToHost[] = [];
  for (const item of raw.messages) {
    const msg = isObj(item) && STREAMED_TYPES.includes(String(item.type)) ? parseTrainerToHost(item) : undefined;
    if (!msg) return undefined;
    out.push(msg);
  }
  return out;
}

/**
 * The trainer → host message `raw` is, checked field by field; undefined when it is not one
 * (a different bundle version, a stray `process.send`): the caller logs and drops it.
 */
export function parseTrainerToHost(raw: unknown): TrainerToHost | undefined {
  if (!isObj(raw) || !isStr(raw.type)) return undefined;
  const m = raw;
  switch (m.type) {
    case 'ready':
      return isNum(m.protocol) &&
        isStr(m.backend) &&
        BACKENDS.includes(m.backend) &&
        isStr(m.engine) &&
        ENGINES.includes(m.engine) &&
        isObj(m.versions) &&
        isStr(m.monitor) &&
        (m.direction === 'min' || m.direction === 'max') &&
        (m.fallbackReason === undefined || isStr(m.fallbackReason))
        ? (m as unknown as ReadyMessage)
        : undefined;
    case 'dataset': {
      const s = m.summary;
      return isObj(s) &&
        isStr(s.source) &&
        isNum(s.rows) &&
        isNum(s.features) &&
        isNum(s.trainRows) &&
        isNum(s.valRows) &&
        Array.isArray(s.warnings) &&
        isNum(m.parameters)
        ? (m as unknown as DatasetMessage)
        : undefined;
    }
    case 'epoch': {
      const r = m.record;
      const logs = isObj(r) ? parseLogs(r.logs) : undefined;
      if (!isObj(r) || !logs || !isNum(r.epoch) || !Number.isInteger(r.epoch) || r.epoch < 0 || !isNum(r.durationMs) || !isNum(m.totalEpochs)) return undefined;
      return { type: 'epoch', record: { epoch: r.epoch, logs, durationMs: r.durationMs }, totalEpochs: m.totalEpochs };
    }
    case 'event': {
      const event = parseRunEvent(m.event);
      return event ? { type: 'event', event } : undefined;
    }
    case 'health':
      return isNum(m.epoch) && Array.isArray(m.layers) && m.layers.every((l) => isObj(l) && isStr(l.layer) && isNum(l.gradNorm) && isNum(l.weightNorm))
        ? (m as unknown as HealthMessage)
        : undefined;
    case 'done':
      return isStr(m.reason) &&
        DONE_REASONS.includes(m.reason) &&
        isNum(m.epochs) &&
        isStr(m.monitor) &&
        isNum(m.elapsedMs) &&
        optNum(m.bestEpoch) &&
        optNum(m.bestValue)
        ? (m as unknown as DoneMessage)
        : undefined;
    case 'error':
    case 'warning':
      return isProblem(m.problem) ? (m as unknown as ErrorMessage | WarningMessage) : undefined;
    default:
      return undefined;
  }
}
