/**
 * A chart's numbers as an HTML table, behind a "Table" toggle in the chart's head: what a
 * screen reader or keyboard user reads instead of the canvas. Raw logged values, one row per
 * epoch (every k-th on long runs, always the last).
 */
import { tableEpochs, type SummarySeries } from './chart-summary';
import { button, h } from './dom';
import { formatValue } from './format';

/** While a run streams, the open table is rebuilt at most this often. */
const REFRESH_MS = 1000;

let nextId = 0;

/** The toggle and the table of one chart. */
export class ChartTable {
  readonly toggle: HTMLButtonElement;
  readonly el: HTMLElement;
  private builtAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly title: string,
    private readonly source: () => { epochs: number; series: SummarySeries[] },
  ) {
    const id = `fw-table-${++nextId}`;
    this.el = h('div', { className: 'fw-table-wrap' });
    this.el.id = id;
    this.el.hidden = true;
    this.toggle = button('Table', () => this.setOpen(this.el.hidden), {
      className: 'fw-button fw-secondary fw-chart-button fw-table-toggle',
      dataset: { action: 'table' },
      title: `Show ${title.toLowerCase()} as a table of values`,
    });
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', id);
  }

  /** Whether the table is shown. */
  get open(): boolean {
    return !this.el.hidden;
  }

  /** Show or hide the table; shown, it is built at once. */
  setOpen(on: boolean): void {
    this.el.hidden = !on;
    this.toggle.setAttribute('aria-expanded', String(on));
    this.toggle.textContent = on ? 'Hide table' : 'Table';
    if (on) this.build();
    else this.el.replaceChildren();
  }

  /** The data changed: rebuild an open table, at most once per REFRESH_MS (a trailing rebuild catches the last epoch). */
  refresh(): void {
    if (!this.open || this.timer) return;
    const wait = this.builtAt + REFRESH_MS - performance.now();
    if (wait <= 0) this.build();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.open) this.build();
      }, wait);
  }

  /** Stop a pending rebuild (the chart is being destroyed). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private build(): void {
    this.builtAt = performance.now();
    const { epochs, series } = this.source();
    const rows = tableEpochs(epochs);
    const caption =
      rows.every > 1
        ? `${this.title}: raw values, one row every ${rows.every} epochs of ${epochs}, and the last epoch`
        : `${this.title}: raw values, ${epochs} epoch${epochs === 1 ? '' : 's'}`;
    const headCells = [h('th', { text: 'epoch' }), ...series.map((s) => h('th', { text: s.label }))];
    for (const c of headCells) c.scope = 'col';
    const body = rows.epochs.map((e) => {
      const th = h('th', { text: String(e) });
      th.scope = 'row';
      return h('tr', {}, th, ...series.map((s) => h('td', { text: formatValue(s.key, s.values[e - 1]) })));
    });
    const table = h('table', { className: 'fw-table' }, h('caption', { text: caption }), h('thead', {}, h('tr', {}, ...headCells)), h('tbody', {}, ...body));
    this.el.replaceChildren(table);
  }
}
