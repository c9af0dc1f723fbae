/**
 * The status-bar item of the newest live run (`$(pulse) Fitwatch 83/1000 loss … ETA 3m`,
 * click opens its curves) and the `fitwatch.running` / `fitwatch.specRunning` context keys
 * that enable Stop and Reduce LR in menus. When the last live run ends, the item shows how
 * it ended for a while: a fast run is over before its first redraw is noticed.
 */
import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../dispose';
import { formatFinishedStatusText } from './finished-status';
import { formatStatusText } from './status-text';
import { Throttle } from '../../shared/throttle';
import type { TrainingManager } from './training-manager';
import type { TrainingSession } from './training-session';

/**
 * Fewest milliseconds between status-bar redraws: every redraw crosses to the renderer, and a
 * fast run finishes hundreds of epochs per second.
 */
export const STATUS_REDRAW_MS = 250;

/** How long the item shows a run's ending once nothing trains any more. */
export const FINISHED_SHOWN_MS = 30_000;

/** Keeps the status-bar item and the running context keys in step with the manager. */
export class TrainingStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('fitwatch.status', vscode.StatusBarAlignment.Left, 50));
  private readonly throttle = new Throttle(() => this.redraw(), STATUS_REDRAW_MS);
  private wasLive: TrainingSession[] = [];
  /** The run that ended last, shown until FINISHED_SHOWN_MS pass or another run starts. */
  private ended: TrainingSession | undefined;
  private endedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly manager: TrainingManager) {
    super();
    this.item.name = 'Fitwatch Training';
    this.register(manager.onDidUpdate(() => this.throttle.request()));
    this.register(
      manager.onDidChangeLive(() => {
        this.noteEnded();
        // A run started or ended: show it now, whatever the throttle says.
        this.throttle.runNow();
        this.updateContextKeys();
      }),
    );
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKeys()));
    this.register(
      toDisposable(() => {
        this.throttle.cancel();
        clearTimeout(this.endedTimer);
      }),
    );
    this.updateContextKeys();
  }

  private noteEnded(): void {
    const live = this.manager.live();
    const ended = this.wasLive.filter((s) => !s.live);
    this.wasLive = live;
    if (ended.length === 0) return;
    this.ended = ended[ended.length - 1];
    clearTimeout(this.endedTimer);
    this.endedTimer = setTimeout(() => {
      this.ended = undefined;
      this.redraw();
    }, FINISHED_SHOWN_MS);
  }

  /** Shows the newest live run, else the run that just ended; hides the item otherwise. */
  private redraw(): void {
    const live = this.manager.live();
    const newest: TrainingSession | undefined = live[live.length - 1];
    // A run that sent `done` but whose process has not exited yet is shown as ended already.
    const shown = newest ?? this.wasLive.filter((s) => !s.live).pop() ?? this.ended;
    if (!shown) {
      this.item.hide();
      return;
    }
    const info = shown.run.info;
    this.item.text = newest
      ? formatStatusText({ ...newest.run.progress(), others: live.length - 1 })
      : formatFinishedStatusText(info.status, shown.run.progress());
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${info.specName ?? shown.target.specRelative}** — run \`${shown.target.runId}\`${newest ? '' : ` ended: ${info.status}`}\n\n`);
    if (info.backend) md.appendMarkdown(`Backend ${info.backend}/${info.engine ?? '?'}\n\n`);
    md.appendMarkdown('Click to show the training curves.');
    this.item.tooltip = md;
    this.item.command = { title: 'Show Training Curves', command: 'fitwatch.showCurves', arguments: [shown.target.runId] };
    const failed = info.status === 'failed' || shown.run.findings.some((f) => f.severity === 'error');
    this.item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  private updateContextKeys(): void {
    const live = this.manager.live();
    void vscode.commands.executeCommand('setContext', 'fitwatch.running', live.length > 0);
    const active = vscode.window.activeTextEditor?.document.uri;
    const specRunning = active !== undefined && this.manager.liveForSpec(active) !== undefined;
    void vscode.commands.executeCommand('setContext', 'fitwatch.specRunning', specRunning);
  }
}
