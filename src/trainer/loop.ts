/**
 * The training loop: epochs, seeded shuffling, callbacks, events, best tracking, stop and
 * divergence. It knows nothing of files or IPC: it reports through a `LoopSink`, so it runs the
 * same in the trainer process and in a unit test with a fake engine.
 *
 * Stop semantics: a stop is obeyed after the current batch. The interrupted epoch is NOT
 * recorded (its logs would cover only part of the data and mislead the curves and the coach),
 * but the weights keep the updates of the batches it ran; `model-final` is saved with them.
 */
import { EarlyStopping, ReduceLROnPlateau, resolveDirection, type CallbackModel, type Direction } from '../shared/callbacks';
import type { EpochLogs, EpochRecord } from '../shared/metrics';
import type { DoneReason, LayerHealth, RunEvent } from '../shared/protocol/trainer';
import type { FitwatchSpec, MonitorMode } from '../shared/spec';
import { floatGroup, uintArray, type Checkpoint } from '../runs/checkpoint';
import type { TrainableModel } from './engine';
import { yieldIfDue } from './event-loop';
import { identityOrder, Prng, shuffleInPlace } from './prng';

/** Where the loop reports what happens, in order. */
export interface LoopSink {
  epoch(record: EpochRecord): void | Promise<void>;
  event(event: RunEvent): void | Promise<void>;
  health(epoch: number, layers: LayerHealth[]): void | Promise<void>;
}

/** What the loop needs besides the engine. */
export interface LoopOptions {
  spec: FitwatchSpec;
  model: TrainableModel;
  trainRows: number;
  hasValidation: boolean;
  /** Seeds the per-epoch shuffle (the engine seeds its own dropout). */
  seed: number;
  /** Report gradient health every N epochs (0 = never). */
  healthEvery: number;
  /** Spec file, for callback errors that point into it. */
  specFile?: string;
  sink: LoopSink;
  /** A checkpoint to go on from (resume): weights, optimizer, callbacks, RNG, epoch counter. */
  resume?: Checkpoint;
  /** Receives resume checkpoints at epoch ends, when `due()` says so (it bounds their cost). */
  checkpointer?: LoopCheckpointer;
}

/** Where checkpoints go; the loop builds one only when `due()`. */
export interface LoopCheckpointer {
  due(): boolean;
  write(checkpoint: Checkpoint): void;
}

/** How the loop ended, with the best epoch by the monitor and its weights. */
export interface LoopResult {
  reason: DoneReason;
  /** Epochs recorded (a partial epoch interrupted by stop is not counted). */
  epochs: number;
  monitor: string;
  bestEpoch?: number;
  bestValue?: number;
  /** Weights at the best epoch, kept in memory and written once at the end (not every epoch). */
  bestWeights?: Float32Array[];
  elapsedMs: number;
  meanEpochMs?: number;
  firstEpochMs?: number;
  /** First epoch this process trained (the checkpoint's epoch count on a resume, else 0). */
  startEpoch?: number;
}

/** The quantity "best" is judged by: the callbacks' monitor, else val_loss with validation, else loss. */
export function chooseMonitor(spec: FitwatchSpec, hasValidation: boolean): { monitor: string; mode: MonitorMode } {
  const cb = spec.callbacks.earlyStopping ?? spec.callbacks.reduceLROnPlateau;
  if (cb) return { monitor: cb.monitor, mode: cb.mode };
  return { monitor: hasValidation ? 'val_loss' : 'loss', mode: 'min' };
}

/** One run of `fit`: create, optionally `stop()` / `setLearningRate()` from outside, await `run()`. */
export class TrainingLoop {
  private stopRequested = false;
  private currentEpoch = 0;
  private readonly pendingEvents: RunEvent[] = [];

  constructor(private readonly options: LoopOptions) {}

