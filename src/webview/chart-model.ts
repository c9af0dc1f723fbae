/**
 * Which series each chart shows, derived from the runs: pure, so the layout rules
 * (loss-like keys on the loss chart, learning rate on its own log chart, overlays
 * coloured by run) are testable without a browser.
 */
import type { PanelState, RunSeries } from '../shared/run-state';

/** The three charts, top to bottom. */
export type ChartId = 'loss' | 'metrics' | 'lr';

/** How a series' values are derived from its run's column. */
export type SeriesKind = 'smoothed' | 'raw' | 'plain';

/** One drawn line. */
export interface SeriesSpec {
  /** Stable id: `main:loss`, `main:loss:raw`, `cmp:<runId>:val_loss`. */
  id: string;
  label: string;
  runId: string;
  key: string;
  kind: SeriesKind;
  /** Index into the theme's chart palette. */
  colorIndex: number;
  dashed: boolean;
  main: boolean;
  /** Raw series stay out of the legend: they echo their smoothed twin. */
  inLegend: boolean;
}

/** One chart and its series. */
export interface ChartSpec {
  id: ChartId;
  title: string;
  series: SeriesSpec[];
  /** Log y axis. */
  log: boolean;
}

/** Options of the chart layout. */
export interface ChartModelOptions {
  /** The loss chart starts on a log axis. */
  logLoss: boolean;
}

/** Palette indices: blue, orange, green, purple, yellow, red (see theme.ts). */
export const PALETTE_SIZE = 6;

/** Which chart a log key belongs on. */
export function chartOfKey(key: string): ChartId {
  if (key === 'learning_rate' || key === 'lr') return 'lr';
  return /(^|_)loss$/.test(key) ? 'loss' : 'metrics';
}

/** `val_acc` → `acc`: train and validation twins share a base name. */
export function baseOfKey(key: string): string {
  return key.startsWith('val_') ? key.slice(4) : key;
}

/** Keys of a chart in display order: each base metric, then its validation twin. */
export function orderedKeys(keys: readonly string[], chart: ChartId): string[] {
  const bases: string[] = [];
  for (const k of keys) {
    if (chartOfKey(k) !== chart) continue;
    const b = baseOfKey(k);
    if (!bases.includes(b)) bases.push(b);
  }
  const out: string[] = [];
  for (const b of bases) {
    if (keys.includes(b)) out.push(b);
    if (keys.includes(`val_${b}`)) out.push(`val_${b}`);
  }
  return out;
}

/** A short label for an overlaid run. */
export function runLabel(run: RunSeries, choicesLabel?: string): string {
  return choicesLabel ?? run.info.specName ?? run.id;
}

function mainSeries(run: RunSeries, chart: ChartId): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  const keys = orderedKeys(run.keys, chart);
  const bases: string[] = [];
  for (const key of keys) {
    const base = baseOfKey(key);
    if (!bases.includes(base)) bases.push(base);
    const isVal = key !== base;
    const colorIndex = chart === 'lr' ? 4 : (2 * bases.indexOf(base) + (isVal ? 1 : 0)) % PALETTE_SIZE;
    const common = { runId: run.id, key, colorIndex, dashed: false, main: true };
    if (chart === 'lr') {
      out.push({ ...common, id: `main:${key}`, label: key, kind: 'plain', inLegend: true });
      continue;
    }
    // Always there, hidden while smoothing is 0: moving the slider to 0 and back then
    // shows and hides two series instead of rebuilding every chart.
    out.push({ ...common, id: `main:${key}:raw`, label: `${key} (raw)`, kind: 'raw', inLegend: false });
    out.push({ ...common, id: `main:${key}`, label: key, kind: 'smoothed', inLegend: true });
  }
  return out;
}

function overlaySeries(run: RunSeries, index: number, chart: ChartId, label: string): SeriesSpec[] {
  // Overlays start after the main run's blue/orange so a comparison never repeats its colour.
  const colorIndex = 2 + (index % (PALETTE_SIZE - 2));
  return orderedKeys(run.keys, chart).map((key) => ({
    id: `cmp:${run.id}:${key}`,
    label: `${label} ${key}`,
    runId: run.id,
    key,
    kind: chart === 'lr' ? 'plain' : 'smoothed',
    colorIndex,
    dashed: key.startsWith('val_'),
    main: false,
    inLegend: true,
  }));
}

/** The charts to draw for a state; a chart with no series is left out. */
export function buildChartSpecs(state: PanelState, options: ChartModelOptions): ChartSpec[] {
  const main = state.main;
  if (!main) return [];
  const titles: Record<ChartId, string> = { loss: 'Loss', metrics: 'Metrics', lr: 'Learning rate' };
  const specs: ChartSpec[] = [];
  for (const id of ['loss', 'metrics', 'lr'] as const) {
    // Overlays first so the main run is drawn on top of them.
    const series: SeriesSpec[] = [];
    state.compare.forEach((run, i) => {
      const choice = state.choices.find((c) => c.id === run.id);
      series.push(...overlaySeries(run, i, id, runLabel(run, choice?.label)));
    });
    series.push(...mainSeries(main, id));
    if (series.length === 0) continue;
    specs.push({ id, title: titles[id], series, log: id === 'lr' || (id === 'loss' && options.logLoss) });
  }
  return specs;
}
