import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochLogs, EpochRecord } from '../../../src/shared/metrics';
import type { LayerHealth, RunEvent } from '../../../src/shared/protocol/trainer';
import type { FitwatchSpec } from '../../../src/shared/spec';
import type { TrainableModel } from '../../../src/trainer/engine';
import type { Checkpoint } from '../../../src/runs/checkpoint';
import { TrainingLoop, type LoopSink } from '../../../src/trainer/loop';
import { makeSpec, SMALL_LAYERS } from './spec-fixture';

/** A scripted engine: epoch n reports losses[n]; records the orders and learning rates it saw. */
class ScriptedModel implements TrainableModel {
  readonly parameters = 3;
  learningRate = 0.01;
  weights = [new Float32Array([0])];
  orders: number[][] = [];
  ratesSeen: number[] = [];
  batchesPerEpoch = 4;
  onBatch?: (epoch: number, batch: number) => void;
  private epoch = 0;

  constructor(
    private readonly losses: number[],
    private readonly valLosses?: number[],
  ) {}

  async trainEpoch(order: Uint32Array, shouldStop: () => boolean): Promise<EpochLogs> {
    this.orders.push([...order]);
    this.ratesSeen.push(this.learningRate);
    for (let b = 0; b < this.batchesPerEpoch; b++) {
      this.onBatch?.(this.epoch, b);
      this.weights = [new Float32Array([this.epoch * 10 + b])];
      if (shouldStop()) break;
    }
    return { loss: this.losses[this.epoch++] };
  }
  async evaluate(): Promise<EpochLogs> {
    return this.valLosses ? { val_loss: this.valLosses[this.epoch - 1] } : {};
  }
  getWeights(): Float32Array[] {
    return this.weights.map((w) => w.slice());
  }
  setWeights(w: Float32Array[]): void {
    this.weights = w.map((a) => a.slice());
  }
  async health(): Promise<LayerHealth[]> {
    return [{ layer: 'dense', gradNorm: 1, weightNorm: 2, deadFraction: 0 }];
  }
  async getTrainingState(): Promise<{ arrays: Float32Array[]; scalars: number[] }> {
    return { arrays: [], scalars: [this.epoch] };
  }
  async setTrainingState(state: { arrays: Float32Array[]; scalars: number[] }): Promise<void> {
    this.epoch = state.scalars[0];
  }
  async save(): Promise<void> {}
  dispose(): void {}
}

function sinkFor(): { sink: LoopSink; epochs: EpochRecord[]; events: RunEvent[]; healthEpochs: number[] } {
  const epochs: EpochRecord[] = [];
  const events: RunEvent[] = [];
  const healthEpochs: number[] = [];
  return {
    epochs,
    events,
    healthEpochs,
    sink: {
      epoch: (r) => void epochs.push(r),
      event: (e) => void events.push(e),
      health: (epoch) => void healthEpochs.push(epoch),
    },
  };
}

function spec(over: Partial<FitwatchSpec['fit']> = {}, callbacks: FitwatchSpec['callbacks'] = {}): FitwatchSpec {
  const s = makeSpec(SMALL_LAYERS, { callbacks });
  s.fit = { ...s.fit, ...over };
  return s;
}

test('runs every epoch, logs learning_rate, tracks newBest by val_loss and reports health every N', async () => {
  const model = new ScriptedModel([1, 0.8, 0.7, 0.65], [1, 0.9, 0.95, 0.85]);
  const { sink, epochs, events, healthEpochs } = sinkFor();
  const r = await new TrainingLoop({ spec: spec({ epochs: 4 }), model, trainRows: 10, hasValidation: true, seed: 1, healthEvery: 2, sink }).run();
  assert.equal(r.reason, 'completed');
  assert.equal(r.epochs, 4);
  assert.deepEqual(
    epochs.map((e) => e.logs.learning_rate),
    [0.01, 0.01, 0.01, 0.01],
  );
  assert.deepEqual(
    events.filter((e) => e.kind === 'newBest').map((e) => e.epoch),
    [0, 1, 3],
  );
  assert.equal(r.monitor, 'val_loss');
  assert.equal(r.bestEpoch, 3);
  assert.equal(r.bestValue, 0.85);
  assert.deepEqual(r.bestWeights, [new Float32Array([33])]);
  assert.deepEqual(healthEpochs, [1, 3]);
});

