/**
 * A read-only window hook for the Chromium tests and the redraw benchmark: they assert on
 * what is drawn (series lengths, values, markers, scales) without scraping canvas pixels.
 */
import type { PanelApp } from './panel-app';

/** One chart's data exactly as handed to uPlot, with what each series is (for point-by-point checks). */
export interface DrawnChart {
  chart: string;
  /** The x row (epochs, 1-based). */
  x: number[];
  series: { id: string; runId: string; key: string; kind: string; main: boolean; values: (number | null)[] }[];
}

/** What tests and the benchmark can read (and the few knobs they may turn). */
export interface FitwatchPanelDebug {
  charts(): string[];
  /** Every chart's drawn data: x and each series' values, in chart order. */
  drawn(): DrawnChart[];
  /** The main run's id, as the header names it (its title's tooltip). */
  mainRunId(): string | undefined;
  /** Epochs recorded for the main run (drawn series may be decimated on long runs). */
  epochs(): number;
  seriesLengths(): Record<string, number>;
  seriesValues(chart: string, seriesId: string): (number | null)[];
  /** First and last epoch of `chart`'s x data (the LR chart keeps only its change points). */
  xExtent(chart: string): [number, number] | undefined;
  drawnMarkers(chart: string): { kind: string; epoch: number; label: string }[];
  /** Marker labels drawn on `chart` in the last frame: text, left edge and width (CSS px), row. */
  drawnLabels(chart: string): { label: string; x: number; width: number; row: number }[];
  yScale(chart: string): { log: boolean; min: number; max: number } | undefined;
  /** Ids of `chart`'s series that are hidden (raw twins while smoothing is 0). */
  hiddenSeries(chart: string): string[];
  /** Tick values on `chart`'s y axis in the last frame. */
  yTicks(chart: string): number[];
  /** `chart`'s x window (first and last epoch shown). */
  xScale(chart: string): [number, number] | undefined;
  /** Canvas y (CSS px) of `value` on `chart`'s y axis: shows how the scale spreads values. */
  yPos(chart: string, value: number): number | undefined;
  setDataCalls(): number;
  smoothing(): number;
  setSmoothing(weight: number): void;
  setLogScale(on: boolean): void;
  /** Zoom every chart to epochs [min, max] as a drag on `chart` does. */
  zoomTo(chart: string, min: number, max: number): void;
  /** Undo any zoom, as a double-click does. */
  resetZoom(): void;
  /** Draw pending changes now; returns the milliseconds taken. */
  flush(): number;
  /** `chart`'s plot size in CSS pixels. */
  plotSize(chart: string): { width: number; height: number } | undefined;
  /** `chart`'s accessible summary (the aria-label of its plot). */
  summary(chart: string): string;
}

declare global {
  interface Window {
    __fitwatchPanel?: FitwatchPanelDebug;
  }
}

/** Install the hook for `app`. */
export function installDebugHook(app: PanelApp): void {
  const chart = (id: string) => app.charts.find((c) => c.spec.id === id);
  const hook: FitwatchPanelDebug = {
    charts: () => app.charts.map((c) => c.spec.id),
    drawn: () =>
      app.charts.map((c) => ({
        chart: c.spec.id,
        x: Array.from(c.plot.data[0]),
        series: c.spec.series.map((s, i) => ({
          id: s.id,
          runId: s.runId,
          key: s.key,
          kind: s.kind,
          main: s.main,
          values: Array.from(c.plot.data[i + 1], (v) => (v === undefined ? null : v)),
        })),
      })),
    mainRunId: () => app.state.main?.id,
    epochs: () => app.state.main?.length ?? 0,
    seriesLengths: () => {
      const out: Record<string, number> = {};
      for (const c of app.charts) c.spec.series.forEach((s, i) => (out[`${c.spec.id}/${s.id}`] = c.plot.data[i + 1].length));
      return out;
    },
    seriesValues: (id, seriesId) => {
      const c = chart(id);
      const i = c?.spec.series.findIndex((s) => s.id === seriesId) ?? -1;
      if (!c || i < 0) return [];
      return Array.from(c.plot.data[i + 1], (v) => (v === undefined ? null : v));
    },
    xExtent: (id) => {
      const xs = chart(id)?.plot.data[0];
      return xs && xs.length > 0 ? [xs[0], xs[xs.length - 1]] : undefined;
    },
    drawnLabels: (id) => (chart(id)?.drawnLabels ?? []).map((l) => ({ ...l })),
    drawnMarkers: (id) => (chart(id)?.drawnMarkers ?? []).map((m) => ({ kind: m.kind, epoch: m.epoch, label: m.label })),
    yScale: (id) => {
      const s = chart(id)?.plot.scales.y;
      const c = chart(id);
      return c && s && s.min != null && s.max != null ? { log: c.isLog(), min: s.min, max: s.max } : undefined;
    },
    hiddenSeries: (id) => {
      const c = chart(id);
      return c ? c.spec.series.filter((_s, i) => c.plot.series[i + 1].show === false).map((s) => s.id) : [];
    },
    yTicks: (id) => [...(chart(id)?.yTicks ?? [])],
    xScale: (id) => {
      const s = chart(id)?.plot.scales.x;
      return s && s.min != null && s.max != null ? [s.min, s.max] : undefined;
    },
    yPos: (id, value) => chart(id)?.plot.valToPos(value, 'y'),
    setDataCalls: () => app.setDataCalls,
    smoothing: () => app.ui.smoothing,
    setSmoothing: (w) => app.setSmoothing(w),
    setLogScale: (on) => app.setLogScale(on),
    zoomTo: (id, min, max) => {
      const c = chart(id);
      if (c) app.zoomChart(c, min, max);
    },
    resetZoom: () => app.resetZoom(),
    flush: () => app.flush(),
    summary: (id) => chart(id)?.summary() ?? '',
    plotSize: (id) => {
      const c = chart(id);
      return c ? { width: c.plot.width, height: c.plot.height } : undefined;
    },
  };
  Object.defineProperty(window, '__fitwatchPanel', { value: Object.freeze(hook), writable: false, configurable: false });
}
