/**
 * The arrays handed to uPlot, kept per series while their inputs are unchanged. A live epoch
 * changes only the live run's columns, so the overlaid runs keep their decimated arrays: that
 * skips their decimation, and (because uPlot sees the same array objects) lets the charts
 * reuse their paths. Pure: no DOM.
 */
import { bucketLayout, decimateColumn, type BucketLayout } from './decimate';

/** Values of one series as uPlot takes them (null marks a gap, undefined a skipped row). */
export type DrawnValues = Float64Array | (number | null | undefined)[];

/** uPlot draws null as a gap but NaN as a point: trim NaN tails, null out inner gaps (rare). */
export function drawable(view: Float64Array): DrawnValues {
  let last = view.length - 1;
  while (last >= 0 && !Number.isFinite(view[last])) last--;
  const trimmed = view.subarray(0, last + 1);
  for (let i = 0; i < trimmed.length; i++) {
    if (!Number.isFinite(trimmed[i])) return Array.from(trimmed, (v) => (Number.isFinite(v) ? v : null));
  }
  return trimmed;
}

/** What a series' drawn values are derived from; equal versions mean equal values. */
export interface SeriesVersion {
  /**
   * The column object the values come from (undefined: none). Series ids are per chart slot,
   * not per run (`main:loss` names whichever run is shown), so without it a new run of the
   * same length would get the previous run's cached array.
   */
  source: object | undefined;
  /** Rows in the source column. */
  length: number;
  /** The source column's rewrite count. */
  rewrites: number;
  /** Smoothing weight applied (0 for raw and plain series). */
  weight: number;
  /** Keep one point per bucket (an already smooth curve) instead of min and max. */
  smooth: boolean;
}

/** Rows [from, to) of epochs 1..n to draw, bucketed for the plot width or (layout undefined) each drawn. */
export interface DrawnLayout {
  /** Changes whenever the rows or buckets do: part of every cached array's key. */
  id: number;
  from: number;
  to: number;
  /** x of the drawn rows. */
  x: Float64Array;
  layout: BucketLayout | undefined;
}

/** A cached layout and what it was made for. */
interface Layout extends DrawnLayout {
  n: number;
  buckets: number;
}

interface Entry {
  key: string;
  source: object | undefined;
  values: DrawnValues;
}

/** Decimation layouts and drawn arrays, reused across frames. */
export class DrawnSeriesCache {
  private layouts: Layout[] = [];
  private nextLayoutId = 1;
  private entries = new Map<string, Entry>();

  /**
   * How to draw rows [from, to) of `x` (epochs 1..n) in `buckets` pixel columns: the same
   * object while n, the window and the width are, so cached arrays stay valid.
   */
  layout(x: Float64Array, buckets: number, from = 0, to = x.length): DrawnLayout {
    const n = x.length;
    let l = this.layouts.find((c) => c.n === n && c.buckets === buckets && c.from === from && c.to === to);
    if (!l) {
      const rows = x.subarray(from, to);
      const layout = bucketLayout(rows, buckets);
      // The x array too is kept: uPlot seeing the same object lets unchanged charts skip their redraw.
      l = { id: this.nextLayoutId++, n, buckets, from, to, x: layout ? layout.x : rows, layout };
      // One per chart width and zoom window in use; a growing live run replaces them as it goes.
      this.layouts = [l, ...this.layouts.slice(0, 5)];
    }
    return l;
  }

  /**
   * The drawn values of series `id` for `layout`; `values()` gives its full-resolution values
   * (row i = epoch i + 1) and is only called when the cached array is stale.
   */
  get(id: string, layout: DrawnLayout, version: SeriesVersion, values: () => Float64Array): DrawnValues {
    const key = `${layout.id}|${version.length}|${version.rewrites}|${version.weight}|${version.smooth}`;
    const hit = this.entries.get(id);
    if (hit && hit.key === key && hit.source === version.source) return hit.values;
    const rows = values().subarray(layout.from, layout.to);
    let drawn: DrawnValues;
    if (!layout.layout) drawn = drawable(rows);
    else {
      const d = decimateColumn(layout.layout, rows, version.smooth);
      drawn = d instanceof Float64Array ? drawable(d) : d;
    }
    this.entries.set(id, { key, source: version.source, values: drawn });
    return drawn;
  }

  /** Forget series no longer drawn. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id);
  }
}
