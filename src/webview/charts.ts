/**
 * The uPlot charts: one per ChartSpec, cursors synced, y axes robust to spikes, drag to zoom
 * (x, or a box for x and y), double-click to reset, markers drawn by a `draw` hook.
 */
import uPlot from 'uplot';
import type { ChartId, ChartSpec, SeriesSpec } from './chart-model';
import type { Marker } from './markers';
import { robustRange } from './robust-range';
import { withAlpha, type ChartTheme } from './theme';

/** Values of one series as uPlot takes them (null marks a gap). */
export type SeriesValues = Float64Array | (number | null)[];

/** Heights in CSS pixels: the loss chart is the one people read. */
const HEIGHTS: Record<ChartId, number> = { loss: 260, metrics: 190, lr: 130 };
const SYNC_KEY = 'fitwatch-epochs';
/** Whole epochs only: the x axis never shows 1.5. */
const EPOCH_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1e6];

/** What the charts need from the app. */
export interface ChartCallbacks {
  markers(chart: ChartId): Marker[];
  /** The 1-based epoch under the cursor, or null when it left the chart. */
  onCursor(epoch: number | null): void;
}

function markerColor(m: Marker, theme: ChartTheme): string {
  if (m.kind === 'lr') return theme.palette[4];
  if (m.kind === 'best') return theme.palette[2];
  if (m.kind === 'stop') return theme.palette[5];
  return m.severity === 'error' ? theme.palette[5] : m.severity === 'warning' ? theme.palette[4] : theme.palette[0];
}

function drawMarkers(u: uPlot, handle: { drawnMarkers: Marker[] }, markers: Marker[], theme: ChartTheme, labels: boolean): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const dpr = uPlot.pxRatio;
  const xMin = u.scales.x.min ?? 1;
  const xMax = u.scales.x.max ?? 1;
  const drawn: Marker[] = [];
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.font = `${Math.round(10 * dpr)}px ${theme.font.replace(/^\S+\s/, '')}`;
  ctx.textBaseline = 'top';
  let labelRow = 0;
  for (const m of markers) {
    const x0 = m.epoch + 1;
    const x1 = (m.endEpoch ?? m.epoch) + 1;
    if (x1 < xMin || x0 > xMax) continue;
    drawn.push(m);
    const color = markerColor(m, theme);
    const px0 = u.valToPos(x0, 'x', true);
    if (m.kind === 'finding') {
      const px1 = u.valToPos(x1, 'x', true);
      ctx.fillStyle = withAlpha(color, theme.kind === 'high-contrast' ? 0.22 : 0.12);
      ctx.fillRect(px0, top, Math.max(px1 - px0, 2 * dpr), height);
      continue;
    }
    ctx.strokeStyle = color;
    ctx.lineWidth = (m.kind === 'best' ? 1.5 : 1) * dpr;
    ctx.setLineDash(m.kind === 'lr' ? [4 * dpr, 3 * dpr] : m.kind === 'stop' ? [2 * dpr, 2 * dpr] : []);
    ctx.beginPath();
    ctx.moveTo(Math.round(px0) + 0.5, top);
    ctx.lineTo(Math.round(px0) + 0.5, top + height);
    ctx.stroke();
    if (labels) {
      ctx.fillStyle = color;
      ctx.fillText(m.label, px0 + 3 * dpr, top + 2 * dpr + (labelRow % 3) * 12 * dpr);
      labelRow++;
    }
  }
  ctx.restore();
  handle.drawnMarkers = drawn;
}

function seriesOptions(s: SeriesSpec, theme: ChartTheme, stepped: boolean): uPlot.Series {
  const color = theme.palette[s.colorIndex % theme.palette.length];
  const opts: uPlot.Series = {
    label: s.label,
    stroke: s.kind === 'raw' ? withAlpha(color, theme.kind === 'high-contrast' ? 0.45 : 0.3) : color,
    width: s.kind === 'raw' ? 1 : s.main ? 2 : 1.5,
    points: { show: false },
    spanGaps: false,
  };
  if (s.dashed) opts.dash = [6, 4];
  if (stepped) opts.paths = uPlot.paths.stepped?.({ align: 1 });
  return opts;
}

