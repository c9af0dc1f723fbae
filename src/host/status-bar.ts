/**
 * The status-bar item of the newest live run (`$(pulse) Fitwatch 83/1000 loss … ETA 3m`,
 * click opens its curves) and the `fitwatch.running` / `fitwatch.specRunning` context keys
 * that enable Stop and Reduce LR in menus.
 */
import * as vscode from 'vscode';
import { Disposable, toDisposable } from './dispose';
import { formatStatusText } from './status-text';
import { Throttle } from './throttle';
import type { TrainingManager } from './training-manager';
import type { TrainingSession } from './training-session';

/**
 * Fewest milliseconds between status-bar redraws: every redraw crosses to the renderer, and a
 * fast run finishes hundreds of epochs per second.
 */
export const STATUS_REDRAW_MS = 250;

/** Keeps the status-bar item and the running context keys in step with the manager. */
export class TrainingStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('fitwatch.status', vscode.StatusBarAlignment.Left, 50));
  private readonly throttle = new Throttle(() => this.redraw(), STATUS_REDRAW_MS);

  constructor(private readonly manager: TrainingManager) {
    super();
    this.item.name = 'Fitwatch Training';
    this.register(manager.onDidUpdate(() => this.throttle.request()));
    this.register(manager.onDidChangeLive(() => {
      // A run started or ended: show it now, whatever the throttle says.
      this.throttle.runNow();
      this.updateContextKeys();
    }));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKeys()));
    this.register(toDisposable(() => this.throttle.cancel()));
    this.updateContextKeys();
  }

  /** Shows the newest live run; hides the item when nothing trains. */
  private redraw(): void {
    const live = this.manager.live();
    const newest: TrainingSession | undefined = live[live.length - 1];
    if (!newest) {
      this.item.hide();
      return;
    }
    const progress = { ...newest.run.progress(), others: live.length - 1 };
    this.item.text = formatStatusText(progress);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${newest.run.info.specName ?? newest.target.specRelative}** — run \`${newest.target.runId}\`\n\n`);
    if (newest.run.info.backend) md.appendMarkdown(`Backend ${newest.run.info.backend}/${newest.run.info.engine ?? '?'}\n\n`);
    md.appendMarkdown('Click to show the training curves.');
    this.item.tooltip = md;
    this.item.command = { title: 'Show Training Curves', command: 'fitwatch.showCurves', arguments: [newest.target.runId] };
    this.item.backgroundColor = newest.run.findings.some((f) => f.severity === 'error') ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
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
