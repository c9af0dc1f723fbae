/**
 * The Keras engine inside the trainer: the spec's prepared data and initial weights go into the
 * run folder beside the generated Keras 3 script, and the live Keras runner runs it in the
 * user's Python. Its epochs and events come back as the trainer's own messages into the trainer's
 * own run folder, so the host, the CLI, the panel, the coach, Stop and Reduce LR see a run like
 * any other. Node only; it never loads tfjs.
 */
import { dirname } from 'node:path';
import type { Dataset } from '../data/dataset';
import { resolveDirection, type Direction } from '../shared/callbacks/monitor';
import { FitwatchError } from '../shared/location';
import type { EpochRecord } from '../shared/metrics';
import { TRAINER_PROTOCOL_VERSION, type DoneReason, type ReadyMessage, type StartMessage, type StreamedMessage } from '../shared/protocol/trainer';
import type { RunStatus } from '../shared/run';
import { findHookDir, preflightPython, resolvePythonCommand, startKerasScript, type PythonInfo } from '../keras/live-runner-node';
import { noKerasProblem } from '../keras/run-problems';
import { buildPreprocessing, copyPreprocessingBesideModels, writePreprocessing } from '../runs/preprocessing';
import { datasetInfo } from './dataset-info';
import { parameterCount } from './init';
import { writeKerasEngineInputs } from './keras-engine-files';
import { saveKerasFinalModel } from './keras-model-files';
import { chooseMonitor } from './loop';
import type { RunWriter } from './run-writer';
import { StreamBatcher } from './stream-batcher';
import type { RunControl, Send } from './run-training';

/** The interpreter the Keras engine runs, checked. */
export interface KerasPython {
  command: string;
  info: PythonInfo;
}

/**
 * The Python of the run (start.python, else FITWATCH_PYTHON, else python3), checked to import
 * Keras 3's `keras` package. Throws a FitwatchError saying what to install or pick.
 */
export async function findKerasPython(explicit: string | undefined, cwd: string): Promise<KerasPython> {
  const command = resolvePythonCommand(explicit, process.env, cwd);
  const info = await preflightPython(command, process.env, cwd);
  // The generated script imports `keras` (Keras 3, or the Keras 2 that tf 2.x installs); tf_keras alone is not enough.
  if (!info.keras) throw new FitwatchError(noKerasProblem(command, info.executable, 'the Keras engine needs the keras package (Keras 3)'));
  return { command, info };
}

/** Keras' backend as the ready message names it, from the environment (Keras 3's default is TensorFlow). */
function kerasBackend(label?: string): ReadyMessage['backend'] {
  const said = /\((\w+) backend\)/.exec(label ?? '')?.[1] ?? process.env.KERAS_BACKEND ?? 'tensorflow';
  return said === 'jax' || said === 'torch' || said === 'numpy' ? said : 'tensorflow';
}

/** Best epoch by the run's monitor and direction. */
function bestOf(history: readonly EpochRecord[], monitor: string, direction: Direction): { bestEpoch?: number; bestValue?: number } {
  let best: EpochRecord | undefined;
  for (const r of history) {
    const v = r.logs[monitor];
    if (v === undefined || !Number.isFinite(v)) continue;
    const b = best?.logs[monitor];
    if (b === undefined || (direction === 'min' ? v < b : v > b)) best = r;
  }
  return best ? { bestEpoch: best.epoch, bestValue: best.logs[monitor] } : {};
}

/** What the Keras engine needs from runTraining: the opened run folder, the loaded data and the initial weights. */
export interface KerasEngineParts {
  writer: RunWriter;
  data: Dataset;
  weights: Float32Array[];
  seed: number;
  specFile: string;
  python: KerasPython;
  /** Why auto chose Keras, if it did. */
  fallbackReason?: string;
}

/** The run's monitor and direction, by the same rule as the training loop's. */
interface Judged {
  monitor: string;
  direction: Direction;
}

/** The ready message, sent before the slow TensorFlow import so the host shows the engine at once. */
function kerasReady(python: KerasPython, judged: Judged, fallbackReason: string | undefined): ReadyMessage {
  return {
    type: 'ready',
    protocol: TRAINER_PROTOCOL_VERSION,
    backend: kerasBackend(),
    engine: 'keras',
    versions: { python: python.info.executable, pythonVersion: python.info.version.join('.') },
    ...judged,
    ...(fallbackReason ? { fallbackReason } : {}),
  };
}

/**
 * A Keras-engine run: the same ready, dataset and warning messages and run.json fields as the
 * training loop's, then the script to its end and `done`. Throws a FitwatchError when the script fails.
 */
