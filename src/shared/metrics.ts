/** Keras-style epoch logs: `loss`, `acc`, `val_loss`, `val_acc`, `learning_rate`, … */
export type EpochLogs = Record<string, number>;

/** One finished epoch. `epoch` is 0-based as in Keras callbacks; display it as epoch + 1. */
export interface EpochRecord {
  epoch: number;
  logs: EpochLogs;
  /** Wall time of the epoch in milliseconds (training + validation). */
  durationMs: number;
}

/** The metric history of a run, in epoch order. */
export type History = EpochRecord[];

/** The log key for a metric name: `accuracy` is logged as `acc`, like the seed's Keras 2 output. */
export function metricLogName(metric: string): string {
  return metric === 'accuracy' ? 'acc' : metric;
}

/** `Epoch 83/1000 - 0s - loss: 0.2036 - acc: 0.9146 - val_loss: 0.2375 - val_acc: 0.8901`, as Keras verbose=2 prints it. */
export function formatKerasEpochLine(rec: EpochRecord, totalEpochs: number): string {
  const secs = Math.round(rec.durationMs / 1000);
  const parts = [`Epoch ${rec.epoch + 1}/${totalEpochs}`, `${secs}s`];
  const keys = Object.keys(rec.logs).filter((k) => k !== 'learning_rate');
  const order = (k: string): number => (k.startsWith('val_') ? 1 : 0);
  keys.sort((a, b) => order(a) - order(b) || (a === 'loss' || a === 'val_loss' ? -1 : b === 'loss' || b === 'val_loss' ? 1 : a.localeCompare(b)));
  for (const k of keys) parts.push(`${k}: ${rec.logs[k].toFixed(4)}`);
  if (rec.logs.learning_rate !== undefined) parts.push(`learning_rate: ${formatLearningRate(rec.logs.learning_rate)}`);
  return parts.join(' - ');
}

/** A learning rate in the short form Keras prints (`0.01`, `1e-05`). */
export function formatLearningRate(lr: number): string {
  return lr >= 1e-4 ? String(Number(lr.toPrecision(4))) : lr.toExponential(1).replace(/e-(\d)$/, 'e-0$1');
}
