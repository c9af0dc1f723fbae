/**
 * Writes a model in the tfjs layers format (`model.json` + `weights.bin`) with the same
 * Sequential topology `model.toJSON()` gives for this spec, so `tf.loadLayersModel` reads it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DenseStage } from './network';

/** What saving reads of a layer; a planned network's SavedLayer is one, and the Keras engine builds them from the spec. */
export type SavableLayer =
  | { kind: 'dense'; name: string; stage: Pick<DenseStage, 'nIn' | 'nOut' | 'activation' | 'useBias' | 'regularizer'> }
  | { kind: 'dropout'; name: string; rate: number };

/** tfjs-layers version the topology mimics. */
const TFJS_LAYERS_VERSION = '4.22.0';

/** One weight as listed in the manifest. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** The JSON tfjs writes for a Sequential model of these layers fed `features` inputs. */
export function sequentialTopology(layers: readonly SavableLayer[], features: number): Record<string, unknown> {
  const config = layers.map((l, i) => {
    if (l.kind === 'dropout') {
      return { class_name: 'Dropout', config: { rate: l.rate, noise_shape: null, seed: null, name: l.name, trainable: true } };
    }
    const s = l.stage;
    const dense: Record<string, unknown> = {
      units: s.nOut,
      activation: s.activation,
      use_bias: s.useBias,
      // tfjs serialises its default glorotUniform this way; the values themselves come from weights.bin.
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: s.regularizer ? { class_name: 'L1L2', config: { l1: s.regularizer.l1, l2: s.regularizer.l2 } } : null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name: l.name,
      trainable: true,
    };
    if (i === 0) {
      dense.batch_input_shape = [null, features];
      dense.dtype = 'float32';
    }
    return { class_name: 'Dense', config: dense };
  });
  if (layers[0]?.kind === 'dropout') {
    const first = config[0].config as Record<string, unknown>;
    first.batch_input_shape = [null, features];
    first.dtype = 'float32';
  }
  return {
    class_name: 'Sequential',
    config: { name: 'sequential_1', layers: config },
    keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`,
    backend: 'tensor_flow.js',
  };
}

/** Weight specs in Keras order (kernel, then bias, per dense layer). */
export function weightSpecs(layers: readonly SavableLayer[]): WeightSpec[] {
  const specs: WeightSpec[] = [];
  for (const l of layers) {
    if (l.kind !== 'dense') continue;
    specs.push({ name: `${l.name}/kernel`, shape: [l.stage.nIn, l.stage.nOut], dtype: 'float32' });
    if (l.stage.useBias) specs.push({ name: `${l.name}/bias`, shape: [l.stage.nOut], dtype: 'float32' });
  }
  return specs;
}

/** The model.json document: topology plus a manifest pointing at weights.bin. */
export function modelJson(layers: readonly SavableLayer[], features: number): Record<string, unknown> {
  return {
    modelTopology: sequentialTopology(layers, features),
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${TFJS_LAYERS_VERSION}`,
    convertedBy: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs(layers) }],
  };
}

/** Concatenates weights as little-endian float32 (the platform order of every Node target). */
export function packWeights(weights: Float32Array[]): Uint8Array {
  const total = weights.reduce((n, w) => n + w.length, 0);
  const packed = new Float32Array(total);
  let at = 0;
  for (const w of weights) {
    packed.set(w, at);
    at += w.length;
  }
  return new Uint8Array(packed.buffer);
}

/** Writes `dir/model.json` and `dir/weights.bin`, creating `dir`. */
export async function saveLayersModel(dir: string, layers: readonly SavableLayer[], features: number, weights: Float32Array[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'weights.bin'), packWeights(weights));
  await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson(layers, features)));
}
