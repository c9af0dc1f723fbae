/**
 * The uPlot charts: one per ChartSpec, cursors synced, y axes robust to spikes, drag to zoom
 * (x, or a box for x and y), double-click to reset, markers drawn by a `draw` hook.
 *
 * Redraw cost is what keeps 10,000 epochs × 5 runs under a frame, so: the y scale is a custom
 * distribution whose transform switches between linear and log in place (no chart rebuild);
 * each series' path is reused while its data array and the scales are unchanged (uPlot drops
 * every path on setData, though a live epoch changes only the live run's); and the y range is
 * sticky, so a new epoch inside it does not move the scale and invalidate every path.
 */
import uPlot from 'uplot';
import { formatTick, linearTicks, logTicks } from './axis-ticks';
import { drawMarkers, type DrawnLabel } from './chart-markers';
import type { ChartId, ChartSpec } from './chart-model';
import { axisOptions, seriesOptions, Y_TICK_SPACE } from './chart-options';
import type { SummarySeries } from './chart-summary';
import { ChartTable } from './chart-table';
import { keyZoom, ZOOM_KEYS } from './keyboard-zoom';
import type { Marker } from './markers';
import { robustRange, stickyRange } from './robust-range';
import type { ChartTheme } from './theme';

/** Heights in CSS pixels: the loss chart is the one people read. */
const HEIGHTS: Record<ChartId, number> = { loss: 260, metrics: 190, lr: 130 };
const SYNC_KEY = 'fitwatch-epochs';
/** CSS pixels an enlarged chart leaves for the panel's header, toolbar and its own head. */
const ENLARGED_MARGIN = 220;

/** What the charts need from the app. */
export interface ChartCallbacks {
  markers(chart: ChartId): Marker[];
  /** The 1-based epoch under the cursor, or null when it left the chart. */
  onCursor(epoch: number | null): void;
  /** The user zoomed `chart` to epochs [min, max]: the other charts follow. */
  onZoom(chart: Chart, min: number, max: number): void;
  /** The user reset the zoom (double-click) on one chart: all of them reset. */
  onZoomReset(): void;
  /** The user pressed Enlarge (or Shrink) on `chart`. */
  onEnlarge(chart: Chart, on: boolean): void;
  /** First and last epoch of the run: where keyboard zoom and pan stop. */
  extent(): [number, number];
  /** The raw values of `chart`'s legend series and the epoch count, for its data table. */
  tableSource(chart: Chart): { epochs: number; series: SummarySeries[] };
}

/** Where log mode puts values ≤ 0: far below any scale, so the clipped line drops off the plot. */
const LOG_FLOOR = -400;
/** A kept y range may be at most this much taller than the data needs before it is tightened. */
const STICKY_SLACK = 1.06;
/** When the data outgrows the y range, the range grows this much further (of its span) that way. */
const STICKY_HEADROOM = 0.05;

/** One chart on screen: its uPlot, title and legend. */
export class Chart {
  readonly plot: uPlot;
  readonly root: HTMLElement;
  readonly legend: HTMLElement;
  /** The chart's numbers as a table, for screen readers and keyboards. */
  readonly table: ChartTable;
  /** Enlarge / Shrink: one chart at a time can take most of the panel's height. */
  private readonly enlargeButton: HTMLButtonElement;
  private enlarged = false;
  /** The zoomed epoch window; while set, streaming keeps the view instead of resetting it. */
  private xWindow: [number, number] | undefined;
  /** What the last pushed data was built from, so unchanged data is not redrawn. */
  dataKey = '';
  /** What the spoken summary was last computed from (see PanelApp.updateSummaries). */
  summaryKey = '';
  /** The zoom changed: the next data push must reach uPlot even if the data did not change. */
  stale = false;
  /** The zoom box also set y (not just an x band): y stops auto-ranging. */
  zoomedY = false;
  /** Markers drawn in the last frame, for the test hook. */
  drawnMarkers: Marker[] = [];
  /** Marker labels drawn in the last frame (the others did not fit), for the test hook. */
  drawnLabels: DrawnLabel[] = [];
  /** Tick values of the y axis in the last frame, for the test hook. */
  yTicks: number[] = [];
  private log: boolean;
  private readonly title: HTMLElement;
  /** The plot's container: focusable, with the chart's summary as its accessible name. */
  private readonly body: HTMLElement;
  /** The y range last given to uPlot, in transformed units (log10 in log mode). */
  private lastY: [number, number] | undefined;
  /** A drag just ended: the next x scale change is the user's zoom. */
  private selecting = false;

