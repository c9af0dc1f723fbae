/**
 * Min/max decimation for long runs: when a chart has many more epochs than pixels, each
 * pixel column keeps two rows, carrying every series' minimum and maximum there (in the
 * order they occur). The drawn envelope is what full data would rasterise to, but uPlot
 * builds paths from ~2 points per pixel instead of 10,000 per series. Pure: no DOM.
 *
 * The bucket layout depends only on x and the bucket count, so it is computed once and each
 * series is decimated against it on its own: a chart can then keep the decimated rows of
 * series that did not change (an overlaid run) and redo only the live one.
 */

/** One decimated series: min/max rows, or (smooth) one value per bucket and `undefined` rows. */
export type DecimatedValues = Float64Array | (number | undefined)[];

/** Which rows of x fall in each bucket, and the x of the two rows each bucket keeps. */
export interface BucketLayout {
  /** 2 rows per non-empty bucket: the x of its first and of its last row. */
  x: Float64Array;
  /** For output row pair k: input rows [start[k], end[k]). */
  start: Int32Array;
  end: Int32Array;
}

/**
 * Split ascending `x` into `buckets` equal x-ranges (empty ones dropped). Returns undefined
 * when there is nothing to gain (fewer than 3 rows per bucket).
 */
export function bucketLayout(x: ArrayLike<number>, buckets: number): BucketLayout | undefined {
  const n = x.length;
  if (buckets < 1 || n <= 3 * buckets) return undefined;
  const x0 = x[0];
  const span = x[n - 1] - x0 || 1;
  const outX = new Float64Array(2 * buckets);
  const starts = new Int32Array(buckets);
  const ends = new Int32Array(buckets);
  let pairs = 0;
  let start = 0;
  for (let b = 0; b < buckets && start < n; b++) {
    const limit = b === buckets - 1 ? Infinity : x0 + ((b + 1) * span) / buckets;
    let end = start;
    while (end < n && x[end] < limit) end++;
    if (end === start) continue;
    outX[2 * pairs] = x[start];
    outX[2 * pairs + 1] = x[end - 1];
    starts[pairs] = start;
    ends[pairs] = end;
    pairs++;
    start = end;
  }
  return { x: outX.subarray(0, 2 * pairs), start: starts.subarray(0, pairs), end: ends.subarray(0, pairs) };
}

/**
 * Decimate one column (row i ↔ layout's x row i) against `layout`. A bucket with no finite
 * value gets NaN. A `smooth` column (already smoothed, so min ≈ max within a pixel) keeps one
 * point per bucket, its last row's value, and `undefined` in the other row, which uPlot skips
 * without breaking the line: half the segments to stroke.
 */
export function decimateColumn(layout: BucketLayout, column: ArrayLike<number>, smooth = false): DecimatedValues {
  const pairs = layout.start.length;
  if (smooth) {
    const out = new Array<number | undefined>(2 * pairs);
    for (let k = 0; k < pairs; k++) {
      const last = layout.end[k] - 1;
      const v = last < column.length ? column[last] : NaN;
      out[2 * k] = undefined;
      out[2 * k + 1] = Number.isFinite(v) ? v : undefined;
    }
    return out;
  }
  const y = new Float64Array(2 * pairs).fill(NaN);
  for (let k = 0; k < pairs; k++) {
    let min = Infinity;
    let max = -Infinity;
    let minAt = -1;
    let maxAt = -1;
    const stop = Math.min(layout.end[k], column.length);
    for (let i = layout.start[k]; i < stop; i++) {
      const v = column[i];
      if (!(v > -Infinity && v < Infinity)) continue;
      if (v < min) {
        min = v;
        minAt = i;
      }
      if (v > max) {
        max = v;
        maxAt = i;
      }
    }
    if (minAt < 0) continue;
    y[2 * k] = minAt <= maxAt ? min : max;
    y[2 * k + 1] = minAt <= maxAt ? max : min;
  }
  return y;
}
