/** Per-feature statistics over the training rows and the normalisation they drive. */
import type { FeatureStats } from '../shared/dataset';
import type { NormalizeMode } from '../shared/spec';

/** Mean, population std, min and max of each feature over rows `[0, trainRows)` (two passes, in float64). */
export function computeFeatureStats(x: Float32Array, features: number, trainRows: number, names: readonly string[]): FeatureStats[] {
  const sum = new Float64Array(features);
  const min = new Float64Array(features).fill(Infinity);
  const max = new Float64Array(features).fill(-Infinity);
  for (let r = 0, o = 0; r < trainRows; r++) {
    for (let j = 0; j < features; j++, o++) {
      const v = x[o];
      sum[j] += v;
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  const mean = sum.map((s) => s / Math.max(trainRows, 1));
  const sq = new Float64Array(features);
  for (let r = 0, o = 0; r < trainRows; r++) {
    for (let j = 0; j < features; j++, o++) {
      const d = x[o] - mean[j];
      sq[j] += d * d;
    }
  }
  return names.map((name, j) => ({
    name,
    mean: mean[j],
    std: Math.sqrt(sq[j] / Math.max(trainRows, 1)),
    min: trainRows > 0 ? min[j] : 0,
    max: trainRows > 0 ? max[j] : 0,
  }));
}

/**
 * Scales every row in place with the training statistics: `standard` to zero mean and unit
 * std (std 0 → 1, as sklearn's StandardScaler), `minmax` to [0, 1] on the training range (range 0 → 1).
 */
export function normalizeInPlace(x: Float32Array, features: number, stats: readonly FeatureStats[], mode: NormalizeMode): void {
  if (mode === 'none') return;
  const shift = new Float64Array(features);
  const scale = new Float64Array(features);
  stats.forEach((s, j) => {
    const spread = mode === 'standard' ? s.std : s.max - s.min;
    shift[j] = mode === 'standard' ? s.mean : s.min;
    scale[j] = spread > 0 ? 1 / spread : 1;
  });
  for (let o = 0; o < x.length; o += features) {
    for (let j = 0; j < features; j++) x[o + j] = (x[o + j] - shift[j]) * scale[j];
  }
}
