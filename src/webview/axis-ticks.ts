/**
 * Tick values and labels for the y axes. uPlot's own log ticks label only powers of ten once
 * space is short, so a learning rate going 0.01 → 0.005 → 0.0025 showed a single "0.01"; and
 * the loss chart switches between linear and log in place (no rebuild), so one set of
 * functions must serve both. Pure: no DOM.
 */

/** Mantissa sets for log ticks, densest first. */
const LOG_MANTISSAS: readonly (readonly number[])[] = [[1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 5], [1, 3], [1]];
/** Steps of a "nice" linear tick spacing, as multiples of a power of ten. */
const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** `v` without float noise (0.30000000000000004 → 0.3). */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/** The smallest nice step (1, 2, 2.5 or 5 × 10^k) that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = Math.pow(10, exp);
  for (const m of NICE_STEPS) if (m * base >= raw * (1 - 1e-9)) return clean(m * base);
  return clean(10 * base);
}

/** Multiples of `step` within [min, max]. */
export function linearTicks(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !(max >= min)) return [];
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let k = first; k * step <= max + step * 1e-9 && out.length < 1000; k++) out.push(clean(k * step) || 0);
  return out;
}

/** Smallest gap between neighbouring ticks, in pixels of an axis `px` long on a log scale. */
function minLogGapPx(ticks: readonly number[], lo: number, hi: number, px: number): number {
  let gap = Infinity;
  for (let i = 1; i < ticks.length; i++) gap = Math.min(gap, (Math.log10(ticks[i] / ticks[i - 1]) / (hi - lo)) * px);
  return gap;
}

/**
 * Ticks for a log axis over [min, max] (min > 0) drawn `px` pixels long, neighbours at least
 * `minGapPx` apart: the densest of 1–9, 1-2-5, 1-3 or 1 per decade that fits, every k-th
 * decade when even that is crowded, and nice linear steps when the range is under a decade
 * and the log sets leave fewer than three ticks (a loss plateau from 0.11 to 0.19).
 */
export function logTicks(min: number, max: number, px: number, minGapPx: number): number[] {
  if (!(min > 0) || !(max > min) || !(px > 0)) return min > 0 && Number.isFinite(min) ? [min] : [];
  const lo = Math.log10(min);
  const hi = Math.log10(max);
  let best: number[] = [];
  for (const set of LOG_MANTISSAS) {
    const ticks: number[] = [];
    for (let d = Math.floor(lo); d <= Math.ceil(hi) && ticks.length <= 1000; d++) {
      for (const m of set) {
        const v = clean(m * Math.pow(10, d));
        if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) ticks.push(v);
      }
    }
    if (ticks.length >= 2 && minLogGapPx(ticks, lo, hi, px) >= minGapPx) {
      best = ticks;
      break;
    }
    if (set.length === 1) {
      // Decades alone are crowded: keep every k-th one, anchored at 10^0 so labels stay round.
      const decadePx = px / (hi - lo);
      const k = Math.max(1, Math.ceil(minGapPx / decadePx));
      best = ticks.filter((v) => Math.round(Math.log10(v)) % k === 0);
    }
  }
  if (best.length >= 3) return best;
  // Under a decade: linear steps read better, and are near-even on a log axis this narrow.
  const target = Math.max(2, Math.floor(px / minGapPx));
  let step = niceStep((max - min) / target);
  let linear = linearTicks(min, max, step);
  while (linear.length >= 2 && minLogGapPx(linear, lo, hi, px) < minGapPx) {
    step = niceStep(step * 1.01);
    linear = linearTicks(min, max, step);
  }
  return linear.length > best.length ? linear : best;
}

/** A tick label: plain decimals in the usual range, short scientific notation outside it. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) {
    const [m, e] = v.toExponential().split('e');
    return `${Number(Number(m).toPrecision(3))}e${Number(e)}`;
  }
  return String(clean(v));
}
