/**
 * One run from a start message to `done`: pick engine and backend, load the data, build the
 * model, drive the loop, stream epochs and events to the host and to the run folder, save the
 * models. Transport-agnostic (`send` is injected) so it does not care whether IPC is behind it.
 */
import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Dataset } from '../data/dataset';
import { TRAINER_PROTOCOL_VERSION, type ReadyMessage, type StartMessage, type StreamedMessage } from '../shared/protocol/trainer';
import { RUN_FILES, type RunStatus } from '../shared/run';
import { readCheckpoint, type Checkpoint, type CheckpointMeta } from '../runs/checkpoint';
import { environmentProblem } from '../runs/fs-problems';
import { Checkpointer } from './checkpointer';
import { FitwatchError } from '../shared/location';
import { resolveDirection } from '../shared/callbacks/monitor';
import type { TrainableModel } from './engine';
import { chooseEngine, type EngineDecision } from './engine-select';
import { findKerasPython, runKerasEngine, type KerasPython } from './keras-engine';
import { datasetInfo } from './dataset-info';
import { checkOutputUnits, initialWeights, parameterCount, requiredOutputUnits } from './init';
import { chooseMonitor, TrainingLoop } from './loop';
import { randomSeed } from './prng';
import { RunWriter } from './run-writer';
import { StreamBatcher, type WireSend } from './stream-batcher';
import { loadStartData } from './settle-generated-spec';
import { buildPreprocessing, copyPreprocessingBesideModels, writePreprocessing } from '../runs/preprocessing';
import { errorMessage } from '../shared/error-message';
import { linearBaseline } from './linear-baseline';
import { inTargetUnits } from './target-units';

/** What Stop and Reduce LR reach: the training loop, or the Keras engine's script. */
export type Steerable = Pick<TrainingLoop, 'stop' | 'setLearningRate'>;

/** How the process boundary talks to a run in progress. */
export interface RunControl {
  /** Set once the loop exists; stop/setLearningRate before that are queued by the caller. */
  loop?: Steerable;
  writer?: RunWriter;
  /** A stop that arrived while the data was loading; obeyed before the first batch. */
  stopRequested?: boolean;
  /** A learning rate set while the data was loading; applied before the first batch. */
  pendingLearningRate?: number;
  /** Set when the stop is not the user's (host gone, hang-up): the run ends `interrupted`, resumable, with this reason. */
  interruption?: string;
}

/** Sends one message; resolves when it is handed to the channel. */
export type Send = WireSend;

interface BuiltModel {
  model: TrainableModel;
  /** The engine's half of `ready`; the monitor is added once the data says whether there is validation. */
  ready: Omit<ReadyMessage, 'monitor' | 'direction'>;
}

async function buildModel(
  start: StartMessage,
  decision: EngineDecision,
  data: Dataset,
  weights: Float32Array[],
  seed: number,
  outputUnits: number,
  specFile: string,
): Promise<BuiltModel> {
  const spec = start.spec;
  const backendChoice = start.backend ?? spec.backend;
  if (decision.engine === 'fast') {
    const fast = await import('./fast/index.js');
    const model = await fast.createFastModel(spec, data, weights, { threads: start.threads ?? fast.defaultMaxThreads() });
    const ready: BuiltModel['ready'] = {
      type: 'ready',
      protocol: TRAINER_PROTOCOL_VERSION,
      backend: model.kernels.name === 'js' ? 'js' : 'wasm',
      engine: 'fast',
      // fastThreads: how many threads the matmuls run on (1 when no layer is wide enough to split).
      versions: { fast: model.kernels.name, fastThreads: String(model.threads), node: process.versions.node },
    };
    if (decision.fallbackReason) ready.fallbackReason = decision.fallbackReason;
    return { model, ready };
  }
  // tfjs is loaded only on this path: the fast engine never pays its start-up time and memory.
  const { selectBackend } = await import('./backend.js');
  const { createTfjsModel } = await import('./tfjs/tfjs-model.js');
  let selection;
  try {
    selection = await selectBackend(backendChoice);
  } catch (err) {
    // Point at the spec when the backend came from it, at the settings/CLI when it was overridden.
    if (err instanceof FitwatchError && start.backend === undefined) {
      const { code, message, fix } = err.problem;
      throw new FitwatchError({ code, message, fix, location: { file: specFile, jsonPath: ['backend'] } });
    }
    throw err;
  }
  const model = createTfjsModel({ spec, data, initialWeights: weights, seed, outputUnits });
  const reasons = [decision.fallbackReason, selection.fallbackReason].filter((r): r is string => Boolean(r));
  const ready: BuiltModel['ready'] = {
    type: 'ready',
    protocol: TRAINER_PROTOCOL_VERSION,
    backend: selection.backend,
    engine: 'tfjs',
    versions: selection.versions,
  };
  if (reasons.length > 0) ready.fallbackReason = reasons.join('; ');
  return { model, ready };
}

