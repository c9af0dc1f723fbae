/**
 * The script checks (Keras 2 code that Keras 3 rejects, e.g. `Adam(lr=…)`, `fit_generator`) as
 * warnings on open Python files that use Keras, refreshed as the text changes; the code
 * actions offer their fixes. Nothing is changed until the user picks a fix.
 */
import * as vscode from 'vscode';
import { kerasScriptChecks } from '../../keras/script-checks';
import { usesKeras } from '../../keras/script-facts';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';
import { Disposable } from '../dispose';
import { errorMessage } from '../../shared/error-message';
import { spanRange } from './diagnostics';
import type { KerasScriptAnalyzer } from './parser';

/** Diagnostic source of the checks: not the coach's, whose diagnostics describe a run and clear once the script is edited. */
export const SCRIPT_CHECKS_SOURCE = 'Keras 3 (Fitwatch)';

/** Keeps the checks' diagnostics in step with open Python documents. */
export class KerasScriptCheckDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-keras-checks`));

  constructor(
    private readonly analyzer: KerasScriptAnalyzer,
    private readonly output: vscode.OutputChannel,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => void this.refresh(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => void this.refresh(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)));
    for (const d of vscode.workspace.textDocuments) void this.refresh(d);
  }

  private async refresh(doc: vscode.TextDocument): Promise<void> {
    if (doc.languageId !== 'python') return;
    try {
      const analysis = await this.analyzer.analyze(doc);
      const checks = usesKeras(analysis) ? kerasScriptChecks(doc.getText(), analysis) : [];
      this.collection.set(
        doc.uri,
        checks.map((c) => {
          const d = new vscode.Diagnostic(spanRange(c.span), `${c.message} Quick fix: ${c.fix.title}.`, vscode.DiagnosticSeverity.Warning);
          d.source = SCRIPT_CHECKS_SOURCE;
          d.code = c.code;
          return d;
        }),
      );
    } catch (e) {
      this.output.appendLine(`Keras script checks unavailable for ${doc.uri.fsPath}: ${errorMessage(e)}`);
    }
  }
}
