/**
 * Which specs the fast engine runs. The spec reaches the trainer over IPC as plain JSON, so
 * every field is checked at runtime even though the types already say the same thing.
 */
import type { FitwatchSpec } from '../../shared/spec';

const ACTIVATIONS = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus']);
const LOSSES = new Set(['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError', 'meanAbsoluteError']);
const OPTIMIZERS = new Set(['adam', 'sgd', 'rmsprop']);
const METRICS = new Set(['accuracy', 'mse', 'mae']);

/** undefined when the fast engine can run `spec`, else why not (the trainer then falls back to tfjs). */
export function fastEngineSupports(spec: FitwatchSpec): string | undefined {
  const layers = spec.model.layers;
  let dense = 0;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const where = `model.layers[${i}]`;
    if (layer.type === 'dense') {
      dense++;
      if (!ACTIVATIONS.has(layer.activation)) return `${where}: activation "${String(layer.activation)}" is not one the fast engine implements`;
      if (!Number.isInteger(layer.units) || layer.units < 1) return `${where}: units must be a positive integer, got ${String(layer.units)}`;
      const reg = layer.kernelRegularizer;
      if (reg && !(isFiniteNonNegative(reg.l1) && isFiniteNonNegative(reg.l2))) return `${where}: kernelRegularizer l1/l2 must be finite and ≥ 0`;
    } else if (layer.type === 'dropout') {
      if (!(layer.rate >= 0 && layer.rate < 1)) return `${where}: dropout rate must be in [0, 1), got ${String(layer.rate)}`;
    } else {
      return `${where}: layer type "${String((layer as { type: unknown }).type)}" is not supported by the fast engine (dense and dropout only)`;
    }
  }
  if (dense === 0) return 'the model has no dense layer';
  const { loss, optimizer, metrics } = spec.compile;
  if (!LOSSES.has(loss)) return `compile.loss "${String(loss)}" is not supported by the fast engine`;
  if (!OPTIMIZERS.has(optimizer.type)) return `compile.optimizer "${String(optimizer.type)}" is not supported by the fast engine`;
  for (const m of metrics) if (!METRICS.has(m)) return `compile.metrics "${String(m)}" is not supported by the fast engine`;
  if (!(Number.isInteger(spec.fit.batchSize) && spec.fit.batchSize >= 1)) return `fit.batchSize must be a positive integer, got ${String(spec.fit.batchSize)}`;
  return undefined;
}

function isFiniteNonNegative(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
