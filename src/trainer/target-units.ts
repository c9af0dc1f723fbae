/**
 * `data.standardizeTarget`: the engines train on (y − mean) / std; this wrapper reports loss,
 * val_loss and the mse/mae metrics back in the target's units (MSE × std², MAE × std), and saves
 * the mean/std beside the model so predictions can be de-normalised (prediction × std + mean).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochLogs } from '../shared/metrics';
import type { LossName } from '../shared/spec';
import type { TrainableModel } from './engine';

/** The file beside model.json that holds the target's mean and std. */
export const TARGET_SCALING_FILE = 'target-scaling.json';

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
    save: async (dir) => {
      await model.save(dir);
      const note = 'The model predicts (y - mean) / std: multiply its output by std and add mean.';
      writeFileSync(join(dir, TARGET_SCALING_FILE), `${JSON.stringify({ target: scaling, note }, null, 2)}\n`);
    },
    dispose: () => model.dispose(),
  };
}
