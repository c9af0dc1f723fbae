/**
 * Notifications for coach findings: once per finding code per run, with Apply (the preferred
 * fix), Show Curves, and "Don't Show Again" remembered per code in globalState. Also keeps
 * the spec's diagnostics in step with the findings while the spec text is the one trained.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../shared/findings';
import type { FitwatchDiagnostics } from '../diagnostics';
import { Disposable } from '../dispose';
import { findingsToAnnounce, preferredFix, readSuppressed, SUPPRESSED_FINDINGS_KEY, withSuppressed } from './finding-notices';
import type { FixFlow } from '../spec-editor/fix-flow';
import { readRunSettings } from '../settings';
import type { TrainingManager } from './training-manager';
import type { TrainingSession } from './training-session';

/** Connects each session's findings to diagnostics and notifications. */
export class FindingNotifier extends Disposable {
  constructor(
    manager: TrainingManager,
    private readonly diagnostics: FitwatchDiagnostics,
    private readonly fixes: FixFlow,
    private readonly globalState: vscode.Memento,
    private readonly showCurves: (runId: string) => void,
  ) {
    super();
    this.register(manager.onDidStart((session) => this.follow(session)));
  }

  private follow(session: TrainingSession): void {
    const notified = new Set<string>();
    const uri = session.target.specUri;
    this.diagnostics.clear(uri);
    session.onDidChangeFindings((findings) => {
      this.updateDiagnostics(session, findings);
      if (!readRunSettings(uri).coachNotifications) return;
      const suppressed = new Set(readSuppressed(this.globalState.get(SUPPRESSED_FINDINGS_KEY)));
      for (const f of findingsToAnnounce(findings, notified, suppressed)) void this.announce(session, f);
    });
  }

  /** Diagnostics point into the trained text; once the user edits the spec they would be misplaced. */
  private updateDiagnostics(session: TrainingSession, findings: Finding[]): void {
    const uri = session.target.specUri;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && open.getText() !== session.target.specText) return;
    this.diagnostics.showFindings(uri, session.target.specText, session.target.runId, findings);
  }

  private async announce(session: TrainingSession, f: Finding): Promise<void> {
    const fix = preferredFix(f);
    const buttons = [...(fix ? [`Apply: ${fix.title}`] : []), 'Show Curves', "Don't Show Again"];
    const show = f.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const pick = await show(`${session.run.info.specName ?? 'Run'}: ${f.message}`, ...buttons);
    if (!pick) return;
    if (fix && pick === buttons[0]) await this.fixes.apply(session.target.specUri, session.target.runId, fix);
    else if (pick === 'Show Curves') this.showCurves(session.target.runId);
    else if (pick === "Don't Show Again") {
      await this.globalState.update(SUPPRESSED_FINDINGS_KEY, withSuppressed(this.globalState.get(SUPPRESSED_FINDINGS_KEY), f.code));
    }
  }
}