  /** Asks the loop to stop after the current batch. */
  stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.pendingEvents.push({ kind: 'stopRequested', epoch: this.currentEpoch, message: `Epoch ${this.currentEpoch + 1}: stop requested` });
  }

  /** Sets the learning rate from the next batch on, and records it as an `lrSet` event. */
  setLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`learning rate must be a positive finite number, got ${lr}`);
    const oldLr = this.options.model.learningRate;
    this.options.model.learningRate = lr;
    this.pendingEvents.push({
      kind: 'lrSet',
      epoch: this.currentEpoch,
      message: `Epoch ${this.currentEpoch + 1}: learning rate set to ${lr} by the user`,
      data: { oldLr, newLr: lr },
    });
  }

  private async flushEvents(extra: RunEvent[] = []): Promise<void> {
    const events = [...this.pendingEvents.splice(0), ...extra];
    for (const e of events) await this.options.sink.event(e);
  }

  /** Runs `fit.epochs` epochs or until stopped, early-stopped or diverged. */
  async run(): Promise<LoopResult> {
    const { spec, model, sink } = this.options;
    const started = performance.now();
    let stopTraining = false;
    const cbModel: CallbackModel<Float32Array[]> = {
      getLearningRate: () => model.learningRate,
      setLearningRate: (lr) => (model.learningRate = lr),
      get stopTraining() {
        return stopTraining;
      },
      set stopTraining(v: boolean) {
        stopTraining = v;
      },
      getWeights: () => model.getWeights(),
      setWeights: (w) => model.setWeights(w),
    };
    const cbOptions = { specFile: this.options.specFile };
    const rlrop = spec.callbacks.reduceLROnPlateau ? new ReduceLROnPlateau(spec.callbacks.reduceLROnPlateau, cbModel, cbOptions) : undefined;
    const es = spec.callbacks.earlyStopping ? new EarlyStopping(spec.callbacks.earlyStopping, cbModel, cbOptions) : undefined;
    const { monitor, mode } = chooseMonitor(spec, this.options.hasValidation);
    const direction: Direction = resolveDirection('Fitwatch', monitor, mode, { specFile: this.options.specFile, jsonPath: ['callbacks'] });
    rlrop?.onTrainBegin();
    es?.onTrainBegin();

    let order = identityOrder(this.options.trainRows);
    const shuffler = new Prng(this.options.seed);
    let best: { epoch: number; value: number; weights: Float32Array[] } | undefined;
    let reason: DoneReason = 'completed';
    let recorded = 0;
    let firstEpochMs: number | undefined;
    let epochMsTotal = 0;
    let startEpoch = 0;

    const resume = this.options.resume;
    if (resume) {
      const { meta, groups } = resume;
      startEpoch = meta.epochs;
      recorded = meta.epochs;
      model.setWeights(floatGroup(resume, 'weights'));
      await model.setTrainingState({ arrays: floatGroup(resume, 'optimizer'), scalars: meta.engineScalars });
      model.learningRate = meta.learningRate;
      shuffler.position = meta.shuffleState;
      order = uintArray(resume, 'order') ?? order;
      if (meta.best && groups.bestWeights) best = { ...meta.best, weights: floatGroup(resume, 'bestWeights') };
      if (meta.callbacks.reduceLROnPlateau) rlrop?.setState(meta.callbacks.reduceLROnPlateau);
      if (meta.callbacks.earlyStopping) es?.setState(meta.callbacks.earlyStopping, groups.esBestWeights ? floatGroup(resume, 'esBestWeights') : undefined);
      epochMsTotal = meta.timing.epochMsTotal;
      firstEpochMs = meta.timing.firstEpochMs;
      this.currentEpoch = startEpoch;
      await sink.event({
        kind: 'resumed',
        epoch: startEpoch,
        message: `Epoch ${startEpoch + 1}: resumed from the checkpoint after ${startEpoch} completed epoch(s)`,
        data: { fromEpoch: startEpoch, learningRate: meta.learningRate },
      });
    }

    /** Everything needed to go on after `epochs` completed epochs. */
    const checkpointOf = async (epochs: number): Promise<Checkpoint> => {
      const engineState = await model.getTrainingState();
      const groups: Checkpoint['groups'] = { weights: model.getWeights(), optimizer: engineState.arrays, order: [order] };
      if (best) groups.bestWeights = best.weights;
      const esState = es?.getState();
      if (esState?.bestWeights) groups.esBestWeights = esState.bestWeights;
      return {
        meta: {
          epochs,
          engine: '',
          parameters: model.parameters,
          trainRows: this.options.trainRows,
          learningRate: model.learningRate,
          shuffleState: shuffler.position,
          engineScalars: engineState.scalars,
          ...(best ? { best: { epoch: best.epoch, value: best.value } } : {}),
          callbacks: {
            ...(rlrop ? { reduceLROnPlateau: rlrop.getState() } : {}),
            ...(esState ? { earlyStopping: esState.state } : {}),
          },
          timing: { epochMsTotal, ...(firstEpochMs !== undefined ? { firstEpochMs } : {}) },
        },
        groups,
      };
    };

    for (let epoch = startEpoch; epoch < spec.fit.epochs; epoch++) {
      this.currentEpoch = epoch;
      // Epochs of 1 ms never yield inside trainEpoch: give IPC and signals their turn here.
      await yieldIfDue();
      if (this.stopRequested) {
        reason = 'stopped';
        break;
      }
      if (spec.fit.shuffle) shuffleInPlace(order, shuffler);
      const t0 = performance.now();
      const trainLogs = await model.trainEpoch(order, () => this.stopRequested);
      if (this.stopRequested) {
        reason = 'stopped';
        break;
      }
      const valLogs = await model.evaluate();
      const logs: EpochLogs = { ...trainLogs, ...valLogs, learning_rate: model.learningRate };
      const durationMs = performance.now() - t0;
      firstEpochMs ??= performance.now() - started;
      epochMsTotal += durationMs;
      recorded = epoch + 1;

      const diverged = Object.entries(logs).some(([k, v]) => (k === 'loss' || k === 'val_loss') && !Number.isFinite(v));
      const extra: RunEvent[] = [];
      if (!diverged) {
        rlrop?.onEpochEnd(epoch, logs);
        es?.onEpochEnd(epoch, logs);
        const value = logs[monitor];
        if (value !== undefined && Number.isFinite(value) && (!best || (direction === 'min' ? value < best.value : value > best.value))) {
          extra.push({
            kind: 'newBest',
            epoch,
            message: `Epoch ${epoch + 1}: ${monitor} improved to ${value.toFixed(5)}`,
            data: { monitor, value, ...(best ? { previous: best.value } : {}) },
          });
          best = { epoch, value, weights: model.getWeights() };
        }
      }
      await sink.epoch({ epoch, logs, durationMs });
      // The loop owns newBest (one rule whether or not EarlyStopping is configured).
      const cbEvents = [...(rlrop?.drainEvents() ?? []), ...(es?.drainEvents() ?? [])].filter((e) => e.kind !== 'newBest');
      await this.flushEvents([...cbEvents, ...extra]);

      if (diverged) {
        reason = 'diverged';
        await sink.event({
          kind: 'diverged',
          epoch,
          message: `Epoch ${epoch + 1}: loss is ${logs.loss}${logs.val_loss !== undefined ? `, val_loss is ${logs.val_loss}` : ''}; training stopped`,
          data: { loss: String(logs.loss), learningRate: model.learningRate },
        });
        break;
      }
      const every = this.options.healthEvery;
      if (every > 0 && (epoch + 1) % every === 0) await sink.health(epoch, await model.health());
      // After the row and events are written: a kill between them costs a re-run of this epoch, never a gap.
      const cp = this.options.checkpointer;
      if (cp && !stopTraining && epoch + 1 < spec.fit.epochs && cp.due()) cp.write(await checkpointOf(epoch + 1));
      if (stopTraining) {
        reason = 'earlyStopped';
        break;
      }
    }
    this.currentEpoch = Math.max(0, recorded - 1);
    rlrop?.onTrainEnd();
    es?.onTrainEnd();
    await this.flushEvents([...(rlrop?.drainEvents() ?? []), ...(es?.drainEvents() ?? [])].filter((e) => e.kind !== 'newBest'));

    const result: LoopResult = { reason, epochs: recorded, monitor, elapsedMs: performance.now() - started };
    if (best) Object.assign(result, { bestEpoch: best.epoch, bestValue: best.value, bestWeights: best.weights });
    if (firstEpochMs !== undefined) result.firstEpochMs = firstEpochMs;
    if (recorded > 0) result.meanEpochMs = epochMsTotal / recorded;
    result.startEpoch = startEpoch;
    return result;
  }
}
