/**
 * Row handling the spec asks for before the split: a one-time shuffle (Keras' validation_split
 * takes the last rows unshuffled, so a sorted file validates on one class) and a standardised
 * regression target.
 */
import { mulberry32 } from '../shared/prng';

/** The seed of the one-time shuffle: fixed, so the split is the same on every run of the spec. */
export const SHUFFLE_SEED = 0;

/** Fisher–Yates over whole rows of `x` (rows × features), `y` (rows × width) and the optional class index, in place. */
export function shuffleRowsOnce(x: Float32Array, features: number, y: Float32Array, width: number, classIndex?: Int32Array, seed = SHUFFLE_SEED): void {
  const rows = y.length / width;
  const next = mulberry32(seed);
  const tmpX = new Float32Array(features);
  const tmpY = new Float32Array(width);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    if (j === i) continue;
    tmpX.set(x.subarray(i * features, (i + 1) * features));
    x.copyWithin(i * features, j * features, (j + 1) * features);
    x.set(tmpX, j * features);
    tmpY.set(y.subarray(i * width, (i + 1) * width));
    y.copyWithin(i * width, j * width, (j + 1) * width);
    y.set(tmpY, j * width);
    if (classIndex) {
      const c = classIndex[i];
      classIndex[i] = classIndex[j];
      classIndex[j] = c;
    }
  }
}

/** (y − mean) / std in place. */
export function standardizeInPlace(y: Float32Array, mean: number, std: number): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] - mean) / std;
}
