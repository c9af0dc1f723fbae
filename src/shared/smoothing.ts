/**
 * TensorBoard's scalar smoothing: a debiased exponential moving average.
 * Same arithmetic as tensorboard's line chart (`last = last * w + (1 - w) * v`, divided by
 * `1 - w^n` where n counts the finite points so far) so curves look the way users know them.
 * Non-finite values pass through unchanged and do not advance the average, as in TensorBoard.
 */

/** The default slider position, TensorBoard's default. */
export const DEFAULT_SMOOTHING = 0.6;

/** Clamp a weight to [0, 0.999]: 1 would freeze the average at its first value forever. */
export function clampSmoothing(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return weight >= 0.999 ? 0.999 : weight;
}

/** Incremental form, so a live run appends one smoothed point per epoch in O(1). */
export class EmaSmoother {
  private last = 0;
  /** w^n, kept as a running product: Math.pow per point is the costliest step at 10k epochs. */
  private weightPow = 1;
  constructor(readonly weight: number) {}

  /** Feed the next raw value; returns its smoothed value. */
  next(value: number): number {
    if (!Number.isFinite(value)) return value;
    const w = this.weight;
    this.last = this.last * w + (1 - w) * value;
    this.weightPow *= w;
    // Starting from 0 biases the average toward 0 by a factor (1 - w^n); dividing removes it.
    const debias = w === 1 ? 1 : 1 - this.weightPow;
    return this.last / debias;
  }
}

/** Smooth `values[0..length)` into `out` (allocated when absent or too short); returns `out`. */
export function smoothEma(values: ArrayLike<number>, weight: number, out?: Float64Array, length = values.length): Float64Array {
  const dst = out && out.length >= length ? out : new Float64Array(length);
  if (weight <= 0) {
    for (let i = 0; i < length; i++) dst[i] = values[i];
    return dst;
  }
  const ema = new EmaSmoother(weight);
  for (let i = 0; i < length; i++) dst[i] = ema.next(values[i]);
  return dst;
}
