/** Number formatting for the legend and header, matching what Keras prints where it can. */
import { formatLearningRate } from '../shared/metrics';

/** A metric value: 4 decimals like Keras' verbose output, scientific when tiny or huge. */
export function formatValue(key: string, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (key === 'learning_rate' || key === 'lr') return formatLearningRate(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toFixed(4);
}
