/**
 * Quick fixes on `*.fitwatch.json`: one code action per fix of the finding behind each
 * Fitwatch diagnostic, linked to that diagnostic, the coach's preferred one marked so
 * Ctrl+. / "Auto Fix" picks it. Applying one offers "Train Again and Compare".
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, diagnosticCode, type FitwatchDiagnostics } from '../diagnostics';
import { workspaceEditFor } from './spec-edits';

/** Internal command run after a quick fix lands: offers to train again and compare. */
export const FIX_APPLIED_COMMAND = 'fitwatch.internal.fixApplied';

/** Which files the provider serves. */
export const SPEC_SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.fitwatch.json' }];

/** Provides the coach's fixes as QuickFix code actions. */
export class FitwatchCodeActions implements vscode.CodeActionProvider {
  /** Lets VS Code skip asking for kinds this provider never returns. */
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: FitwatchDiagnostics) {}

  /** One action per fix of every Fitwatch diagnostic in the requested range. */
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    // Applying a fix needs a trusted workspace (the panel and notifications refuse it too).
    if (!vscode.workspace.isTrusted) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const code = diagnosticCode(d);
      const shown = code ? this.diagnostics.findingFor(doc.uri, code) : undefined;
      if (!shown) continue;
      for (const fix of shown.finding.fixes) {
        const edit = workspaceEditFor(doc, fix);
        if (!edit) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        action.diagnostics = [d];
        action.isPreferred = fix.preferred;
        action.command = { title: 'Train Again and Compare', command: FIX_APPLIED_COMMAND, arguments: [doc.uri, shown.runId, fix.title] };
        actions.push(action);
      }
    }
    return actions;
  }
}
