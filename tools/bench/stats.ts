/** Small statistics for timings: medians and quantiles of per-epoch wall times. */

/** Steady-state per-epoch timings; the first epoch is reported apart because it pays JIT and allocation warm-up. */
export interface TimeSummary {
  msPerEpochMedian: number;
  msPerEpochMin: number;
  firstEpochMs: number;
}

/** The q-quantile (0…1) of `xs` by linear interpolation; throws on an empty list since no answer is right. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new RangeError('quantile of an empty list');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** The median of `xs` (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Median and min over the epochs after the first (all of them when there is only one). */
export function summarizeTimes(times: readonly number[]): TimeSummary {
  if (times.length === 0) throw new RangeError('no epoch timings to summarise');
  const steady = times.length > 1 ? times.slice(1) : times;
  return { msPerEpochMedian: median(steady), msPerEpochMin: Math.min(...steady), firstEpochMs: times[0] };
}
