/** Small specs and in-memory datasets for trainer unit tests. */
import type { FitwatchSpec, LayerSpec } from '../../../src/shared/spec';
import type { EngineData } from '../../../src/trainer/engine-data';
import { Prng } from '../../../src/trainer/prng';

/** A resolved spec with the given layers and Keras-like defaults. */
export function makeSpec(layers: LayerSpec[], over: Partial<FitwatchSpec> = {}): FitwatchSpec {
  return {
    name: 'unit',
    data: { kind: 'sample', sample: 'seed', rows: 600, features: 8, seed: 1, normalize: 'none' },
    model: { layers },
    compile: { loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, metrics: ['accuracy'] },
    fit: { epochs: 5, batchSize: 32, validationSplit: 0.2, shuffle: true, seed: 7 },
    callbacks: {},
    backend: 'cpu',
    engine: 'tfjs',
    ...over,
  };
}

/** 8 → 8 relu → 1 sigmoid. */
export const SMALL_LAYERS: LayerSpec[] = [
  { type: 'dense', units: 8, activation: 'relu', useBias: true },
  { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
];

/** A learnable binary problem: the label is the sign of a fixed linear score, with a little noise. */
export function binaryData(rows = 600, features = 8, seed = 3): EngineData {
  const p = new Prng(seed);
  const w = Array.from({ length: features }, () => p.next() * 2 - 1);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let f = 0; f < features; f++) {
      const v = p.next() * 2 - 1;
      x[r * features + f] = v;
      s += v * w[f];
    }
    y[r] = s + (p.next() - 0.5) * 0.2 > 0 ? 1 : 0;
  }
  return { x, y, labelWidth: 1, rows, features, trainRows: Math.floor(rows * 0.8), summary: { labelName: 'label', classes: ['0', '1'] } };
}
