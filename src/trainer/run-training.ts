/**
 * One run from a start message to `done`: pick engine and backend, load the data, build the
 * model, drive the loop, stream epochs and events to the host and to the run folder, save the
 * models. Transport-agnostic (`send` is injected) so it does not care whether IPC is behind it.
 */
import { dirname, join, relative } from 'node:path';
import { loadDataset } from '../data/load-dataset';
import type { Dataset } from '../data/dataset';
import { TRAINER_PROTOCOL_VERSION, type ReadyMessage, type StartMessage, type TrainerToHost } from '../shared/protocol/trainer';
import { RUN_FILES, type RunInfo } from '../shared/run';
import { FitwatchError } from '../shared/location';
import type { TrainableModel } from './engine';
import { chooseEngine } from './engine-select';
import { checkOutputUnits, initialWeights, requiredOutputUnits } from './init';
import { chooseMonitor, TrainingLoop } from './loop';
import { randomSeed } from './prng';
import { RunWriter } from './run-writer';
import { linearBaseline } from './linear-baseline';
import { inTargetUnits } from './target-units';

/** How the process boundary talks to a run in progress. */
export interface RunControl {
  /** Set once the loop exists; stop/setLearningRate before that are queued by the caller. */
  loop?: TrainingLoop;
  writer?: RunWriter;
  /** A stop that arrived while the data was loading; obeyed before the first batch. */
  stopRequested?: boolean;
  /** A learning rate set while the data was loading; applied before the first batch. */
  pendingLearningRate?: number;
}

/** Sends one message; resolves when it is handed to the channel. */
export type Send = (msg: TrainerToHost) => Promise<void>;

interface BuiltModel {
  model: TrainableModel;
  ready: ReadyMessage;
}

async function buildModel(start: StartMessage, data: Dataset, weights: Float32Array[], seed: number, outputUnits: number, specFile: string): Promise<BuiltModel> {
  const spec = start.spec;
  const backendChoice = start.backend ?? spec.backend;
  const decision = chooseEngine(spec, start.engine ?? spec.engine, backendChoice, specFile);
  if (decision.engine === 'fast') {
    const fast = await import('./fast/index.js');
    const model = await fast.createFastModel(spec, data, weights);
    return {
      model,
      ready: {
        type: 'ready',
        protocol: TRAINER_PROTOCOL_VERSION,
        backend: model.kernels.name === 'wasm-simd' ? 'wasm' : 'js',
        engine: 'fast',
        versions: { fast: model.kernels.name, node: process.versions.node },
      },
    };
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
  const ready: ReadyMessage = { type: 'ready', protocol: TRAINER_PROTOCOL_VERSION, backend: selection.backend, engine: 'tfjs', versions: selection.versions };
  if (reasons.length > 0) ready.fallbackReason = reasons.join('; ');
  return { model, ready };
}

/** Runs one training run to the end; throws FitwatchError for bad input (nothing written then). */
export async function runTraining(start: StartMessage, send: Send, control: RunControl): Promise<void> {
  const { spec } = start;
  const specFile = start.specFile ?? '<generated spec>';
  const seed = spec.fit.seed ?? randomSeed();
  const baseDir = start.specFile ? dirname(start.specFile) : start.workspaceRoot;
  const data = await loadDataset(spec.data, {
    workspaceRoot: start.workspaceRoot,
    baseDir,
    loss: spec.compile.loss,
    validationSplit: spec.fit.validationSplit,
  });
  const outputUnits = checkOutputUnits(spec, requiredOutputUnits(spec, data, specFile), specFile);
  const weights = initialWeights(spec, data.features, outputUnits, seed);
  const built = await buildModel(start, data, weights, seed, outputUnits, specFile);
  const { ready } = built;
  const scaling = data.summary.targetScaling;
  const model = scaling ? inTargetUnits(built.model, spec.compile.loss, scaling) : built.model;
  // The coach's noise-floor yardstick; a failure here must never stop a run.
  try {
    const baseline = linearBaseline(data, spec.compile.loss, data.summary);
    if (baseline) data.summary.baseline = baseline;
  } catch {
    // no baseline: the coach just skips the noise-floor check
  }
  try {
    await send(ready);
    await send({ type: 'dataset', summary: data.summary, parameters: model.parameters });
    for (const warning of data.summary.warnings) await send({ type: 'warning', problem: warning });
    const hasValidation = data.rows > data.trainRows;
    const info: RunInfo = {
      id: start.runId,
      specName: spec.name,
      status: 'running',
      backend: ready.backend,
      engine: ready.engine,
      startedAt: new Date().toISOString(),
      epochs: 0,
      totalEpochs: spec.fit.epochs,
      monitor: chooseMonitor(spec, hasValidation).monitor,
      dataset: {
        source: data.summary.source,
        rows: data.rows,
        features: data.features,
        task: data.summary.task,
        trainRows: data.summary.trainRows,
        valRows: data.summary.valRows,
      },
      timings: { loadMs: data.summary.loadMs },
      seed,
    };
    if (start.specFile) info.specPath = relative(start.workspaceRoot, start.specFile);
    const writer = new RunWriter(start.runDir, info, spec);
    control.writer = writer;
    let streamMs = 0;
    // Epoch/event messages are not awaited: IPC keeps their order, and waiting for each write to
    // flush would stall training by a round trip per message. Only `done` waits for the last one.
    let lastSend: Promise<void> = Promise.resolve();
    const post = (msg: TrainerToHost): void => {
      lastSend = send(msg);
    };
    const loop = new TrainingLoop({
      spec,
      model,
      trainRows: data.trainRows,
      hasValidation,
      seed: seed + 1,
      healthEvery: start.healthEvery,
      specFile,
      sink: {
        epoch: (record) => {
          const t0 = performance.now();
          writer.appendEpoch(record);
          post({ type: 'epoch', record, totalEpochs: spec.fit.epochs });
          streamMs += performance.now() - t0;
        },
        event: (event) => {
          const t0 = performance.now();
          writer.appendEvent(event);
          post({ type: 'event', event });
          streamMs += performance.now() - t0;
        },
        health: (epoch, layers) => post({ type: 'health', epoch, layers }),
      },
    });
    control.loop = loop;
    if (control.pendingLearningRate !== undefined) loop.setLearningRate(control.pendingLearningRate);
    if (control.stopRequested) loop.stop();
    let result;
    try {
      result = await loop.run();
      // model-final holds the weights training ended with (restored best ones under EarlyStopping restoreBestWeights).
      await model.save(join(start.runDir, RUN_FILES.finalModel));
      if (result.bestWeights) {
        model.setWeights(result.bestWeights);
        await model.save(join(start.runDir, RUN_FILES.bestModel));
      }
    } catch (err) {
      writer.finish({ status: 'failed', error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    writer.finish({
      status: result.reason,
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      bestValue: result.bestValue,
      monitor: result.monitor,
      timings: {
        loadMs: data.summary.loadMs,
        firstEpochMs: result.firstEpochMs,
        elapsedMs: result.elapsedMs,
        meanEpochMs: result.meanEpochMs,
        streamMs,
      },
    });
    await lastSend;
    await send({
      type: 'done',
      reason: result.reason,
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      bestValue: result.bestValue,
      monitor: result.monitor,
      elapsedMs: result.elapsedMs,
    });
  } finally {
    model.dispose();
  }
}
