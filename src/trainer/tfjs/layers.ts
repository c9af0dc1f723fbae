/**
 * Builds the tfjs Sequential model from the spec with Keras layer names (`dense`, `dense_1`, …),
 * so saved models and health reports read like their Keras counterparts.
 */
import * as tf from '@tensorflow/tfjs';
import type { FitwatchSpec, LayerSpec } from '../../shared/spec';

/** The Keras auto-name of the n-th layer of a kind: `dense`, `dense_1`, `dense_2`, … */
export function kerasLayerName(kind: string, n: number): string {
  return n === 0 ? kind : `${kind}_${n}`;
}

/** The names `buildSequential` gives the spec's layers, in order. */
export function layerNames(layers: LayerSpec[]): string[] {
  const counts: Record<string, number> = {};
  return layers.map((l) => {
    const n = counts[l.type] ?? 0;
    counts[l.type] = n + 1;
    return kerasLayerName(l.type, n);
  });
}

/** A Sequential model whose layers match `spec.model.layers` one to one. */
export function buildSequential(spec: FitwatchSpec, inputSize: number): tf.Sequential {
  const model = tf.sequential({ name: spec.name ? spec.name.replace(/[^A-Za-z0-9_]/g, '_') : 'sequential' });
  const names = layerNames(spec.model.layers);
  spec.model.layers.forEach((layer, i) => {
    const inputShape = i === 0 ? [inputSize] : undefined;
    if (layer.type === 'dense') {
      const reg = layer.kernelRegularizer;
      model.add(
        tf.layers.dense({
          name: names[i],
          units: layer.units,
          activation: layer.activation,
          useBias: layer.useBias,
          inputShape,
          kernelRegularizer: reg ? tf.regularizers.l1l2({ l1: reg.l1, l2: reg.l2 }) : undefined,
        }),
      );
    } else {
      model.add(tf.layers.dropout({ name: names[i], rate: layer.rate, inputShape }));
    }
  });
  return model;
}
