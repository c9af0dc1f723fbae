/**
 * The panel: host messages go through the run-state reducer; what they change is drawn at
 * the next animation frame at most once (a burst of epochs costs one `setData` per chart).
 */
import type uPlot from 'uplot';
import type { Finding } from '../shared/findings';
import { parseHostMessage, type PanelToHost } from '../shared/protocol/panel';
import { emptyPanelState, reducePanel, type PanelChange, type PanelState, type RunSeries } from '../shared/run-state';
import { clampSmoothing } from '../shared/smoothing';
import { buildChartSpecs, type ChartId, type SeriesSpec } from './chart-model';
import { summarizeChart, type SummarySeries } from './chart-summary';
import { Chart } from './charts';
import { renderCompareChoices, selectedRunIds } from './compare-view';
import { h } from './dom';
import { EpochAxis } from './epoch-axis';
import { composeChartsPng } from './export-png';
import { FindingsAnnouncer } from './findings-announcer';
import { renderFindings } from './findings-view';
import { HeaderView } from './header-view';
import { Legend } from './legend';
import { computeMarkers, type Marker } from './markers';
import { SmoothedStore } from './smoothed-store';
import { compressSteps } from './step-compress';
import { DrawnSeriesCache } from './drawn-series';
import { readTheme, watchTheme, type ChartTheme } from './theme';
import { readUiState, type PanelUiState, type VsCodeApi } from './vscode-api';

/** While a run streams, the charts' spoken summaries are recomputed at most this often (each scans every value). */
const SUMMARY_MS = 1000;

/** What the next frame must redo; `scale`: the loss chart's linear/log switch. */
type Pending = Omit<PanelChange, 'choices'> & { choices: boolean; scale: boolean };

function nothingPending(): Pending {
  return { structure: false, data: false, header: false, markers: false, findings: false, choices: false, scale: false };
}

/** True when every array of `a` is the very object of `b`'s (the cache hands out the same arrays). */
function sameArrays(a: uPlot.AlignedData, b: uPlot.AlignedData): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The whole panel, mounted on `root`. */
export class PanelApp {
  readonly state: PanelState = emptyPanelState();
  ui: PanelUiState;
  charts: Chart[] = [];
  private legends: Legend[] = [];
  private theme: ChartTheme;
  private readonly axis = new EpochAxis();
  private readonly smoothed = new SmoothedStore();
  private readonly drawn = new DrawnSeriesCache();
  private pending = nothingPending();
  private frameRequested = false;
  /** 1-based epoch under the cursor; charts may have different x rows (the LR chart is compressed). */
  private cursorEpoch: number | null = null;
  private appliedFix = false;
  private overlaysRestored = false;
  /** The host asked for a PNG before there was anything drawn: answer after the first draw. */
  private exportWanted = false;
  /** `setData` calls so far: the tests check that bursts are coalesced. */
  setDataCalls = 0;
  /** When the charts' summaries were last computed (performance.now()). */
  private summarizedAt = -Infinity;
  private summaryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Charts whose data table is open: kept when the charts are rebuilt. */
  private readonly openTables = new Set<ChartId>();
  /** The enlarged chart, if any: kept when the charts are rebuilt. */
  private enlarged: ChartId | undefined;
  private readonly announcer = new FindingsAnnouncer();

