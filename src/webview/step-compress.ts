/**
 * A learning-rate schedule is a step function: thousands of equal values between a handful of
 * changes. Stepped paths are not decimated by uPlot, so the LR chart gets only the change
 * points (plus each run's last epoch), which draws the identical staircase at a tiny cost.
 */

/** Series values (null where a run has no data) on a shared, compressed x. */
export interface CompressedSteps {
  /** 1-based epochs. */
  x: Float64Array;
  ys: (number | null)[][];
}

/** Compress `columns` (row i = epoch i) to the rows where any of them changes value. */
export function compressSteps(columns: readonly ArrayLike<number>[]): CompressedSteps {
  const rows = new Set<number>();
  for (const c of columns) {
    if (c.length === 0) continue;
    rows.add(0);
    for (let i = 1; i < c.length; i++) {
      const a = c[i - 1];
      const b = c[i];
      // NaN never equals itself: treat NaN → NaN as no change, anything else as a step.
      if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) rows.add(i);
    }
    rows.add(c.length - 1);
  }
  const sorted = [...rows].sort((a, b) => a - b);
  const x = Float64Array.from(sorted, (r) => r + 1);
  const ys = columns.map((c) => sorted.map((r) => (r < c.length && Number.isFinite(c[r]) ? c[r] : null)));
  return { x, ys };
}
