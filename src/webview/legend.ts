/**
 * Chart legends that double as the cursor readout: one entry per series with its value at
 * the hovered epoch (or the latest one). Text nodes are updated in place on cursor moves.
 */
import type { Chart } from './charts';
import { h } from './dom';
import { formatValue } from './format';
import type { ChartTheme } from './theme';

interface Entry {
  dataIndex: number;
  key: string;
  value: HTMLElement;
}

/** The legend of one chart. */
export class Legend {
  private entries: Entry[] = [];
  private epochLabel: HTMLElement;

  constructor(private readonly chart: Chart, theme: ChartTheme) {
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
      this.entries.push({ dataIndex: i + 1, key: s.key, value });
    }
  }

  /** Show values at row `idx`, or at the last row when the cursor is away. */
  update(idx: number | null): void {
    const data = this.chart.plot.data;
    const n = data[0].length;
    const row = idx ?? n - 1;
    this.epochLabel.textContent = n === 0 ? '' : `epoch ${row + 1}`;
    for (const e of this.entries) {
      const col = data[e.dataIndex];
      const v = row >= 0 && row < col.length ? col[row] : undefined;
      e.value.textContent = formatValue(e.key, v);
    }
  }
}
