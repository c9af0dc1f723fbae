/**
 * Keeps the spec's diagnostics in step with each run's coach findings while the spec text is
 * the one trained. Findings raise no notification of their own: the run's single notification
 * (run-notification.ts) shows the open one in place, and one that clears simply leaves it.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../shared/findings';
import type { FitwatchDiagnostics } from '../diagnostics';
import { Disposable } from '../dispose';
import type { TrainingManager } from './training-manager';
import type { TrainingSession } from './training-session';

/** Connects each session's findings to the spec's diagnostics. */
export class FindingNotifier extends Disposable {
  constructor(
    manager: TrainingManager,
    private readonly diagnostics: FitwatchDiagnostics,
  ) {
    super();
    this.register(manager.onDidStart((session) => this.follow(session)));
  }

  private follow(session: TrainingSession): void {
    this.diagnostics.clear(session.target.specUri);
    session.onDidChangeFindings((findings) => this.updateDiagnostics(session, findings));
  }

  /** Diagnostics point into the trained text; once the user edits the spec they would be misplaced. */
  private updateDiagnostics(session: TrainingSession, findings: Finding[]): void {
    const uri = session.target.specUri;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && open.getText() !== session.target.specText) return;
    this.diagnostics.showFindings(uri, session.target.specText, session.target.runId, findings);
  }
}
