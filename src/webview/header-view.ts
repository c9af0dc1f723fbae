/** The header: progress, best value, timing, engine, status, and the live-run buttons. */
import { estimateRemainingMs, formatDuration } from '../shared/eta';
import type { RunSeries } from '../shared/run-state';
import { button, h } from './dom';
import { formatValue } from './format';
import { resolveBest } from './markers';

/** What the header's buttons do. */
export interface HeaderActions {
  stop(): void;
  reduceLr(): void;
  exportPng(): void;
  exportCsv(): void;
}

function elapsedMs(run: RunSeries): number {
  let sum = run.info.timings?.loadMs ?? 0;
  const d = run.durations.view();
  for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i])) sum += d[i];
  return Math.max(sum, run.info.timings?.elapsedMs ?? 0);
}

/** The header element and its refresh. */
export class HeaderView {
  readonly el: HTMLElement;
  private title = h('span', { className: 'fw-run-title' });
  private status = h('span', { className: 'fw-status' });
  private stats = h('div', { className: 'fw-stats' });
  readonly stopButton: HTMLButtonElement;
  readonly reduceButton: HTMLButtonElement;

  constructor(actions: HeaderActions) {
    this.stopButton = button('Stop', actions.stop, { className: 'fw-button', dataset: { action: 'stop' }, title: 'Stop the run after the current batch; the model so far is saved.' });
    this.reduceButton = button('Reduce LR', actions.reduceLr, { className: 'fw-button fw-secondary', dataset: { action: 'reduceLr' }, title: 'Lower the learning rate from the next batch on.' });
    const png = button('PNG', actions.exportPng, { className: 'fw-button fw-secondary', dataset: { action: 'exportPng' }, title: 'Save the charts as an image.' });
    const csv = button('CSV', actions.exportCsv, { className: 'fw-button fw-secondary', dataset: { action: 'exportCsv' }, title: 'Save the metrics as CSV.' });
    this.el = h(
      'header',
      { className: 'fw-header' },
      h('div', { className: 'fw-title-row' }, this.status, this.title),
      this.stats,
      h('div', { className: 'fw-actions' }, this.stopButton, this.reduceButton, h('span', { className: 'fw-spacer' }), png, csv),
    );
  }

  /** Refresh from the main run. */
  render(run: RunSeries): void {
    const info = run.info;
    const live = run.live && info.status === 'running';
    this.status.textContent = live ? 'training' : info.status === 'running' ? 'interrupted' : info.status;
    this.status.className = `fw-status fw-status-${live ? 'live' : info.status}`;
    this.title.textContent = info.specName ?? info.specPath ?? info.id;
    this.title.title = `run ${info.id}`;
    const parts: string[] = [];
    const total = info.totalEpochs > 0 ? info.totalEpochs : run.length;
    parts.push(`Epoch ${run.length}/${total}`);
    const best = resolveBest(run);
    if (best) {
      const monitor = best.monitor ?? 'loss';
      const value = best.value ?? run.columns.get(monitor)?.get(best.epoch);
      parts.push(`best ${monitor} ${formatValue(monitor, value)} @ ${best.epoch + 1}`);
    }
    parts.push(`elapsed ${formatDuration(elapsedMs(run))}`);
    if (live) {
      const eta = estimateRemainingMs(run.durations.view(), total - run.length);
      parts.push(`ETA ${eta === undefined ? '…' : formatDuration(eta)}`);
    }
    const engine = [info.backend, info.engine].filter((x) => x).join(' · ');
    if (engine) parts.push(engine);
    this.stats.textContent = parts.join('  ·  ');
    if (info.error) this.stats.append(h('div', { className: 'fw-error', text: info.error }));
    this.stopButton.disabled = !live;
    this.reduceButton.disabled = !live;
  }
}