/** The checkpoint of the run folder a start message resumes; a FitwatchError when there is none. */
function checkpointToResume(dir: string): Checkpoint & { meta: CheckpointMeta } {
  const cp = readCheckpoint(dir);
  if (!cp) {
    throw new FitwatchError({
      code: 'runs/no-checkpoint',
      message: `${dir} has no checkpoint (${RUN_FILES.checkpoint}) to resume from: the run ended before its first checkpoint, completed, or was made by an older Fitwatch.`,
      fix: 'Start a new run instead.',
      location: { file: dir },
    });
  }
  return cp;
}

/** Refuses a resume whose rebuilt model or reloaded data does not match the checkpoint. */
function checkResumable(cp: CheckpointMeta, engine: string, parameters: number, trainRows: number, totalEpochs: number, dir: string): void {
  const fail = (message: string, fix: string): never => {
    throw new FitwatchError({
      code: 'runs/resume-mismatch',
      message: `Cannot resume ${dir}: ${message}`,
      fix,
      location: { file: join(dir, RUN_FILES.checkpoint) },
    });
  };
  if (cp.engine !== engine)
    fail(
      `it was trained by the ${cp.engine} engine, and this resume would use ${engine}.`,
      `Resume with --engine ${cp.engine} (or the same "fitwatch.engine" setting as the run).`,
    );
  if (cp.parameters !== parameters)
    fail(
      `the checkpoint holds ${cp.parameters} parameters, the model built from the run's spec has ${parameters}.`,
      "The run folder's spec.fitwatch.json was edited; restore it, or start a new run.",
    );
  if (cp.trainRows !== trainRows)
    fail(
      `the checkpoint trained on ${cp.trainRows} rows, the data file now has ${trainRows} training rows.`,
      'The data file changed since the run started; restore it, or start a new run on the new data.',
    );
  if (cp.epochs >= totalEpochs) fail(`its checkpoint already holds all ${totalEpochs} epochs.`, 'Nothing is left to train; start a new run to train longer.');
}

/**
 * The engine for the loaded data: `auto` may pick Keras only past the measured crossover, and
 * then only when the interpreter can import it (otherwise the fast engine, saying why). A resume
 * stays on the in-process engines: a Keras run keeps no checkpoint.
 */
async function decideEngine(start: StartMessage, data: Dataset, specFile: string): Promise<{ decision: EngineDecision; python?: KerasPython }> {
  const { spec } = start;
  const engine = start.engine ?? spec.engine;
  if (engine === 'keras' && start.resumeFrom) {
    throw new FitwatchError({
      code: 'runs/keras-no-resume',
      message: `Cannot resume ${start.resumeFrom} with the Keras engine: a Keras run keeps no checkpoint.`,
      fix: 'Start a new run, or resume with --engine fast.',
      location: { file: specFile, jsonPath: ['engine'] },
    });
  }
  const workload = start.resumeFrom
    ? undefined
    : { trainRows: data.trainRows, parameters: parameterCount(spec, data.features), batchSize: spec.fit.batchSize, epochs: spec.fit.epochs };
  const decision = chooseEngine(spec, engine, start.backend ?? spec.backend, specFile, workload);
  if (decision.engine !== 'keras') return { decision };
  const cwd = start.specFile ? dirname(start.specFile) : start.workspaceRoot;
  try {
    return { decision, python: await findKerasPython(start.python, cwd) };
  } catch (err) {
    // Asked for Keras: the error stands. Chosen by auto: the fast engine runs, and says why.
    const instead = decision.withoutKeras;
    if (!instead || !(err instanceof FitwatchError)) throw err;
    return { decision: { ...instead, fallbackReason: `${instead.fallbackReason ?? ''} (${err.problem.message})` } };
  }
}

