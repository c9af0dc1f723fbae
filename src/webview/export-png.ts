/**
 * PNG export: the uPlot canvases stacked on one canvas with a title and a legend per chart,
 * drawn in the current theme's colours so the image looks like the panel.
 */
import type { Chart } from './charts';
import type { ChartTheme } from './theme';

const PAD = 12;
const LINE = 18;

/** One composed image of all charts, as a `data:image/png;base64,…` URL. */
export function composeChartsPng(charts: readonly Chart[], title: string, theme: ChartTheme): string {
  const dpr = window.devicePixelRatio || 1;
  const canvases = charts.map((c) => c.plot.ctx.canvas);
  const width = Math.max(400 * dpr, ...canvases.map((c) => c.width)) + 2 * PAD * dpr;
  const legendRows = charts.map((c) => Math.max(1, Math.ceil(c.spec.series.filter((s) => s.inLegend).length / 4)));
  let height = (PAD + LINE + PAD) * dpr;
  for (let i = 0; i < charts.length; i++) height += (LINE * (1 + legendRows[i]) + PAD) * dpr + canvases[i].height;
  const out = document.createElement('canvas');
  out.width = Math.ceil(width);
  out.height = Math.ceil(height);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('Export failed: this webview could not create a 2D canvas; try again after reloading the panel.');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  const family = theme.font.replace(/^\S+\s/, '');
  ctx.textBaseline = 'middle';
  let y = PAD * dpr;
  ctx.fillStyle = theme.foreground;
  ctx.font = `bold ${14 * dpr}px ${family}`;
  ctx.fillText(title, PAD * dpr, y + (LINE * dpr) / 2);
  y += (LINE + PAD) * dpr;
  charts.forEach((chart, i) => {
    ctx.fillStyle = theme.foreground;
    ctx.font = `bold ${12 * dpr}px ${family}`;
    ctx.fillText(chart.spec.title + (chart.spec.log ? ' (log)' : ''), PAD * dpr, y + (LINE * dpr) / 2);
    y += LINE * dpr;
    ctx.font = `${11 * dpr}px ${family}`;
    // Main run first, as in the panel's legend (it is drawn last, on top).
    const items = chart.spec.series.filter((s) => s.inLegend).sort((a, b) => Number(b.main) - Number(a.main));
    const colWidth = (width - 2 * PAD * dpr) / 4;
    items.forEach((s, j) => {
      const x = PAD * dpr + (j % 4) * colWidth;
      const rowY = y + Math.floor(j / 4) * LINE * dpr + (LINE * dpr) / 2;
      ctx.strokeStyle = theme.palette[s.colorIndex % theme.palette.length];
      ctx.lineWidth = 2 * dpr;
      ctx.setLineDash(s.dashed ? [4 * dpr, 3 * dpr] : []);
      ctx.beginPath();
      ctx.moveTo(x, rowY);
      ctx.lineTo(x + 18 * dpr, rowY);
      ctx.stroke();
      ctx.fillStyle = theme.foreground;
      ctx.fillText(s.label, x + 24 * dpr, rowY);
    });
    ctx.setLineDash([]);
    y += legendRows[i] * LINE * dpr;
    ctx.drawImage(canvases[i], PAD * dpr, y);
    y += canvases[i].height + PAD * dpr;
  });
  return out.toDataURL('image/png');
}
