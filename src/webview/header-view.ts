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
  /** Continue an interrupted run from its last checkpoint. */
  resume(): void;
  exportPng(): void;
  exportCsv(): void;
  /** Open the Findings section and bring it into view (it sits below the charts). */
  showFindings(): void;
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
  /** What happened to an interrupted run, and why Resume is off when it is. */
  private interruption = h('div', { className: 'fw-interrupted' });
  readonly stopButton: HTMLButtonElement;
  readonly reduceButton: HTMLButtonElement;
  readonly resumeButton: HTMLButtonElement;
  /** "2 findings ↓": the findings are below the fold of a panel that shows three charts. */
  readonly findingsButton: HTMLButtonElement;

  constructor(actions: HeaderActions) {
    this.stopButton = button('Stop', actions.stop, {
      className: 'fw-button',
      dataset: { action: 'stop' },
      title: 'Stop the run after the current batch; the model so far is saved.',
    });
    this.reduceButton = button('Reduce LR', actions.reduceLr, {
      className: 'fw-button fw-secondary',
      dataset: { action: 'reduceLr' },
      title: 'Lower the learning rate from the next batch on.',
    });
    this.resumeButton = button(
      'Resume',
      () => {
        // One click starts one trainer: the host's next snapshot shows the resumed run live.
        this.resumeButton.disabled = true;
        actions.resume();
      },
      { className: 'fw-button', dataset: { action: 'resume' }, title: 'Continue this run from its last completed epoch, in the same run folder.' },
    );
    const png = button('PNG', actions.exportPng, {
      className: 'fw-button fw-secondary',
      dataset: { action: 'exportPng' },
      title: 'Save the charts as an image.',
    });
    this.findingsButton = button('', actions.showFindings, {
      className: 'fw-button fw-secondary',
      dataset: { action: 'showFindings' },
      title: "Go to the coach's findings and their fixes.",
    });
    this.findingsButton.hidden = true;
    const csv = button('CSV', actions.exportCsv, { className: 'fw-button fw-secondary', dataset: { action: 'exportCsv' }, title: 'Save the metrics as CSV.' });
    this.el = h(
      'header',
      { className: 'fw-header' },
      h('div', { className: 'fw-title-row' }, this.status, this.title),
      this.stats,
      this.interruption,
      h(
        'div',
        { className: 'fw-actions' },
        this.stopButton,
        this.reduceButton,
        this.resumeButton,
        h('span', { className: 'fw-spacer' }),
        this.findingsButton,
        png,
        csv,
      ),
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
    const n = run.findings.length;
    this.findingsButton.hidden = n === 0;
    this.findingsButton.textContent = `${n} finding${n === 1 ? '' : 's'} ↓`;
    this.renderInterruption(run, live);
  }

  /** An interrupted run says what happened and offers Resume (or says why it cannot). */
  private renderInterruption(run: RunSeries, live: boolean): void {
    const a = run.actions;
    const interrupted = !live && (a.interrupted !== undefined || run.info.status === 'running');
    this.interruption.hidden = !interrupted;
    this.resumeButton.hidden = !interrupted;
    this.interruption.replaceChildren();
    if (!interrupted) return;
    const what = a.interrupted ?? 'The trainer is gone and the run did not finish; the reason was not recorded.';
    this.interruption.append(h('span', { className: 'fw-interrupted-reason', text: `Interrupted: ${what}` }));
    this.resumeButton.disabled = a.resumable !== true;
    const why = a.resumable === true ? undefined : (a.resumeBlocked ?? 'This run cannot be resumed.');
    this.resumeButton.title = why ?? 'Continue this run from its last completed epoch, in the same run folder.';
    if (why) this.interruption.append(h('span', { className: 'fw-muted fw-why-off', dataset: { off: 'resume' }, text: ` Resume is off: ${why}` }));
  }
}