function axisOptions(theme: ChartTheme, isX: boolean): uPlot.Axis {
  const axis: uPlot.Axis = {
    stroke: theme.muted,
    font: theme.font,
    // High-contrast borders are vivid; a full-strength grid would compete with the curves.
    grid: { stroke: withAlpha(theme.grid, theme.kind === 'high-contrast' ? 0.35 : 0.6), width: 1 },
    ticks: { stroke: withAlpha(theme.grid, 0.8), width: 1, size: 4 },
  };
  if (isX) axis.incrs = EPOCH_INCRS;
  else axis.size = 56;
  return axis;
}

/** One chart on screen: its uPlot, title and legend. */
export class Chart {
  readonly plot: uPlot;
  readonly root: HTMLElement;
  readonly legend: HTMLElement;
  /** The user zoomed in; streaming keeps the view instead of resetting it. */
  zoomed = false;
  /** What the last pushed data was built from, so unchanged data is not redrawn. */
  dataKey = '';
  /** The zoom box also set y (not just an x band): y stops auto-ranging. */
  zoomedY = false;
  /** Markers drawn in the last frame, for the test hook. */
  drawnMarkers: Marker[] = [];

  constructor(parent: HTMLElement, readonly spec: ChartSpec, theme: ChartTheme, width: number, callbacks: ChartCallbacks) {
    this.root = document.createElement('section');
    this.root.className = 'fw-chart';
    this.root.dataset.chart = spec.id;
    const head = document.createElement('div');
    head.className = 'fw-chart-head';
    const title = document.createElement('h3');
    title.textContent = spec.title + (spec.log ? ' (log)' : '');
    this.legend = document.createElement('div');
    this.legend.className = 'fw-legend';
    head.append(title, this.legend);
    const body = document.createElement('div');
    body.className = 'fw-chart-body';
    this.root.append(head, body);
    parent.append(this.root);
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
        x: { time: false, range: (_u, min, max) => [min, max > min ? max : min + 1] },
        y: {
          distr: spec.log ? 3 : 1,
          log: 10,
          auto: () => !this.zoomedY,
          range: (u, min, max) => this.yRange(u, min, max),
        },
      },
      axes: [axisOptions(theme, true), axisOptions(theme, false)],
      series: [{ label: 'epoch' }, ...spec.series.map((s) => seriesOptions(s, theme, spec.id === 'lr'))],
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
      },
    };
    this.plot = new uPlot(opts, [new Float64Array(0), ...spec.series.map(() => new Float64Array(0))], body);
    this.plot.over.addEventListener('dblclick', () => {
      this.zoomed = false;
      this.zoomedY = false;
      this.setData(this.plot.data);
    });
  }

  /** Replace the data and draw synchronously (the app coalesces calls to one per frame). */
  setData(data: uPlot.AlignedData): void {
    this.plot.batch(() => this.plot.setData(data, !this.zoomed));
  }

  /** Width of the plotting area in CSS pixels: the decimation target. */
  plotWidth(): number {
    return Math.max(1, Math.round(this.plot.bbox.width / uPlot.pxRatio));
  }

  /** Redraw without new data (markers changed). */
  redraw(): void {
    this.plot.batch(() => this.plot.redraw(false, false));
  }

  /** Robust auto range over the visible epochs. */
  private yRange(u: uPlot, min: number, max: number): uPlot.Range.MinMax {
    const idxs = u.series[0].idxs;
    const cols = u.data.slice(1) as ArrayLike<number | null>[];
    const to = idxs?.[1];
    const r = robustRange(cols, { log: this.spec.log, from: idxs?.[0] ?? 0, to: typeof to === 'number' ? to + 1 : undefined });
    if (r) return r;
    if (this.spec.log) return [min > 0 ? min : 1e-3, max > min && max > 0 ? max : 1];
    return [Number.isFinite(min) ? min : 0, Number.isFinite(max) && max > min ? max : 1];
  }

  /** A finished drag (uPlot applies it as a zoom right after this hook). */
  private onSelect(u: uPlot): void {
    if (u.select.width <= 0 && u.select.height <= 0) return;
    this.zoomed = true;
    // An x-only band spans the full plot height; a box narrower than that also zooms y.
    this.zoomedY = u.select.height > 0 && u.select.height < u.bbox.height / uPlot.pxRatio - 1;
  }

}
