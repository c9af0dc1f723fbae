/** The stand-in model of Keras' callback tests: weights are the epoch they were set at. */
import type { CallbackModel } from '../../../src/shared/callbacks';
import type { EpochLogs } from '../../../src/shared/metrics';

/** Keras' DummyModel (early_stopping_test.py) plus a learning rate, for ReduceLROnPlateau. */
export class DummyModel implements CallbackModel<number> {
  stopTraining = false;
  weights = -1;
  constructor(public learningRate = 0.1) {}
  getLearningRate(): number {
    return this.learningRate;
  }
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }
  getWeights(): number {
    return this.weights;
  }
  setWeights(w: number): void {
    this.weights = w;
  }
}

/** What a fit loop does with callbacks: begin, epochs until a stop is asked, end. Returns epochs trained. */
export function fit(
  model: DummyModel,
  callbacks: { onTrainBegin(): void; onEpochEnd(epoch: number, logs: EpochLogs): void; onTrainEnd(): void }[],
  logsPerEpoch: EpochLogs[],
): number {
  model.stopTraining = false;
  for (const c of callbacks) c.onTrainBegin();
  let trained = 0;
  for (let epoch = 0; epoch < logsPerEpoch.length; epoch++) {
    trained += 1;
    model.weights = epoch;
    const logs = { ...logsPerEpoch[epoch] };
    for (const c of callbacks) c.onEpochEnd(epoch, logs);
    if (model.stopTraining) break;
  }
  for (const c of callbacks) c.onTrainEnd();
  return trained;
}
