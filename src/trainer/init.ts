/**
 * Initial weights for both engines, computed here rather than by tfjs so that the tfjs and
 * fast engines start from identical numbers and `fit.seed` makes a run repeatable.
 */
import { FitwatchError } from '../shared/location';
import type { DatasetSummary } from '../shared/dataset';
import type { DenseLayerSpec, FitwatchSpec } from '../shared/spec';
import { Prng } from './prng';

/** A dense layer with its index in `model.layers` (dropout layers are skipped). */
export interface IndexedDense {
  index: number;
  layer: DenseLayerSpec;
}

/** The dense layers of a spec, in order, with their `model.layers` index for error locations. */
export function denseLayers(spec: FitwatchSpec): IndexedDense[] {
  const out: IndexedDense[] = [];
  spec.model.layers.forEach((layer, index) => {
    if (layer.type === 'dense') out.push({ index, layer });
  });
  return out;
}

/** What the data needs from the output layer: its width, and how that width follows from the data. */
export interface OutputNeed {
  units: number;
  why: string;
}

/**
 * The output width the data and loss call for: one-hot / regression labels need `labelWidth`
 * units, sparse labels one unit per class.
 */
export function requiredOutputUnits(
  spec: FitwatchSpec,
  data: { labelWidth: number; summary: Pick<DatasetSummary, 'classes' | 'labelName'> },
  specFile: string,
): OutputNeed {
  const loss = spec.compile.loss;
  if (loss === 'sparseCategoricalCrossentropy') {
    const classes = data.summary.classes;
    if (!classes || classes.length === 0) {
      throw new FitwatchError({
        code: 'model/sparse-without-classes',
        message: `sparseCategoricalCrossentropy needs class labels, but label "${data.summary.labelName}" has no classes.`,
        fix: 'Use meanSquaredError for a numeric target, or check the label column.',
        location: { file: specFile, jsonPath: ['compile', 'loss'] },
      });
    }
    return { units: classes.length, why: `label "${data.summary.labelName}" has ${classes.length} classes (sparse labels)` };
  }
  if (loss === 'categoricalCrossentropy') {
    return { units: data.labelWidth, why: `label "${data.summary.labelName}" one-hot encodes ${data.labelWidth} classes` };
  }
  if (loss === 'binaryCrossentropy') {
    return { units: data.labelWidth, why: `binaryCrossentropy on label "${data.summary.labelName}" needs ${data.labelWidth} output unit(s)` };
  }
  return { units: data.labelWidth, why: `label "${data.summary.labelName}" has ${data.labelWidth} value(s) per row` };
}

/**
 * Checks the spec's last dense layer against the data and returns its width.
 * `specFile` names the file in the error; the caller may add line/column.
 */
export function checkOutputUnits(spec: FitwatchSpec, need: OutputNeed, specFile: string): number {
  const dense = denseLayers(spec);
  if (dense.length === 0) {
    throw new FitwatchError({
      code: 'model/no-dense-layer',
      message: 'The model has no dense layer, so it has nothing to train.',
      fix: `Add {"type": "dense", "units": ${need.units}} as the last layer.`,
      location: { file: specFile, jsonPath: ['model', 'layers'] },
    });
  }
  const last = dense[dense.length - 1];
  if (last.layer.units !== need.units) {
    throw new FitwatchError({
      code: 'model/output-units-mismatch',
      message: `model.layers[${last.index}].units is ${last.layer.units}, but ${need.why}.`,
      fix: `Set model.layers[${last.index}].units to ${need.units}.`,
      location: { file: specFile, jsonPath: ['model', 'layers', last.index, 'units'] },
    });
  }
  return last.layer.units;
}

/**
 * Glorot-uniform kernels and zero biases in Keras order (per dense layer: kernel [in, out]
 * row-major, then bias when `useBias`). Throws when the last dense layer is not `outputSize` wide.
 */
export function initialWeights(spec: FitwatchSpec, inputSize: number, outputSize: number, seed: number): Float32Array[] {
  const dense = denseLayers(spec);
  const last = dense[dense.length - 1];
  if (!last || last.layer.units !== outputSize) {
    throw new FitwatchError({
      code: 'model/output-units-mismatch',
      message: `The last dense layer must have ${outputSize} units to match the labels.`,
      fix: `Set its units to ${outputSize}.`,
      location: { file: spec.name ?? '<spec>', jsonPath: ['model', 'layers', last ? last.index : 0, 'units'] },
    });
  }
  const prng = new Prng(seed);
  const weights: Float32Array[] = [];
  let fanIn = inputSize;
  for (const { layer } of dense) {
    const fanOut = layer.units;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (prng.next() * 2 - 1) * limit;
    weights.push(kernel);
    if (layer.useBias) weights.push(new Float32Array(fanOut));
    fanIn = fanOut;
  }
  return weights;
}

/** Trainable parameter count of the dense stack: what Keras' summary prints. */
export function parameterCount(spec: FitwatchSpec, inputSize: number): number {
  let total = 0;
  let fanIn = inputSize;
  for (const { layer } of denseLayers(spec)) {
    total += fanIn * layer.units + (layer.useBias ? layer.units : 0);
    fanIn = layer.units;
  }
  return total;
}
