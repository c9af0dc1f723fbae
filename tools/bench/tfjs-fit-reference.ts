/**
 * Plain tfjs `model.fit` on the seed workload: the yardstick the issue sets for our own tfjs
 * loop ("not slower than model.fit"). Same rows, model, optimizer and batch as the trainer's
 * seed run, verbose 0, so the only difference is the loop around the arithmetic.
 */
import * as tf from '@tensorflow/tfjs';
import { generateSeedSample } from '../../src/data/sample';
import { selectBackend, type ActiveBackend } from '../../src/trainer/backend';
import { summarizeTimes, type TimeSummary } from './stats';

/** What the reference measured. */
export interface FitReference extends TimeSummary {
  backend: string;
  epochs: number;
  finalValLoss?: number;
}

/** Trains 1 warm-up + `measured` epochs with `model.fit` on `backend`, in this process. */
export async function measureTfjsFit(backend: ActiveBackend, measured: number, hidden: number[] = [16, 16]): Promise<FitReference> {
  await selectBackend(backend);
  const sample = generateSeedSample();
  const x = tf.tensor2d(sample.x, [sample.rows, sample.features]);
  const y = tf.tensor2d(sample.y, [sample.rows, 1]);
  const model = tf.sequential();
  hidden.forEach((units, i) => model.add(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [sample.features] } : {}) })));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const times: number[] = [];
  let t0 = 0;
  let finalValLoss: number | undefined;
  await model.fit(x, y, {
    epochs: 1 + measured,
    batchSize: 200,
    validationSplit: 0.2,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onEpochBegin: () => {
        t0 = performance.now();
      },
      onEpochEnd: (_epoch, logs) => {
        times.push(performance.now() - t0);
        finalValLoss = logs?.val_loss;
      },
    },
  });
  tf.dispose([x, y]);
  model.dispose();
  return { backend: tf.getBackend(), epochs: times.length, ...summarizeTimes(times), ...(finalValLoss !== undefined ? { finalValLoss } : {}) };
}