  private readonly header: HeaderView;
  private readonly chartsEl = h('div', { className: 'fw-charts' });
  private readonly findingsBody = h('div', { className: 'fw-section-body' });
  private readonly findingsSummary = h('summary', { text: 'Findings' });
  private readonly compareSelect = h('select', { className: 'fw-compare-select', title: 'Overlay earlier runs (Ctrl/Cmd-click to pick several).' });
  private readonly smoothingInput = h('input', { className: 'fw-smoothing' });
  private readonly smoothingOutput = h('output', { className: 'fw-smoothing-value' });
  private readonly logInput = h('input', { className: 'fw-log' });
  private readonly empty = h('p', { className: 'fw-muted fw-empty', text: 'Waiting for the run…' });

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.ui = readUiState(vscode.getState());
    this.theme = readTheme();
    this.header = new HeaderView({
      stop: () => this.postForMain('stop'),
      reduceLr: () => this.postForMain('reduceLr'),
      resume: () => this.postForMain('resume'),
      exportPng: () => this.exportPng(),
      exportCsv: () => this.post({ type: 'export', format: 'csv' }),
      showFindings: () => this.showFindings(),
    });
    this.buildDom();
    watchTheme(() => this.onThemeChange());
    new ResizeObserver(() => this.resize()).observe(this.chartsEl);
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
    this.post({ type: 'ready' });
  }

  /** Handle one message from the host (anything unrecognised is ignored). */
  receive(data: unknown): void {
    const msg = parseHostMessage(data);
    if (!msg) return;
    if (msg.type === 'exportRequest') {
      // Answered by flush() once charts exist (at once when they already do).
      this.exportWanted = true;
      this.flush();
      return;
    }
    const change = reducePanel(this.state, msg);
    if (msg.type === 'snapshot') {
      this.restoreOverlays();
      // VS Code hands the saved state to the panel serializer after a window reload: it must name this run.
      if (this.ui.runId !== msg.run.info.id) this.saveUi();
    }
    this.schedule({ ...change, scale: false });
  }

  /** Change the smoothing weight (slider or test hook). */
  setSmoothing(weight: number): void {
    const w = clampSmoothing(weight);
    this.ui.smoothing = w;
    this.smoothingInput.value = String(w);
    this.smoothingOutput.textContent = w.toFixed(2);
    this.saveUi();
    this.schedule({ ...nothingPending(), data: true });
  }

  /** Switch the loss chart between linear and log y (in place: the data stays as it is). */
  setLogScale(on: boolean): void {
    this.ui.logScale = on;
    this.logInput.checked = on;
    this.saveUi();
    this.schedule({ ...nothingPending(), scale: true });
  }

  /** Draw everything pending now; returns the milliseconds it took (for the benchmark). */
  flush(): number {
    const t0 = performance.now();
    const p = this.pending;
    this.pending = nothingPending();
    const main = this.state.main;
    this.empty.hidden = main !== undefined;
    if (!main) return performance.now() - t0;
    if (p.structure) this.rebuildCharts();
    else if (p.scale) for (const c of this.charts) if (c.spec.id === 'loss') c.setLog(this.ui.logScale);
    if (p.structure || p.data) {
      // The faint raw lines only show behind a smoothed curve.
      for (const c of this.charts) c.showRaw(this.ui.smoothing > 0);
      this.pushData();
    } else if (p.markers) for (const c of this.charts) c.redraw();
    if (p.structure || p.data) {
      this.updateLegends();
      for (const c of this.charts) c.table.refresh();
    }
    if (p.structure || p.data || p.header || p.scale) this.updateSummaries(p.structure || p.header || p.scale || !main.live);
    if (p.header || p.structure || p.findings) this.header.render(main);
    if (p.findings || p.structure) this.renderFindings(main);
    if (p.choices || p.structure)
      renderCompareChoices(
        this.compareSelect,
        this.state.choices,
        main.id,
        this.state.compare.map((r) => r.id),
      );
    const ms = performance.now() - t0;
    if (this.exportWanted && this.charts.length > 0) {
      this.exportWanted = false;
      this.postPng(main);
    }
    return ms;
  }

  /** The markers drawn on `chart` (findings only on the value charts). */
  markersFor(chart: ChartId): Marker[] {
    const main = this.state.main;
    if (!main) return [];
    const all = computeMarkers(main);
    return chart === 'lr' ? all.filter((m) => m.kind !== 'finding') : all;
  }

  /** The logged column behind a series. */
  private rawColumn(s: SeriesSpec): { view(): Float64Array } | undefined {
    const run = s.main ? this.state.main : this.state.compare.find((r) => r.id === s.runId);
    return run?.columns.get(s.key);
  }

  /** Full-resolution values of one series (raw or smoothed), row i = epoch i; NaN marks gaps. */
  fullValues(s: SeriesSpec): Float64Array {
    const run = s.main ? this.state.main : this.state.compare.find((r) => r.id === s.runId);
    const col = run?.columns.get(s.key);
    if (!col) return new Float64Array(0);
    if (s.kind === 'smoothed' && this.ui.smoothing > 0) return this.smoothed.get(s.id, col, this.ui.smoothing);
    return col.view();
  }

  /** The raw values of `chart`'s legend series and the run's epoch count (data table and summary). */
  chartValues(chart: Chart): { epochs: number; series: SummarySeries[] } {
    const series = chart.spec.series
      .filter((s) => s.inLegend)
      .map((s) => {
        return { label: s.label, key: s.key, values: this.rawColumn(s)?.view() ?? new Float64Array(0) };
      });
    return { epochs: this.epochCount(), series };
  }

  /** Epochs on the x axis: the longest of the main run and its overlays. */
  private epochCount(): number {
    let n = this.state.main?.length ?? 0;
    for (const r of this.state.compare) n = Math.max(n, r.length);
    return n;
  }

  /** Recompute each chart's spoken summary: now when `now`, else at most once per SUMMARY_MS. */
  private updateSummaries(now: boolean): void {
    const wait = this.summarizedAt + SUMMARY_MS - performance.now();
    if (!now && wait > 0) {
      this.summaryTimer ??= setTimeout(() => {
        this.summaryTimer = undefined;
        this.updateSummaries(true);
      }, wait);
      return;
    }
    this.summarizedAt = performance.now();
    for (const c of this.charts) {
      // Smoothing, zoom and overlays-only redraws leave the raw values as they were: skip the scan.
      const key = `${c.isLog()}|${this.epochCount()}|${this.columnsKey(c)}`;
      if (key === c.summaryKey) continue;
      c.summaryKey = key;
      const { epochs, series } = this.chartValues(c);
      c.setSummary(summarizeChart(c.spec.title, series, epochs, c.isLog()));
    }
  }

  private schedule(change: Pending): void {
    const p = this.pending;
    for (const k of Object.keys(p) as (keyof Pending)[]) p[k] = p[k] || change[k];
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.flush();
    });
  }

  private rebuildCharts(): void {
    // A theme change or a new overlay rebuilds the charts; the user's zoom survives it.
    const zoom = this.charts.map((c) => c.zoomWindow()).find((w) => w !== undefined);
    for (const c of this.charts) {
      if (c.table.open) this.openTables.add(c.spec.id);
      else this.openTables.delete(c.spec.id);
      c.destroy();
    }
    this.chartsEl.replaceChildren();
    const specs = buildChartSpecs(this.state, { logLoss: this.ui.logScale });
    const ids = new Set(specs.flatMap((s) => s.series.map((x) => x.id)));
    this.smoothed.retain(ids);
    this.drawn.retain(ids);
    const width = this.chartWidth();
    const callbacks = {
      markers: (id: ChartId) => this.markersFor(id),
      onCursor: (epoch: number | null) => this.onCursor(epoch),
      onZoom: (source: Chart, min: number, max: number) => this.onZoom(source, min, max),
      onZoomReset: () => this.onZoomReset(),
      onEnlarge: (chart: Chart, on: boolean) => this.enlarge(on ? chart.spec.id : undefined),
      extent: (): [number, number] => [1, Math.max(1, this.epochCount())],
      tableSource: (chart: Chart) => this.chartValues(chart),
    };
    this.charts = specs.map((spec) => new Chart(this.chartsEl, spec, this.theme, width, callbacks));
    for (const c of this.charts) if (this.openTables.has(c.spec.id)) c.table.setOpen(true);
    if (this.enlarged) this.enlarge(this.enlarged);
    this.legends = this.charts.map(
      (c) =>
        new Legend(c, this.theme, {
          drawnAt: (i, epoch) => this.fullValues(c.spec.series[i])[epoch - 1],
          rawAt: (i, epoch) => this.rawColumn(c.spec.series[i])?.view()[epoch - 1],
          smoothing: () => this.ui.smoothing,
        }),
    );
    if (zoom) for (const c of this.charts) c.zoomTo(zoom[0], zoom[1]);
  }

  private pushData(): void {
    const runs = new Map<string, RunSeries>();
    if (this.state.main) runs.set(this.state.main.id, this.state.main);
    for (const r of this.state.compare) runs.set(r.id, r);
    for (const chart of this.charts) {
      let data: uPlot.AlignedData;
      if (chart.spec.id === 'lr') {
        // Smoothing and log toggles leave the LR chart as it is: skip its redraw.
        const key = this.columnsKey(chart);
        if (key === chart.dataKey && !chart.stale) continue;
        chart.dataKey = key;
        const steps = compressSteps(chart.spec.series.map((s) => runs.get(s.runId)?.columns.get(s.key)?.view() ?? new Float64Array(0)));
        data = [steps.x, ...steps.ys];
      } else {
        let n = 0;
        for (const s of chart.spec.series) n = Math.max(n, runs.get(s.runId)?.length ?? 0);
        const x = this.axis.view(n);
        // A zoomed chart draws its visible rows (and one more each side, so lines reach the
        // edges), decimated to its width like the whole run is.
        const [from, to] = chart.zoomedRows(n);
        const layout = this.drawn.layout(x, chart.plotWidth(), from, to);
        const ys = chart.spec.series.map((s) => {
          const col = runs.get(s.runId)?.columns.get(s.key);
          const smoothed = s.kind === 'smoothed' && this.ui.smoothing > 0;
          const version = { source: col, length: col?.length ?? 0, rewrites: col?.rewrites ?? 0, weight: smoothed ? this.ui.smoothing : 0, smooth: smoothed };
          return this.drawn.get(s.id, layout, version, () => this.fullValues(s));
        });
        data = [layout.x, ...ys] as uPlot.AlignedData;
        // Nothing this chart draws changed (an overlay-only chart during a live epoch).
        if (sameArrays(data, chart.plot.data) && !chart.stale) continue;
      }
      chart.setData(data);
      this.setDataCalls++;
    }
  }

  /** Zoom all charts to epochs [min, max] as a drag on `source` would (test hook and bench). */
  zoomChart(source: Chart, min: number, max: number): void {
    source.zoomTo(min, max);
    this.onZoom(source, min, max);
  }

  /** Show the whole run on every chart again, as a double-click does. */
  resetZoom(): void {
    this.onZoomReset();
  }

  /** Enlarge one chart (the others keep their height), or none; the redraw follows in the next frame. */
  enlarge(id: ChartId | undefined): void {
    this.enlarged = id;
    for (const c of this.charts) c.setEnlarged(c.spec.id === id, window.innerHeight);
    const target = this.charts.find((c) => c.spec.id === id);
    target?.root.scrollIntoView({ block: 'nearest' });
    for (const c of this.charts) c.stale = true;
    this.schedule({ ...nothingPending(), data: true });
  }

  /** The user zoomed one chart: the others follow, and all get full-resolution rows. */
  private onZoom(source: Chart, min: number, max: number): void {
    for (const c of this.charts) if (c !== source) c.zoomTo(min, max);
    this.schedule({ ...nothingPending(), data: true });
  }

  /** Double-click on any chart: every chart shows the whole run again. */
  private onZoomReset(): void {
    for (const c of this.charts) c.resetZoom();
    this.schedule({ ...nothingPending(), data: true });
  }

  /** Changes whenever a chart's raw data could have: lengths and rewrites of its columns. */
  private columnsKey(chart: Chart): string {
    const parts: number[] = [];
    for (const s of chart.spec.series) {
      const col = (s.main ? this.state.main : this.state.compare.find((r) => r.id === s.runId))?.columns.get(s.key);
      parts.push(col?.length ?? -1, col?.rewrites ?? -1);
    }
    return parts.join(',');
  }

  private onCursor(epoch: number | null): void {
    if (epoch === this.cursorEpoch) return;
    this.cursorEpoch = epoch;
    this.updateLegends();
  }

  private updateLegends(): void {
    const latest = this.state.main?.length ?? 0;
    for (const l of this.legends) l.update(this.cursorEpoch, latest);
  }

  private renderFindings(main: RunSeries): void {
    this.findingsSummary.textContent = main.findings.length ? `Findings (${main.findings.length})` : 'Findings';
    const over = !(main.live && main.info.status === 'running');
    this.announcer.update(main.id, main.findings);
    renderFindings(
      this.findingsBody,
      main.findings,
      { applyFix: (f, i) => this.applyFix(f, i), trainAgain: () => this.postForMain('trainAgain') },
      this.appliedFix || over,
      main.whatIf,
      main.actions.editBlocked,
    );
  }

  /** Open the Findings section, scroll to it and move the focus there (the header's "N findings" button). */
  private showFindings(): void {
    const section = this.findingsSummary.parentElement;
    if (section instanceof HTMLDetailsElement) section.open = true;
    this.findingsSummary.scrollIntoView({ block: 'start' });
    this.findingsSummary.focus();
  }

  private applyFix(f: Finding, fixIndex: number): void {
    const main = this.state.main;
    if (!main) return;
    this.post({ type: 'applyFix', runId: main.id, code: f.code, fixIndex });
    this.appliedFix = true;
    this.schedule({ ...nothingPending(), findings: true });
  }

  private postForMain(type: 'stop' | 'reduceLr' | 'trainAgain' | 'resume'): void {
    const main = this.state.main;
    if (main) this.post({ type, runId: main.id });
  }

  private post(msg: PanelToHost): void {
    this.vscode.postMessage(msg);
  }

  private exportPng(): void {
    const main = this.state.main;
    if (!main || this.charts.length === 0) return;
    this.flush();
    this.postPng(main);
  }

  private postPng(main: RunSeries): void {
    const title = `${main.info.specName ?? main.info.id} — ${main.length}/${main.info.totalEpochs || main.length} epochs`;
    this.post({ type: 'export', format: 'png', dataUrl: composeChartsPng(this.charts, title, this.theme, main.findings) });
  }

  private restoreOverlays(): void {
    if (this.overlaysRestored) return;
    this.overlaysRestored = true;
    const available = new Set(this.state.choices.map((c) => c.id));
    const wanted = this.ui.overlays.filter((id) => available.has(id) && id !== this.state.main?.id);
    if (wanted.length > 0 && this.state.compare.length === 0) this.post({ type: 'compare', runIds: wanted });
  }

  private onThemeChange(): void {
    this.theme = readTheme();
    this.schedule({ ...nothingPending(), structure: true, data: true });
  }

  private chartWidth(): number {
    return Math.max(280, Math.floor(this.chartsEl.clientWidth || this.root.clientWidth || 600));
  }

  private resize(): void {
    const width = this.chartWidth();
    for (const c of this.charts) if (c.plot.width !== width) c.plot.setSize({ width, height: c.plot.height });
  }

  private saveUi(): void {
    this.ui.runId = this.state.main?.id ?? this.ui.runId;
    this.vscode.setState(this.ui);
  }

  private section(id: string, summary: HTMLElement, ...body: HTMLElement[]): HTMLDetailsElement {
    const d = h('details', { className: 'fw-section', dataset: { section: id } }, summary, ...body);
    d.open = !this.ui.collapsed.includes(id);
    d.addEventListener('toggle', () => {
      this.ui.collapsed = this.ui.collapsed.filter((x) => x !== id);
      if (!d.open) this.ui.collapsed.push(id);
      this.saveUi();
    });
    return d;
  }

  private buildDom(): void {
    const s = this.smoothingInput;
    s.type = 'range';
    s.min = '0';
    s.max = '0.99';
    s.step = '0.01';
    s.value = String(this.ui.smoothing);
    s.setAttribute('aria-label', 'Smoothing');
    s.addEventListener('input', () => this.setSmoothing(Number(s.value)));
    this.smoothingOutput.textContent = this.ui.smoothing.toFixed(2);
    this.logInput.type = 'checkbox';
    this.logInput.checked = this.ui.logScale;
    this.logInput.addEventListener('change', () => this.setLogScale(this.logInput.checked));
    this.compareSelect.multiple = true;
    this.compareSelect.addEventListener('change', () => {
      const runIds = selectedRunIds(this.compareSelect);
      this.ui.overlays = runIds;
      this.saveUi();
      this.post({ type: 'compare', runIds });
    });
    const toolbar = h(
      'div',
      { className: 'fw-toolbar' },
      h(
        'label',
        { className: 'fw-control', title: 'TensorBoard-style smoothing (debiased exponential moving average); the raw curve stays faint behind.' },
        'Smoothing ',
        s,
        this.smoothingOutput,
      ),
      h('label', { className: 'fw-control' }, this.logInput, ' Log scale (loss)'),
      h('span', {
        className: 'fw-muted fw-hint',
        text: 'Drag to zoom, double-click to reset. Keyboard: focus a chart, + / − zoom, ← → pan, 0 resets.',
      }),
    );
    this.root.replaceChildren(
      this.announcer.el,
      this.header.el,
      toolbar,
      this.empty,
      this.chartsEl,
      this.section('findings', this.findingsSummary, this.findingsBody),
      this.section('compare', h('summary', { text: 'Compare runs' }), h('div', { className: 'fw-section-body' }, this.compareSelect)),
    );
  }
}