test('the shuffle is seeded: same seed, same orders; shuffle=false keeps row order', async () => {
  const a = new ScriptedModel([1, 1, 1]);
  const b = new ScriptedModel([1, 1, 1]);
  const c = new ScriptedModel([1, 1, 1]);
  for (const m of [a, b])
    await new TrainingLoop({ spec: spec({ epochs: 3 }), model: m, trainRows: 20, hasValidation: false, seed: 9, healthEvery: 0, sink: sinkFor().sink }).run();
  await new TrainingLoop({
    spec: spec({ epochs: 3, shuffle: false }),
    model: c,
    trainRows: 20,
    hasValidation: false,
    seed: 9,
    healthEvery: 0,
    sink: sinkFor().sink,
  }).run();
  assert.deepEqual(a.orders, b.orders);
  assert.notDeepEqual(a.orders[0], a.orders[1]);
  assert.deepEqual(
    c.orders[2],
    Array.from({ length: 20 }, (_, i) => i),
  );
});

test('a stop mid-epoch ends after that batch, does not record the partial epoch, and says stopped', async () => {
  const model = new ScriptedModel([1, 0.9, 0.8, 0.7, 0.6]);
  const { sink, epochs, events } = sinkFor();
  const loop = new TrainingLoop({ spec: spec({ epochs: 5 }), model, trainRows: 10, hasValidation: false, seed: 1, healthEvery: 0, sink });
  model.onBatch = (epoch, batch) => {
    if (epoch === 2 && batch === 1) loop.stop();
  };
  const r = await loop.run();
  assert.equal(r.reason, 'stopped');
  assert.equal(r.epochs, 2);
  assert.deepEqual(
    epochs.map((e) => e.epoch),
    [0, 1],
  );
  // The batch in flight finished (weights 21), the rest of the epoch did not run.
  assert.deepEqual(model.weights, [new Float32Array([21])]);
  assert.ok(events.some((e) => e.kind === 'stopRequested' && e.epoch === 2));
});

test('setLearningRate takes effect from the next batch and is logged as lrSet', async () => {
  const model = new ScriptedModel([1, 0.9, 0.8]);
  const { sink, epochs, events } = sinkFor();
  const loop = new TrainingLoop({ spec: spec({ epochs: 3 }), model, trainRows: 10, hasValidation: false, seed: 1, healthEvery: 0, sink });
  model.onBatch = (epoch, batch) => {
    if (epoch === 0 && batch === 3) loop.setLearningRate(0.001);
  };
  await loop.run();
  assert.deepEqual(
    epochs.map((e) => e.logs.learning_rate),
    [0.001, 0.001, 0.001],
  );
  assert.deepEqual(model.ratesSeen, [0.01, 0.001, 0.001]);
  const set = events.find((e) => e.kind === 'lrSet');
  assert.equal(set?.epoch, 0);
  assert.equal(set?.data?.newLr, 0.001);
  assert.throws(() => loop.setLearningRate(-1), RangeError);
});

test('a NaN loss ends the run as diverged with an event', async () => {
  const model = new ScriptedModel([1, 5, NaN, 0.1]);
  const { sink, events, epochs } = sinkFor();
  const r = await new TrainingLoop({ spec: spec({ epochs: 4 }), model, trainRows: 10, hasValidation: false, seed: 1, healthEvery: 0, sink }).run();
  assert.equal(r.reason, 'diverged');
  assert.equal(r.epochs, 3);
  assert.ok(Number.isNaN(epochs[2].logs.loss));
  const ev = events.find((e) => e.kind === 'diverged');
  assert.equal(ev?.epoch, 2);
  assert.equal(r.bestEpoch, 0);
});

