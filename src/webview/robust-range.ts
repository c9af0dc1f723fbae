/**
 * A y range that is not wrecked by one spike: the first epochs of a run (loss 50 before it
 * drops to 0.2) or a diverging batch would otherwise squash the interesting part into a line.
 * Values are sampled (bounded cost at any run length), the 2nd–98th percentiles give the bulk,
 * and only values within a fence around the bulk widen it (Tukey-style). Pure: no DOM.
 */

/** Sample size for the quantiles: sorting 4k numbers is well under a millisecond. */
const MAX_SAMPLE = 4096;
/** How far past the bulk's span a value may lie and still count as data, not a spike. */
const FENCE = 0.5;
/** Margin added on each side, as a fraction of the span. */
const PAD = 0.05;

/** Options for `robustRange`. */
export interface RobustRangeOptions {
  /** Log axis: work in log10 and ignore non-positive values. */
  log?: boolean;
  /** Rows from this index on are considered (the view's first visible row). */
  from?: number;
  /** Rows before this index are considered (exclusive). */
  to?: number;
}

function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** [min, max] for a y axis over `columns[from..to)`, or undefined when there is no finite value. */
export function robustRange(columns: readonly ArrayLike<number | null>[], options: RobustRangeOptions = {}): [number, number] | undefined {
  const log = options.log === true;
  const from = Math.max(0, options.from ?? 0);
  let total = 0;
  for (const c of columns) total += Math.max(0, Math.min(c.length, options.to ?? c.length) - from);
  if (total === 0) return undefined;
  const stride = Math.max(1, Math.ceil(total / MAX_SAMPLE));
  const sample = new Float64Array(Math.min(total, MAX_SAMPLE + columns.length));
  let n = 0;
  // Extremes on raw values (log is monotonic), logs only for the sample: this loop runs over
  // every visible point of every series on each redraw, so it stays branch-light.
  let min = Infinity;
  let max = -Infinity;
  for (const c of columns) {
    const to = Math.min(c.length, options.to ?? c.length);
    let skip = 0;
    for (let i = from; i < to; i++) {
      const v = c[i];
      if (v === null || !(v > -Infinity && v < Infinity) || (log && v <= 0)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (skip === 0 && n < sample.length) {
        sample[n++] = log ? Math.log10(v) : v;
        skip = stride;
      }
      skip--;
    }
  }
  if (n === 0) return undefined;
  if (log) {
    min = Math.log10(min);
    max = Math.log10(max);
  }
  const sorted = sample.subarray(0, n).sort();
  const qLo = quantileSorted(sorted, 0.02);
  const qHi = quantileSorted(sorted, 0.98);
  const span = qHi - qLo;
  const lo = min >= qLo - FENCE * span ? min : qLo - PAD * span;
  const hi = max <= qHi + FENCE * span ? max : qHi + PAD * span;
  let a = lo;
  let b = hi;
  if (b - a <= Math.abs(b) * 1e-9) {
    // A flat line: give it some room instead of a zero-height axis.
    const room = log ? 0.5 : Math.max(Math.abs(b) * 0.1, 1e-6);
    a -= room;
    b += room;
  } else {
    const pad = (b - a) * PAD;
    a -= pad;
    b += pad;
  }
  return log ? [Math.pow(10, a), Math.pow(10, b)] : [a, b];
}

/** How much a kept range may exceed what the data needs, and how far it grows when outgrown. */
export interface StickyOptions {
  /** Keep `prev` while its span is at most this multiple of the needed span. */
  slack: number;
  /** Grow this fraction of the span further, on the side the data outgrew. */
  headroom: number;
}

/**
 * The y range to use given the last one (`prev`) and the one the data needs now (`next`),
 * both in axis units (log10 on a log axis). Keeping `prev` while `next` fits inside it, and
 * growing past `next` when outgrown, means a live epoch rarely moves the scale: a moved scale
 * redraws every series, an unmoved one only the live run's.
 */
export function stickyRange(prev: readonly [number, number] | undefined, next: readonly [number, number], options: StickyOptions): [number, number] {
  let [lo, hi] = next;
  if (!prev || prev[1] - prev[0] > options.slack * (hi - lo)) return [lo, hi];
  if (prev[0] <= lo && hi <= prev[1]) return [prev[0], prev[1]];
  const span = hi - lo;
  if (lo < prev[0]) lo -= options.headroom * span;
  if (hi > prev[1]) hi += options.headroom * span;
  return [lo, hi];
}
