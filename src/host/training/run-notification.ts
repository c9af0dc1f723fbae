/**
 * A run's only notification: one progress notification, cancellable (Cancel stops the run),
 * updated in place with the epoch and the open finding, gone when the trainer exits. Findings
 * get no notification of their own: they are in the panel, in Problems and in this line while
 * they hold, and a finding that clears simply leaves it.
 */
import * as vscode from 'vscode';
import { readSuppressed, SUPPRESSED_FINDINGS_KEY } from './finding-notices';
import { notableFindings, runNotificationMessage } from './run-notification-text';
import { readRunSettings } from '../settings';
import { Throttle } from '../../shared/throttle';
import type { TrainingSession } from './training-session';

/** At most one redraw of the notification per this many ms (a fast run streams ~100 epochs/s). */
const UPDATE_MS = 250;

/** Shows the run's notification until its trainer exits; `globalState` holds the silenced finding codes. */
export function showRunNotification(session: TrainingSession, name: string, globalState?: vscode.Memento): void {
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Training ${name}`, cancellable: true }, (progress, token) => {
    token.onCancellationRequested(() => void session.stop());
    let reported = 0;
    const report = (): void => {
      const p = session.run.progress();
      const showFindings = readRunSettings(session.target.specUri).coachNotifications;
      const silenced = new Set(readSuppressed(globalState?.get(SUPPRESSED_FINDINGS_KEY)));
      const findings = showFindings ? notableFindings(session.run.findings, silenced) : [];
      const done = p.last ? ((p.last.epoch + 1) / Math.max(1, p.totalEpochs)) * 100 : 0;
      progress.report({ message: runNotificationMessage(p, findings), increment: Math.max(0, done - reported) });
      reported = Math.max(reported, done);
    };
    const throttle = new Throttle(report, UPDATE_MS);
    throttle.runNow();
    const subs = [session.onDidUpdate(() => throttle.request()), session.onDidChangeFindings(() => throttle.request())];
    return session.ended.finally(() => {
      throttle.cancel();
      for (const s of subs) s.dispose();
    });
  });
}