test('ReduceLROnPlateau and EarlyStopping drive the run: lrReduced, earlyStop, restoredBest', async () => {
  const losses = [1, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6];
  const model = new ScriptedModel(losses);
  const { sink, events, epochs } = sinkFor();
  const s = spec(
    { epochs: 10 },
    {
      reduceLROnPlateau: { monitor: 'loss', factor: 0.5, patience: 1, mode: 'auto', minDelta: 0, cooldown: 0, minLr: 0 },
      earlyStopping: { monitor: 'loss', minDelta: 0, patience: 3, mode: 'auto', baseline: null, restoreBestWeights: true, startFromEpoch: 0 },
    },
  );
  const r = await new TrainingLoop({ spec: s, model, trainRows: 10, hasValidation: false, seed: 1, healthEvery: 0, sink }).run();
  assert.equal(r.reason, 'earlyStopped');
  assert.equal(r.epochs, 5);
  assert.deepEqual(
    epochs.map((e) => e.logs.learning_rate),
    [0.01, 0.01, 0.01, 0.005, 0.0025].map(Math.fround),
    'ReduceLROnPlateau logs the float32 rate, as Keras does',
  );
  assert.deepEqual(
    events.filter((e) => e.kind === 'lrReduced').map((e) => e.epoch),
    [2, 3, 4],
  );
  assert.ok(events.some((e) => e.kind === 'earlyStop' && e.epoch === 4));
  assert.ok(events.some((e) => e.kind === 'restoredBest'));
  // Restored to the end of epoch 1 (the best), whose last batch wrote 13.
  assert.deepEqual(model.weights, [new Float32Array([13])]);
  assert.equal(r.bestEpoch, 1);
});

test('a run resumed from a mid-run checkpoint continues exactly: orders, rates, ReduceLROnPlateau counters, events', async () => {
  const losses = [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
  const callbacks: FitwatchSpec['callbacks'] = {
    reduceLROnPlateau: { monitor: 'loss', factor: 0.5, patience: 1, mode: 'auto', minDelta: 0.0001, cooldown: 1, minLr: 0 },
  };
  const full = new ScriptedModel(losses);
  const fullSink = sinkFor();
  await new TrainingLoop({
    spec: spec({ epochs: 8 }, callbacks),
    model: full,
    trainRows: 12,
    hasValidation: false,
    seed: 3,
    healthEvery: 0,
    sink: fullSink.sink,
  }).run();

  const checkpoints: Checkpoint[] = [];
  const first = new ScriptedModel(losses);
  const firstSink = sinkFor();
  const loop = new TrainingLoop({
    spec: spec({ epochs: 8 }, callbacks),
    model: first,
    trainRows: 12,
    hasValidation: false,
    seed: 3,
    healthEvery: 0,
    sink: firstSink.sink,
    checkpointer: { due: () => true, write: (cp) => void checkpoints.push(structuredClone(cp)) },
  });
  first.onBatch = (epoch) => {
    if (epoch === 4) loop.stop();
  };
  await loop.run();
  const cp = checkpoints[checkpoints.length - 1];
  assert.equal(cp.meta.epochs, 4);

  const resumed = new ScriptedModel(losses);
  const resumedSink = sinkFor();
  await new TrainingLoop({
    spec: spec({ epochs: 8 }, callbacks),
    model: resumed,
    trainRows: 12,
    hasValidation: false,
    seed: 3,
    healthEvery: 0,
    sink: resumedSink.sink,
    resume: cp,
  }).run();
  assert.deepEqual([...first.orders.slice(0, 4), ...resumed.orders], full.orders.slice(0, 4).concat(full.orders.slice(4)));
  assert.deepEqual(
    resumedSink.epochs.map((e) => [e.epoch, e.logs.learning_rate]),
    fullSink.epochs.slice(4).map((e) => [e.epoch, e.logs.learning_rate]),
  );
  assert.equal(resumedSink.events[0].kind, 'resumed');
  const kinds = (events: RunEvent[], from: number): string[] =>
    events.filter((e) => e.epoch >= from && e.kind !== 'resumed').map((e) => `${e.kind}@${e.epoch}`);
  assert.deepEqual(kinds(resumedSink.events, 4), kinds(fullSink.events, 4));
});
