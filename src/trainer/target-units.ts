/**
 * `data.standardizeTarget`: the engines train on (y − mean) / std; this wrapper reports loss,
 * val_loss and the mse/mae metrics back in the target's units (MSE × std², MAE × std). The mean
 * and std a prediction needs (output × std + mean) are preprocessing.json's `target` (docs/runs.md).
 */
import type { EpochLogs } from '../shared/metrics';
import type { LossName } from '../shared/spec';
import type { TrainableModel } from './engine';

/** Logs in the target's units: squared-error quantities × std², absolute ones × std. */
export function toTargetUnits(logs: EpochLogs, loss: LossName, std: number): EpochLogs {
  const out: EpochLogs = { ...logs };
  for (const [key, value] of Object.entries(logs)) {
    if (typeof value !== 'number') continue;
    const name = key.replace(/^val_/, '');
    const squared = name === 'mse' || (name === 'loss' && loss === 'meanSquaredError');
    const absolute = name === 'mae' || (name === 'loss' && loss === 'meanAbsoluteError');
    if (squared) out[key] = value * std * std;
    else if (absolute) out[key] = value * std;
  }
  return out;
}

/** Wraps a model trained on a standardised target so everything it reports is in the target's units. */
export function inTargetUnits(model: TrainableModel, loss: LossName, scaling: { mean: number; std: number }): TrainableModel {
  return {
    get parameters() {
      return model.parameters;
    },
    get learningRate() {
      return model.learningRate;
    },
    set learningRate(value: number) {
      model.learningRate = value;
    },
    trainEpoch: async (order, shouldStop) => toTargetUnits(await model.trainEpoch(order, shouldStop), loss, scaling.std),
    evaluate: async () => toTargetUnits(await model.evaluate(), loss, scaling.std),
    getWeights: () => model.getWeights(),
    setWeights: (w) => model.setWeights(w),
    health: () => model.health(),
    save: (dir) => model.save(dir),
    getTrainingState: () => model.getTrainingState(),
    setTrainingState: (state) => model.setTrainingState(state),
    dispose: () => model.dispose(),
  };
}