export async function runKerasEngine(start: StartMessage, send: Send, control: RunControl, parts: KerasEngineParts): Promise<void> {
  const { writer, data, specFile } = parts;
  const chosen = chooseMonitor(start.spec, data.rows > data.trainRows);
  const judged: Judged = {
    monitor: chosen.monitor,
    direction: resolveDirection('Fitwatch', chosen.monitor, chosen.mode, { specFile, jsonPath: ['callbacks'] }),
  };
  const ready = kerasReady(parts.python, judged, parts.fallbackReason);
  await send(ready);
  await send({ type: 'dataset', summary: data.summary, parameters: parameterCount(start.spec, data.features) });
  for (const warning of data.summary.warnings) await send({ type: 'warning', problem: warning });
  writer.update({ backend: ready.backend, engine: 'keras', ...judged, dataset: datasetInfo(data), timings: { loadMs: data.summary.loadMs } });
  writePreprocessing(writer.dir, buildPreprocessing(start.spec, data, data.summary.targetScaling));
  writer.startStreams();
  await trainWithKeras(start, send, control, parts, judged);
}

function isDoneReason(status: RunStatus): status is DoneReason {
  return status === 'completed' || status === 'earlyStopped' || status === 'stopped' || status === 'diverged';
}

/** Writes the inputs, runs the script to its end and sends `done`. */
async function trainWithKeras(start: StartMessage, send: Send, control: RunControl, r: KerasEngineParts, judged: Judged): Promise<void> {
  const { writer } = r;
  const runDir = writer.dir;
  const script = writeKerasEngineInputs({
    runDir,
    spec: start.spec,
    ...(start.specFile ? { specFile: start.specFile } : {}),
    workspaceRoot: start.workspaceRoot,
    data: r.data,
    weights: r.weights,
    seed: r.seed,
  });
  // The same ~50 ms windows as the fast engine's stream (stream-batcher.ts); a Keras epoch is rarely that short.
  const stream = new StreamBatcher(send);
  const post = (msg: StreamedMessage): void => stream.post(msg);
  let pendingLr = control.pendingLearningRate;
  const t0 = performance.now();
  const run = startKerasScript({
    script,
    python: r.python.command,
    pythonInfo: r.python.info,
    cwd: runDir,
    workspaceRoot: start.workspaceRoot,
    hookDir: findHookDir(),
    stdout: 'pipe',
    runId: start.runId,
    runsDir: dirname(runDir),
    writerFor: () => writer,
    specFor: () => start.spec,
    listener: {
      fitBegin: (fit) => {
        writer.update({ backend: kerasBackend(fit.begin.keras) });
        if (pendingLr !== undefined && run.setLearningRate(pendingLr)) pendingLr = undefined;
      },
      epoch: (_fit, record) => post({ type: 'epoch', record, totalEpochs: start.spec.fit.epochs }),
      event: (_fit, event) => post({ type: 'event', event }),
      // Keras' warnings and tracebacks go to the trainer log; its per-epoch lines (stdout) would only repeat the epochs.
      output: (stream, text) => {
        if (stream === 'stderr') process.stderr.write(text);
      },
    },
  });
  control.loop = {
    stop: () => run.stop(),
    setLearningRate: (lr: number) => {
      if (!run.setLearningRate(lr)) pendingLr = lr;
    },
  };
  if (control.stopRequested) run.stop();
  const result = await run.done;
  await stream.flush();
  const fit = result.runs[0];
  const elapsedMs = performance.now() - t0;
  if (!fit && result.stopped) {
    // Stopped while Python was still importing TensorFlow: nothing trained, nothing to keep but the files.
    const interruption = control.interruption;
    writer.finish({ status: interruption ? 'interrupted' : 'stopped', ...(interruption ? { interruption } : {}), epochs: 0 });
    await send({ type: 'done', reason: 'stopped', epochs: 0, monitor: judged.monitor, elapsedMs });
    return;
  }
  if (!fit || fit.status === 'failed') {
    const problem = result.problem ?? {
      severity: 'error' as const,
      code: 'keras-engine/failed',
      message: `The Keras engine's script ${script} ended without training: ${fit?.error ?? 'no fit was recorded'}.`,
      fix: 'The trainer log has its output; run the script by hand to see it fail.',
      location: { file: script },
    };
    throw new FitwatchError({ ...problem, severity: 'error' });
  }
  // The fit ended well but the script did not (its model.save after fit): the run stands, the problem is shown.
  if (result.problem && !result.stopped) await stream.send({ type: 'warning', problem: result.problem });
  if (await saveKerasFinalModel(runDir, start.spec, r.data.features)) copyPreprocessingBesideModels(runDir);
  const history = fit.history;
  const interrupted = fit.status === 'stopped' && control.interruption !== undefined;
  const reason: DoneReason = isDoneReason(fit.status) ? fit.status : 'stopped';
  const best = bestOf(history, judged.monitor, judged.direction);
  const durations = history.map((h) => h.durationMs);
  writer.update({
    status: interrupted ? 'interrupted' : reason,
    ...(interrupted ? { interruption: control.interruption } : {}),
    monitor: judged.monitor,
    ...best,
    timings: {
      ...writer.current.timings,
      elapsedMs,
      ...(durations.length ? { firstEpochMs: durations[0], meanEpochMs: durations.reduce((a, b) => a + b, 0) / durations.length } : {}),
    },
  });
  await stream.send({ type: 'done', reason, epochs: history.length, ...best, monitor: judged.monitor, elapsedMs });
}
