/**
 * Keras' `class_weight` (fit.classWeight) turned into one weight per training row. Keras 3 turns
 * class_weight into sample_weight the same way; the weighted loss is Σ wᵢ·lossᵢ / batch rows and
 * validation is not weighted.
 */
import { balancedClassWeights } from '../shared/class-weights';
import { FitwatchError } from '../shared/location';
import type { ClassWeightSpec } from '../shared/spec';

/** One weight per class: `balanced` (see balancedClassWeights), or the spec's weights with 1 for classes it does not name. */
export function resolveClassWeights(choice: ClassWeightSpec, trainCounts: readonly number[], classes: readonly string[], source: string): number[] {
  const k = trainCounts.length;
  if (choice === 'balanced') return balancedClassWeights(trainCounts);
  const weights = new Array<number>(k).fill(1);
  for (const [key, value] of Object.entries(choice)) {
    const index = Number(key);
    if (!(index < k)) {
      throw new FitwatchError({
        code: 'data/class-weight-class',
        message: `fit.classWeight names class ${key}, but ${source} has ${k} classes (0…${k - 1}: ${classes.map((c, i) => `${i} = ${c}`).join(', ')}).`,
        fix: `Use class indices 0…${k - 1}, or "classWeight": "balanced".`,
        location: { file: '<spec>', jsonPath: ['fit', 'classWeight', key] },
      });
    }
    weights[index] = value;
  }
  return weights;
}

/** The weight of each of the first `trainRows` rows, by its class index. */
export function rowWeights(classIndex: Int32Array, trainRows: number, perClass: readonly number[]): Float32Array {
  const out = new Float32Array(trainRows);
  for (let r = 0; r < trainRows; r++) out[r] = perClass[classIndex[r]];
  return out;
}