/** Statuses after which the checkpoint is of no more use (Keras' BackupAndRestore deletes its backup then). */
const FINAL_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(['completed', 'earlyStopped', 'diverged']);

/** Runs one training run to the end; throws FitwatchError for bad input (the fresh run folder is removed then). */
export async function runTraining(start: StartMessage, send: Send, control: RunControl): Promise<void> {
  const { spec } = start;
  const specFile = start.specFile ?? '<generated spec>';
  const resumeDir = start.resumeFrom;
  const checkpoint = resumeDir ? checkpointToResume(resumeDir) : undefined;
  const runDir = resumeDir ?? start.runDir;
  // The folder first: a read-only or full workspace is reported before a long data load.
  const writer = resumeDir
    ? RunWriter.resume(resumeDir, checkpoint?.meta.epochs ?? 0)
    : RunWriter.create(
        runDir,
        {
          id: start.runId,
          specName: spec.name,
          status: 'running',
          startedAt: new Date().toISOString(),
          epochs: 0,
          totalEpochs: spec.fit.epochs,
          seed: spec.fit.seed ?? randomSeed(),
          ...(start.specFile ? { specPath: relative(start.workspaceRoot, start.specFile) } : {}),
        },
        spec,
        start.workspaceRoot,
      );
  control.writer = writer;
  if (resumeDir) writer.note({ totalEpochs: spec.fit.epochs });
  const seed = writer.current.seed ?? spec.fit.seed ?? randomSeed();
  let model: TrainableModel | undefined;
  let trained = false;
  try {
    const baseDir = start.specFile ? dirname(start.specFile) : start.workspaceRoot;
    // A spec generated from a bare data file gets its task settled from every label here.
    const data = await loadStartData(start, { workspaceRoot: start.workspaceRoot, baseDir });
    if (start.generated && !resumeDir) writer.rewriteSpec(spec);
    const outputUnits = checkOutputUnits(spec, requiredOutputUnits(spec, data, specFile), specFile);
    const weights = initialWeights(spec, data.features, outputUnits, seed);
    const { decision, python } = await decideEngine(start, data, specFile);
    if (decision.engine === 'keras' && python) {
      trained = true;
      await runKerasEngine(start, send, control, { writer, data, weights, seed, specFile, python, fallbackReason: decision.fallbackReason });
      return;
    }
    const built = await buildModel(start, decision, data, weights, seed, outputUnits, specFile);
    const scaling = data.summary.targetScaling;
    // standardizeTarget: the model trains on z-scores, and reports loss and predictions in the target's units.
    model = scaling ? inTargetUnits(built.model, spec.compile.loss, scaling) : built.model;
    // The coach's noise-floor yardstick; a failure here must never stop a run.
    try {
      const baseline = linearBaseline(data, spec.compile.loss, data.summary);
      if (baseline) data.summary.baseline = baseline;
    } catch {
      // no baseline: the coach just skips the noise-floor check
    }
    const hasValidation = data.rows > data.trainRows;
    // The one monitor and direction of the run (the loop judges "best" by the same two).
    const chosen = chooseMonitor(spec, hasValidation);
    const direction = resolveDirection('Fitwatch', chosen.monitor, chosen.mode, { specFile, jsonPath: ['callbacks'] });
    const ready: ReadyMessage = { ...built.ready, monitor: chosen.monitor, direction };
    if (checkpoint) checkResumable(checkpoint.meta, ready.engine, model.parameters, data.trainRows, spec.fit.epochs, runDir);
    await send(ready);
    await send({ type: 'dataset', summary: data.summary, parameters: model.parameters });
    for (const warning of data.summary.warnings) await send({ type: 'warning', problem: warning });
    writer.update({
      backend: ready.backend,
      engine: ready.engine,
      monitor: chosen.monitor,
      direction,
      dataset: datasetInfo(data),
      timings: { loadMs: data.summary.loadMs },
    });
    // The scaling and label map a saved model needs to predict on raw rows (docs/runs.md).
    writePreprocessing(runDir, buildPreprocessing(spec, data, scaling));
    writer.startStreams();
    trained = true;
    await train(start, send, control, { writer, model, data, hasValidation, seed, specFile, engine: ready.engine, checkpoint });
  } catch (err) {
    // A disk problem names the run folder even when the failed write did not carry its path.
    const env = environmentProblem(err, `write the run folder ${runDir}`);
    if (!writer.finished) {
      if (!trained && !resumeDir) writer.discard();
      else {
        writer.finish(
          env
            ? { status: 'interrupted', interruption: env.message, error: env.message }
            : { status: resumeDir && !trained ? (writer.current.resumes?.at(-1)?.previousStatus ?? 'interrupted') : 'failed', error: errorMessage(err) },
        );
      }
    }
    throw env && !(err instanceof FitwatchError) ? new FitwatchError(env) : err;
  } finally {
    model?.dispose();
  }
}

