/**
 * Draws the markers (LR changes, best epoch, stops, finding ranges) on a chart: a uPlot
 * `draw` hook, clipped to the plotting area.
 */
import uPlot from 'uplot';
import { placeLabels } from './label-layout';
import type { Marker } from './markers';
import { withAlpha, type ChartTheme } from './theme';

function markerColor(m: Marker, theme: ChartTheme): string {
  if (m.kind === 'lr') return theme.palette[4];
  if (m.kind === 'best') return theme.palette[2];
  if (m.kind === 'stop') return theme.palette[5];
  return m.severity === 'error' ? theme.palette[5] : m.severity === 'warning' ? theme.palette[4] : theme.palette[0];
}

/** Rows of marker labels at the top of the chart: more would cover the curves. */
const LABEL_ROWS = 3;

/** A marker label as drawn: its text, left edge (CSS px) and row. */
export interface DrawnLabel {
  label: string;
  x: number;
  width: number;
  row: number;
}

/** Draw `markers` on `u`; the ones in view (and their labels) are recorded on `handle` for the test hook. */
export function drawMarkers(
  u: uPlot,
  handle: { drawnMarkers: Marker[]; drawnLabels: DrawnLabel[] },
  markers: Marker[],
  theme: ChartTheme,
  labels: boolean,
): void {
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
  // uPlot leaves the axes' alignment on the context: without this, labels end at their line.
  ctx.textAlign = 'left';
  const pending: { text: string; x: number; width: number; color: string }[] = [];
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
    if (labels) pending.push({ text: m.label, x: px0 + 3 * dpr, width: ctx.measureText(m.label).width, color });
  }
  const rows = placeLabels(pending, LABEL_ROWS, 6 * dpr);
  const placed: DrawnLabel[] = [];
  pending.forEach((p, i) => {
    const row = rows[i];
    if (row === undefined) return;
    ctx.fillStyle = p.color;
    ctx.fillText(p.text, p.x, top + 2 * dpr + row * 12 * dpr);
    placed.push({ label: p.text, x: p.x / dpr, width: p.width / dpr, row });
  });
  ctx.restore();
  handle.drawnMarkers = drawn;
  handle.drawnLabels = placed;
}
