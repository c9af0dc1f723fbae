/** Synthetic recorded runs for the replay and chooser tests (deterministic: seeded noise). */
import type { History } from '../../../src/shared/metrics';
import { mulberry32 } from '../../../src/shared/prng';

/** mulberry32 (the shared seeded PRNG) so "noisy" curves are the same on every run. */
export const prng = mulberry32;

/** A history from per-epoch val_loss values, 100 ms per epoch, learning rate 0.01 throughout. */
export function historyOf(valLoss: number[], durationMs: (epoch: number) => number = () => 100): History {
  return valLoss.map((v, epoch) => ({
    epoch,
    logs: { loss: v * 0.8, acc: 0.9, val_loss: v, val_acc: 0.88, learning_rate: 0.01 },
    durationMs: durationMs(epoch),
  }));
}

/**
 * The seed question's shape: val_loss falls fast, flattens, bottoms out near epoch 455 and then creeps
 * up (overfitting), with epoch-to-epoch noise of about ±0.003.
 */
export function seedLikeHistory(epochs = 1000): History {
  const rand = prng(42);
  const values = Array.from({ length: epochs }, (_, e) => {
    const trend = 0.13 + 0.5 * Math.exp(-e / 60) + 2e-8 * Math.max(0, e - 455) ** 2;
    return trend + (rand() - 0.5) * 0.006;
  });
  return historyOf(values);
}

/** Falls steadily, then stays flat (with noise) for the rest of the run. */
export function plateauHistory(descendEpochs: number, flatEpochs: number): History {
  const rand = prng(7);
  const values: number[] = [];
  for (let e = 0; e < descendEpochs; e++) values.push(1 - (0.7 * e) / descendEpochs);
  for (let e = 0; e < flatEpochs; e++) values.push(0.3 + (rand() - 0.5) * 0.004);
  return historyOf(values);
}