interface TrainParts {
  writer: RunWriter;
  model: TrainableModel;
  data: Dataset;
  hasValidation: boolean;
  seed: number;
  specFile: string;
  engine: string;
  checkpoint?: Checkpoint;
}

/** The loop, the saves and the final run.json of a run whose folder and model are ready. */
async function train(start: StartMessage, send: Send, control: RunControl, parts: TrainParts): Promise<void> {
  const { spec } = start;
  const { writer, model, data, hasValidation, seed, specFile } = parts;
  const runDir = writer.dir;
  // Epochs, events and health go out in ~50 ms batches (stream-batcher.ts); `done` flushes them first.
  const stream = new StreamBatcher(send);
  const post = (msg: StreamedMessage): void => stream.post(msg);
  const checkpointer = new Checkpointer(
    runDir,
    parts.engine,
    (info) => writer.note({ checkpoint: info }),
    () => writer.flushRows(),
  );
  const loop = new TrainingLoop({
    spec,
    model,
    trainRows: data.trainRows,
    hasValidation,
    seed: seed + 1,
    healthEvery: start.healthEvery,
    specFile,
    ...(parts.checkpoint ? { resume: parts.checkpoint } : {}),
    checkpointer,
    sink: {
      epoch: (record) => {
        writer.appendEpoch(record);
        post({ type: 'epoch', record, totalEpochs: spec.fit.epochs });
      },
      event: (event) => {
        writer.appendEvent(event);
        post({ type: 'event', event });
      },
      health: (epoch, layers) => post({ type: 'health', epoch, layers }),
    },
  });
  control.loop = loop;
  if (control.pendingLearningRate !== undefined) loop.setLearningRate(control.pendingLearningRate);
  if (control.stopRequested) loop.stop();
  let result: Awaited<ReturnType<TrainingLoop['run']>>;
  try {
    result = await loop.run();
  } finally {
    // A failed loop's last epochs still reach the host before the error does.
    void stream.flush();
  }
  // model-final holds the weights training ended with (restored best ones under EarlyStopping restoreBestWeights).
  await model.save(join(runDir, RUN_FILES.finalModel));
  if (result.bestWeights) {
    model.setWeights(result.bestWeights);
    await model.save(join(runDir, RUN_FILES.bestModel));
  }
  copyPreprocessingBesideModels(runDir);
  const interrupted = result.reason === 'stopped' && control.interruption !== undefined;
  const status: RunStatus = interrupted ? 'interrupted' : result.reason;
  if (FINAL_STATUSES.has(status)) {
    rmSync(join(runDir, RUN_FILES.checkpoint), { force: true });
    writer.note({ checkpoint: undefined });
  }
  const previous = writer.current.timings;
  writer.finish({
    status,
    ...(interrupted ? { interruption: control.interruption } : {}),
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    bestValue: result.bestValue,
    monitor: result.monitor,
    timings: {
      loadMs: data.summary.loadMs,
      firstEpochMs: result.firstEpochMs,
      // Across resumes: the elapsed time adds up; the mean comes from the loop's carried totals.
      elapsedMs: (parts.checkpoint ? (previous?.elapsedMs ?? 0) : 0) + result.elapsedMs,
      meanEpochMs: result.meanEpochMs,
      // Streaming: every run-file row write and every IPC send of this process (enqueueing is negligible).
      streamMs: (parts.checkpoint ? (previous?.streamMs ?? 0) : 0) + writer.writeMs + stream.sendMs,
      ...(checkpointer.stats.writes > 0 ? { checkpointMeanMs: checkpointer.stats.meanWriteMs, checkpoints: checkpointer.stats.writes } : {}),
    },
  });
  await stream.send({
    type: 'done',
    reason: result.reason,
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    bestValue: result.bestValue,
    monitor: result.monitor,
    elapsedMs: result.elapsedMs,
  });
}
