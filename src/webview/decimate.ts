/**
 * Min/max decimation for long runs: when a chart has many more epochs than pixels, each
 * pixel column keeps two rows, carrying every series' minimum and maximum there (in the
 * order they occur). The drawn envelope is what full data would rasterise to, but uPlot
 * builds paths from ~2 points per pixel instead of 10,000 per series. Pure: no DOM.
 */

/** Aligned rows for uPlot: x and one value array per series. */
export interface DecimatedData {
  x: Float64Array;
  /** Min/max series: NaN where a bucket has no value. Smooth series: plain arrays, see below. */
  ys: (Float64Array | (number | undefined)[])[];
}

/**
 * Decimate `columns` (row i ↔ x[i], x ascending) into `buckets` equal x-ranges; a series with
 * no finite value in a bucket gets NaN there. Series flagged in `smooth` (already smoothed,
 * so min ≈ max within a pixel) keep one point per bucket, its last value, and `undefined` in
 * the other row, which uPlot skips without breaking the line: half the segments to stroke.
 * Returns undefined when there is nothing to gain.
 */
export function decimateMinMax(x: ArrayLike<number>, columns: readonly ArrayLike<number>[], buckets: number, smooth: readonly boolean[] = []): DecimatedData | undefined {
  const n = x.length;
  if (buckets < 1 || n <= 3 * buckets) return undefined;
  const x0 = x[0];
  const span = x[n - 1] - x0 || 1;
  const outX = new Float64Array(2 * buckets);
  const ys = columns.map(() => new Float64Array(2 * buckets).fill(NaN));
  let rows = 0;
  let start = 0;
  for (let b = 0; b < buckets && start < n; b++) {
    const limit = b === buckets - 1 ? Infinity : x0 + ((b + 1) * span) / buckets;
    let end = start;
    while (end < n && x[end] < limit) end++;
    if (end === start) continue;
    outX[rows] = x[start];
    outX[rows + 1] = x[end - 1];
    for (let s = 0; s < columns.length; s++) {
      const c = columns[s];
      let min = Infinity;
      let max = -Infinity;
      let minAt = -1;
      let maxAt = -1;
      const stop = Math.min(end, c.length);
      for (let i = start; i < stop; i++) {
        const v = c[i];
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
      const y = ys[s];
      y[rows] = minAt <= maxAt ? min : max;
      y[rows + 1] = minAt <= maxAt ? max : min;
    }
    rows += 2;
    start = end;
  }
  return {
    x: outX.subarray(0, rows),
    ys: ys.map((y, s) => {
      if (!smooth[s]) return y.subarray(0, rows);
      const out = new Array<number | undefined>(rows);
      for (let r = 0; r < rows; r += 2) {
        // Row r+1 holds the bucket's last row's x; take that row's own value, not an extreme.
        const v = columns[s][xIndex(x, outX[r + 1])];
        out[r] = undefined;
        out[r + 1] = v !== undefined && Number.isFinite(v) ? v : undefined;
      }
      return out;
    }),
  };
}

/** Row of `value` in ascending `x` (binary search; x holds it exactly). */
function xIndex(x: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
