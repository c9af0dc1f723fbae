/**
 * uPlot options for one series and one axis, shared by every chart: colours from the theme,
 * whole-epoch x ticks, and path builders that skip work while nothing changed.
 */
import uPlot from 'uplot';
import type { SeriesSpec } from './chart-model';
import { linePath } from './line-path';
import { withAlpha, type ChartTheme } from './theme';

/** Whole epochs only: the x axis never shows 1.5. */
const EPOCH_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1e6];

/** Minimum spacing of y ticks in CSS pixels: the 130 px LR chart then labels each halving. */
export const Y_TICK_SPACE = 24;

/**
 * A path builder that returns its previous paths while nothing they depend on changed: the
 * same data arrays (the app keeps unchanged series' arrays), scales, plot size and transform.
 */
function memoPaths(build: uPlot.Series.PathBuilder, mode: () => boolean): uPlot.Series.PathBuilder {
  let key: unknown[] = [];
  let paths: uPlot.Series.Paths | null = null;
  return (u, si, i0, i1) => {
    const next: unknown[] = [
      u.data[si],
      u.data[0],
      u.scales.x.min,
      u.scales.x.max,
      u.scales.y.min,
      u.scales.y.max,
      u.bbox.width,
      u.bbox.height,
      mode(),
      i0,
      i1,
    ];
    if (paths && next.every((v, i) => v === key[i])) return paths;
    key = next;
    paths = build(u, si, i0, i1);
    return paths;
  };
}

/** Options of one series; `fwd` is the y transform, `log` whether it is log10 now. */
export function seriesOptions(s: SeriesSpec, theme: ChartTheme, stepped: boolean, log: () => boolean, fwd: (v: number) => number): uPlot.Series {
  const color = theme.palette[s.colorIndex % theme.palette.length];
  const opts: uPlot.Series = {
    label: s.label,
    stroke: s.kind === 'raw' ? withAlpha(color, theme.kind === 'high-contrast' ? 0.45 : 0.3) : color,
    // Overlays at 1 px: the live run stands out, and software rasterisation of wider
    // anti-aliased lines cost 3× as much at 10,000 epochs × 5 runs (npm run bench).
    width: s.main && s.kind !== 'raw' ? 2 : 1,
    points: { show: false },
    spanGaps: false,
  };
  if (s.dashed) opts.dash = [6, 4];
  const builder = stepped ? uPlot.paths.stepped?.({ align: 1 }) : linePath(fwd);
  if (builder) opts.paths = memoPaths(builder, log);
  return opts;
}

/** Options of the x axis (`isX`) or a y axis. */
export function axisOptions(theme: ChartTheme, isX: boolean): uPlot.Axis {
  const axis: uPlot.Axis = {
    stroke: theme.muted,
    font: theme.font,
    // High-contrast borders are vivid; a full-strength grid would compete with the curves.
    grid: { stroke: withAlpha(theme.grid, theme.kind === 'high-contrast' ? 0.35 : 0.6), width: 1 },
    ticks: { stroke: withAlpha(theme.grid, 0.8), width: 1, size: 4 },
  };
  if (isX) axis.incrs = EPOCH_INCRS;
  else {
    axis.size = 56;
    axis.space = Y_TICK_SPACE;
  }
  return axis;
}