  constructor(
    parent: HTMLElement,
    readonly spec: ChartSpec,
    theme: ChartTheme,
    width: number,
    callbacks: ChartCallbacks,
  ) {
    this.log = spec.log;
    this.root = document.createElement('section');
    this.root.className = 'fw-chart';
    this.root.dataset.chart = spec.id;
    const head = document.createElement('div');
    head.className = 'fw-chart-head';
    this.title = document.createElement('h3');
    this.legend = document.createElement('div');
    this.legend.className = 'fw-legend';
    this.table = new ChartTable(spec.title, () => callbacks.tableSource(this));
    this.enlargeButton = document.createElement('button');
    this.enlargeButton.type = 'button';
    this.enlargeButton.className = 'fw-button fw-secondary fw-chart-button';
    this.enlargeButton.dataset.action = 'enlarge';
    this.enlargeButton.textContent = 'Enlarge';
    this.enlargeButton.title = `Give the ${spec.title.toLowerCase()} chart most of the panel's height`;
    this.enlargeButton.setAttribute('aria-pressed', 'false');
    this.enlargeButton.addEventListener('click', () => callbacks.onEnlarge(this, !this.enlarged));
    head.append(this.title, this.legend, this.table.toggle, this.enlargeButton);
    const body = document.createElement('div');
    body.className = 'fw-chart-body';
    // A canvas says nothing to a screen reader: the container is an image named by the
    // summary the app keeps current, and the keyboard's way to zoom.
    body.tabIndex = 0;
    body.setAttribute('role', 'img');
    body.setAttribute('aria-roledescription', 'chart');
    body.setAttribute('aria-keyshortcuts', ZOOM_KEYS.join(' '));
    body.setAttribute('aria-label', `${spec.title} chart`);
    body.addEventListener('keydown', (e) => this.onKey(e, callbacks));
    this.body = body;
    this.root.append(head, body, this.table.el);
    parent.append(this.root);
    this.setTitle();
    const isLog = () => this.log;
    const fwd = (v: number) => this.fwd(v);
    const yAxis = axisOptions(theme, false);
    yAxis.splits = (u, _axis, min, max, foundIncr) =>
      (this.yTicks = this.log ? logTicks(min, max, u.bbox.height / uPlot.pxRatio, Y_TICK_SPACE) : linearTicks(min, max, foundIncr));
    yAxis.values = (_u, splits) => splits.map((v) => (v == null ? '' : formatTick(v)));
    // uPlot would apply its log label filter (only 1×10^k) to any distribution ≥ 3, ours included.
    yAxis.filter = (_u, splits) => splits;
    const opts: uPlot.Options = {
      width,
      height: HEIGHTS[spec.id],
      legend: { show: false },
      cursor: {
        sync: { key: SYNC_KEY, setSeries: false },
        drag: { x: true, y: true, uni: 40, setScale: true },
        points: { show: false },
      },
      scales: {
        x: { time: false, auto: () => !this.xWindow, range: (_u, min, max) => [min, max > min ? max : min + 1] },
        y: {
          // A custom distribution (100) reads the transform on every use, so log can be
          // switched on a live chart; uPlot's own log distribution is fixed at creation.
          distr: 100,
          fwd,
          bwd: (v) => this.bwd(v),
          auto: () => !this.zoomedY,
          range: (u, min, max) => this.yRange(u, min, max),
        },
      },
      axes: [axisOptions(theme, true), yAxis],
      series: [{ label: 'epoch' }, ...spec.series.map((s) => seriesOptions(s, theme, spec.id === 'lr', isLog, fwd))],
      hooks: {
        // Marker labels only on the top chart: repeated on every chart they cover the curves.
        draw: [(u) => drawMarkers(u, this, callbacks.markers(spec.id), theme, spec.id === 'loss')],
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            callbacks.onCursor(idx == null ? null : u.data[0][idx]);
          },
        ],
        setSelect: [(u) => this.onSelect(u)],
        setScale: [
          (u, key) => {
            if (key !== 'x' || !this.selecting) return;
            this.selecting = false;
            const { min, max } = u.scales.x;
            if (min == null || max == null) return;
            this.xWindow = [min, max];
            callbacks.onZoom(this, min, max);
          },
        ],
      },
    };
    this.plot = new uPlot(opts, [new Float64Array(0), ...spec.series.map(() => new Float64Array(0))], body);
    this.plot.over.addEventListener('dblclick', () => callbacks.onZoomReset());
  }

  /** Replace the data and draw synchronously (the app coalesces calls to one per frame). */
  setData(data: uPlot.AlignedData): void {
    const w = this.xWindow;
    this.stale = false;
    this.plot.batch(() => {
      // While zoomed the x scale's `auto` is off; setting the window here (one commit with
      // the data) also applies a zoom that came from another chart.
      this.plot.setData(data, true);
      if (w) this.plot.setScale('x', { min: w[0], max: w[1] });
    });
  }

  /** Set the accessible summary of the curves (only when it changed: each write costs a tree update). */
  setSummary(text: string): void {
    if (this.body.getAttribute('aria-label') !== text) this.body.setAttribute('aria-label', text);
  }

  /** The accessible summary last set. */
  summary(): string {
    return this.body.getAttribute('aria-label') ?? '';
  }

  /** Whether this chart is enlarged. */
  isEnlarged(): boolean {
    return this.enlarged;
  }

  /** Enlarge to `viewportHeight` less room for the header and toolbar, or back to the chart's own height. */
  setEnlarged(on: boolean, viewportHeight: number): void {
    this.enlarged = on;
    this.enlargeButton.textContent = on ? 'Shrink' : 'Enlarge';
    this.enlargeButton.setAttribute('aria-pressed', String(on));
    this.root.classList.toggle('fw-chart-enlarged', on);
    const height = on ? Math.max(2 * HEIGHTS[this.spec.id], viewportHeight - ENLARGED_MARGIN) : HEIGHTS[this.spec.id];
    if (this.plot.height !== height) this.plot.setSize({ width: this.plot.width, height });
  }

  /** Remove the plot and stop the table's pending rebuild. */
  destroy(): void {
    this.table.dispose();
    this.plot.destroy();
  }

  /** Show or hide the raw twins of the smoothed series (drawn with the next data). */
  showRaw(on: boolean): void {
    this.spec.series.forEach((s, i) => {
      const series = this.plot.series[i + 1];
      if (s.kind !== 'raw' || series.show === on) return;
      this.plot.batch(() => this.plot.setSeries(i + 1, { show: on }));
      this.stale = true;
    });
  }

  /** The zoomed epoch window, if any. */
  zoomWindow(): [number, number] | undefined {
    return this.xWindow ? [this.xWindow[0], this.xWindow[1]] : undefined;
  }

  /**
   * Follow a zoom made on another chart (x only: y ranges differ between charts). Drawn by
   * the next `setData`, which the app schedules, so the chart is drawn once, not twice.
   */
  zoomTo(min: number, max: number): void {
    this.xWindow = [min, max];
    this.lastY = undefined;
    this.stale = true;
  }

  /** Back to the whole run and auto y; the app pushes fresh (decimated) data next. */
  resetZoom(): void {
    this.xWindow = undefined;
    this.zoomedY = false;
    this.lastY = undefined;
    this.stale = true;
  }

  /** Switch the y axis between linear and log in place, keeping the x window. */
  setLog(on: boolean): void {
    if (on === this.log) return;
    this.log = on;
    this.zoomedY = false;
    this.lastY = undefined;
    this.setTitle();
    const { min, max } = this.plot.scales.x;
    // Setting x re-ranges y through `range` (now in the new transform) and rebuilds paths.
    if (min != null && max != null) this.plot.batch(() => this.plot.setScale('x', { min, max }));
  }

  /** Whether the y axis is logarithmic. */
  isLog(): boolean {
    return this.log;
  }

  /** Rows [from, to) of epochs 1..n to draw: all of them, or the zoomed window plus one row each side. */
  zoomedRows(n: number): [number, number] {
    if (!this.xWindow) return [0, n];
    const [min, max] = this.xWindow;
    // Row i holds epoch i + 1.
    const from = Math.max(0, Math.min(n, Math.ceil(min) - 2));
    const to = Math.max(from, Math.min(n, Math.floor(max) + 1));
    return [from, to];
  }

  /** Width of the plotting area in CSS pixels: the decimation target. */
  plotWidth(): number {
    return Math.max(1, Math.round(this.plot.bbox.width / uPlot.pxRatio));
  }

  /** Redraw without new data (markers changed). */
  redraw(): void {
    this.plot.batch(() => this.plot.redraw(false, false));
  }

  /** The y transform: identity, or log10 (values ≤ 0 sent below any scale). */
  private fwd(v: number): number {
    return this.log ? (v > 0 ? Math.log10(v) : LOG_FLOOR) : v;
  }

  /** The inverse of `fwd`. */
  private bwd(v: number): number {
    return this.log ? Math.pow(10, v) : v;
  }

  private setTitle(): void {
    this.title.textContent = this.spec.title + (this.log && this.spec.id !== 'lr' ? ' (log)' : '');
  }

  /** Robust auto range over the visible epochs, kept while new data stays well inside it. */
  private yRange(u: uPlot, min: number, max: number): uPlot.Range.MinMax {
    const idxs = u.series[0].idxs;
    const cols = u.data.slice(1) as ArrayLike<number | null>[];
    const to = idxs?.[1];
    const r = robustRange(cols, { log: this.log, from: idxs?.[0] ?? 0, to: typeof to === 'number' ? to + 1 : undefined });
    if (!r) {
      this.lastY = undefined;
      if (this.log) return [min > 0 ? min : 1e-3, max > min && max > 0 ? max : 1];
      return [Number.isFinite(min) ? min : 0, Number.isFinite(max) && max > min ? max : 1];
    }
    // robustRange gives positive bounds in log mode, so fwd is a plain log10 here.
    const [lo, hi] = stickyRange(this.lastY, [this.fwd(r[0]), this.fwd(r[1])], { slack: STICKY_SLACK, headroom: STICKY_HEADROOM });
    this.lastY = [lo, hi];
    return [this.bwd(lo), this.bwd(hi)];
  }

  /** Keyboard zoom and pan (see keyboard-zoom.ts); other keys keep their default. */
  private onKey(e: KeyboardEvent, callbacks: ChartCallbacks): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const extent = callbacks.extent();
    const { min, max } = this.plot.scales.x;
    const shown = this.xWindow ?? (min != null && max != null ? [min, max] : extent);
    const r = keyZoom(e.key, [shown[0], shown[1]], extent);
    if (!r) return;
    e.preventDefault();
    if ('reset' in r) {
      callbacks.onZoomReset();
      return;
    }
    this.zoomTo(r.window[0], r.window[1]);
    callbacks.onZoom(this, r.window[0], r.window[1]);
  }

  /** A finished drag (uPlot applies it as a zoom right after this hook). */
  private onSelect(u: uPlot): void {
    if (u.select.width <= 0 && u.select.height <= 0) return;
    this.selecting = true;
    // uPlot commits the zoom in a microtask; a y-only drag has no x change at all, so clear
    // the flag after both, lest a later programmatic x change pass for the user's.
    setTimeout(() => (this.selecting = false), 0);
    // An x-only band spans the full plot height; a box narrower than that also zooms y.
    this.zoomedY = u.select.height > 0 && u.select.height < u.bbox.height / uPlot.pxRatio - 1;
    this.lastY = undefined;
  }
}
