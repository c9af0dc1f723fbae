/**
 * PNG export: the uPlot canvases stacked on one canvas with a title and a legend per chart,
 * then the coach's findings, drawn in the current theme's colours so the image looks like the
 * panel. The findings belong in the image: a shared chart without them loses what it showed.
 */
import type { Finding } from '../shared/findings';
import type { Chart } from './charts';
import type { ChartTheme } from './theme';

const PAD = 12;
const LINE = 18;

/** The sentences the image gives for each finding, before wrapping. */
export function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => {
    const a = f.epochs.start + 1;
    const b = f.epochs.end + 1;
    const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
    return `${f.severity.toUpperCase()} ${f.code} (${a === b ? `epoch ${a}` : `epochs ${a}–${b}`}): ${f.message}${fix ? ` Fix: ${fix.title}.` : ''}`;
  });
}

/** Greedy word wrap of `text` to `maxWidth` as `measure` counts width; a word longer than a line gets its own. */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** One composed image of all charts and the findings, as a `data:image/png;base64,…` URL. */
export function composeChartsPng(charts: readonly Chart[], title: string, theme: ChartTheme, findings: readonly Finding[] = []): string {
  const dpr = window.devicePixelRatio || 1;
  const canvases = charts.map((c) => c.plot.ctx.canvas);
  const width = Math.max(400 * dpr, ...canvases.map((c) => c.width)) + 2 * PAD * dpr;
  const legendRows = charts.map((c) => Math.max(1, Math.ceil(c.spec.series.filter((s) => s.inLegend).length / 4)));
  let height = (PAD + LINE + PAD) * dpr;
  for (let i = 0; i < charts.length; i++) height += (LINE * (1 + legendRows[i]) + PAD) * dpr + canvases[i].height;
  const family = theme.font.replace(/^\S+\s/, '');
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('Export failed: this webview could not create a 2D canvas; try again after reloading the panel.');
  // Measure the findings' wrapped lines first: the canvas size must be known before drawing.
  ctx.font = `${11 * dpr}px ${family}`;
  const findingText = findingLines(findings).map((t) => wrapText(t, width - 2 * PAD * dpr, (x) => ctx.measureText(x).width));
  if (findingText.length > 0) height += (LINE + findingText.reduce((n, l) => n + l.length, 0) * LINE + PAD) * dpr;
  out.width = Math.ceil(width);
  out.height = Math.ceil(height);
  // Resizing a canvas resets its context's state.
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
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
  if (findingText.length > 0) {
    ctx.fillStyle = theme.foreground;
    ctx.font = `bold ${12 * dpr}px ${family}`;
    ctx.fillText(`Findings (${findingText.length})`, PAD * dpr, y + (LINE * dpr) / 2);
    y += LINE * dpr;
    ctx.font = `${11 * dpr}px ${family}`;
    for (const lines of findingText)
      for (const line of lines) {
        ctx.fillText(line, PAD * dpr, y + (LINE * dpr) / 2);
        y += LINE * dpr;
      }
  }
  return out.toDataURL('image/png');
}
