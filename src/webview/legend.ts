/**
 * Chart legends that double as the cursor readout: one entry per series with its value at
 * the hovered epoch (or the latest one). Text nodes are updated in place on cursor moves.
 * While smoothing is on, a smoothed curve's entry also gives the logged value and the legend
 * says it is smoothed: the smoothed figure alone differs from the log and the status bar.
 */
import type { Chart } from './charts';
import { h } from './dom';
import { formatValue } from './format';
import type { ChartTheme } from './theme';

interface Entry {
  seriesIndex: number;
  key: string;
  value: HTMLElement;
  /** The logged value beside a smoothed one; absent for series that are never smoothed. */
  raw?: HTMLElement;
}

/** How the legend reads values: smoothed as drawn, raw as logged, and the smoothing weight (0 = off). */
export interface LegendValues {
  drawnAt(seriesIndex: number, epoch: number): number | undefined;
  rawAt(seriesIndex: number, epoch: number): number | undefined;
  smoothing(): number;
}

/** The legend of one chart. */
export class Legend {
  private entries: Entry[] = [];
  private epochLabel: HTMLElement;
  private note: HTMLElement;

  /** `values` reads full-resolution values: drawn data may be decimated. */
  constructor(
    private readonly chart: Chart,
    theme: ChartTheme,
    private readonly values: LegendValues,
  ) {
    const el = chart.legend;
    el.replaceChildren();
    this.epochLabel = h('span', { className: 'fw-legend-epoch' });
    el.append(this.epochLabel);
    // Main run first in the legend even though it is drawn last (on top).
    const order = chart.spec.series.map((s, i) => ({ s, i })).filter((x) => x.s.inLegend);
    order.sort((a, b) => Number(b.s.main) - Number(a.s.main));
    for (const { s, i } of order) {
      const swatch = h('span', { className: s.dashed ? 'fw-swatch fw-swatch-dashed' : 'fw-swatch' });
      // CSSOM writes are allowed by the CSP (only inline style attributes are not).
      swatch.style.borderColor = theme.palette[s.colorIndex % theme.palette.length];
      const value = h('span', { className: 'fw-legend-value' });
      const raw =
        s.kind === 'smoothed' ? h('span', { className: 'fw-legend-raw', title: 'The logged value at this epoch (the first figure is smoothed).' }) : undefined;
      const item = h('span', { className: 'fw-legend-item', dataset: { series: s.id } }, swatch, h('span', { text: s.label }), value);
      if (raw) item.append(raw);
      el.append(item);
      this.entries.push({ seriesIndex: i, key: s.key, value, ...(raw ? { raw } : {}) });
    }
    this.note = h('span', { className: 'fw-legend-note' });
    el.append(this.note);
  }

  /**
   * Show values at 1-based `epoch` (under the cursor), else at `latest`: the main run's last
   * epoch, not the chart's last x, which may be a longer overlay's or a zoom window's end.
   */
  update(epoch: number | null, latest: number): void {
    const n = this.chart.plot.data[0].length;
    const at = Math.round(epoch ?? latest);
    this.epochLabel.textContent = n === 0 || at < 1 ? '' : `epoch ${at}`;
    const weight = this.values.smoothing();
    const shown = n > 0 && at >= 1;
    this.note.textContent = weight > 0 && shown && this.entries.some((e) => e.raw) ? `smoothed ${weight.toFixed(2)}, logged value in brackets` : '';
    for (const e of this.entries) {
      e.value.textContent = formatValue(e.key, shown ? this.values.drawnAt(e.seriesIndex, at) : undefined);
      if (e.raw) e.raw.textContent = weight > 0 && shown ? `(${formatValue(e.key, this.values.rawAt(e.seriesIndex, at))})` : '';
    }
  }
}
