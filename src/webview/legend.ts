/**
 * Chart legends that double as the cursor readout: one entry per series with its value at
 * the hovered epoch (or the latest one). Text nodes are updated in place on cursor moves.
 */
import type { Chart } from './charts';
import { h } from './dom';
import { formatValue } from './format';
import type { ChartTheme } from './theme';

interface Entry {
  seriesIndex: number;
  key: string;
  value: HTMLElement;
}

/** The legend of one chart. */
export class Legend {
  private entries: Entry[] = [];
  private epochLabel: HTMLElement;

  /** `valueAt(seriesIndex, epoch)` reads full-resolution values: drawn data may be decimated. */
  constructor(
    private readonly chart: Chart,
    theme: ChartTheme,
    private readonly valueAt: (seriesIndex: number, epoch: number) => number | undefined,
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
      el.append(h('span', { className: 'fw-legend-item', dataset: { series: s.id } }, swatch, h('span', { text: s.label }), value));
      this.entries.push({ seriesIndex: i, key: s.key, value });
    }
  }

  /**
   * Show values at 1-based `epoch` (under the cursor), else at `latest`: the main run's last
   * epoch, not the chart's last x, which may be a longer overlay's or a zoom window's end.
   */
  update(epoch: number | null, latest: number): void {
    const n = this.chart.plot.data[0].length;
    const at = Math.round(epoch ?? latest);
    this.epochLabel.textContent = n === 0 || at < 1 ? '' : `epoch ${at}`;
    for (const e of this.entries) e.value.textContent = formatValue(e.key, at >= 1 ? this.valueAt(e.seriesIndex, at) : undefined);
  }
}
