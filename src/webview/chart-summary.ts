/**
 * The words a screen reader says for a chart (its aria-label), and the epochs its data table
 * lists. Pure, so the wording and the row choice are tested without a browser.
 */
import { formatValue } from './format';

/** One curve as the summary sees it: its label, key (for number formatting) and raw values. */
export interface SummarySeries {
  label: string;
  key: string;
  /** Row i holds epoch i + 1; NaN marks an epoch without a value. */
  values: ArrayLike<number>;
}

/** Last, lowest and highest value of one curve, 1-based epochs; undefined when it has no value yet. */
export interface CurveExtremes {
  last: number;
  lastEpoch: number;
  min: number;
  minEpoch: number;
  max: number;
  maxEpoch: number;
}

/** Scans `values` for its last, lowest and highest finite values. */
export function curveExtremes(values: ArrayLike<number>): CurveExtremes | undefined {
  let out: CurveExtremes | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const epoch = i + 1;
    if (!out) out = { last: v, lastEpoch: epoch, min: v, minEpoch: epoch, max: v, maxEpoch: epoch };
    out.last = v;
    out.lastEpoch = epoch;
    if (v < out.min) [out.min, out.minEpoch] = [v, epoch];
    if (v > out.max) [out.max, out.maxEpoch] = [v, epoch];
  }
  return out;
}

/**
 * "Loss chart, log scale, epochs 1–80, raw values. loss: 0.2219 at epoch 80, lowest 0.2201 at
 * epoch 70, highest 0.6931 at epoch 1. …" The values are the logged ones, not the smoothed
 * curve, so what is said matches the run's files.
 */
export function summarizeChart(title: string, series: readonly SummarySeries[], epochs: number, log: boolean): string {
  const head = `${title} chart${log ? ', log scale' : ''}`;
  if (epochs === 0 || series.length === 0) return `${head}: no epochs yet.`;
  const parts = [`${head}, epochs 1–${epochs}, raw values.`];
  for (const s of series) {
    const x = curveExtremes(s.values);
    if (!x) {
      parts.push(`${s.label}: no value yet.`);
      continue;
    }
    const f = (v: number) => formatValue(s.key, v);
    parts.push(`${s.label}: ${f(x.last)} at epoch ${x.lastEpoch}, lowest ${f(x.min)} at epoch ${x.minEpoch}, highest ${f(x.max)} at epoch ${x.maxEpoch}.`);
  }
  return parts.join(' ');
}

/** Most rows a chart's data table lists: more is a wall of numbers, not a view. */
export const TABLE_MAX_ROWS = 200;

/** 1-based epochs the data table lists: all of them, or every k-th from epoch 1 and always the last. */
export function tableEpochs(epochs: number, maxRows = TABLE_MAX_ROWS): { epochs: number[]; every: number } {
  if (epochs <= 0) return { epochs: [], every: 1 };
  // Over the limit, k-th rows from epoch 1 plus the last must fit: (epochs − 1) / k + 2 ≤ maxRows.
  const every = epochs <= maxRows ? 1 : Math.ceil((epochs - 1) / Math.max(1, maxRows - 2));
  const out: number[] = [];
  for (let e = 1; e <= epochs; e += every) out.push(e);
  if (out[out.length - 1] !== epochs) out.push(epochs);
  return { epochs: out, every };
}
