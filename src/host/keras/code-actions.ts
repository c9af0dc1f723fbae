/**
 * Quick fixes in Keras scripts: the coach's fixes behind each Fitwatch diagnostic as edits of
 * the Python (callbacks, wider Dense layers, a new learning rate; the coach's preferred one
 * first, so Ctrl+. / Auto Fix picks it), the script checks' Keras 3 fixes (`lr=`,
 * `fit_generator`), plus "Add CSVLogger for live curves" on model.fit. The edits come from
 * src/keras/quick-fixes.ts, which the keras test layer runs on real scripts.
 */
import * as vscode from 'vscode';
import { coachQuickFixes, csvLoggerQuickFix, type PythonQuickFix } from '../../keras/quick-fixes';
import { kerasScriptChecks } from '../../keras/script-checks';
import type { TextEdit } from '../../keras/text-edits';
import { DIAGNOSTIC_SOURCE, diagnosticCode } from '../diagnostics';
import type { KerasDiagnostics } from './diagnostics';
import { spanRange } from './diagnostics';
import type { KerasScriptAnalyzer } from './parser';
import { errorMessage } from '../../shared/error-message';
import { SCRIPT_CHECKS_SOURCE } from './script-checks';

/** Which documents the Keras providers serve. */
export const PYTHON_SELECTOR: vscode.DocumentSelector = [{ language: 'python' }];

/** The CSVLogger file the quick fix writes, relative to where the script runs. */
export const CSV_LOGGER_FILE = 'fitwatch-log.csv';

/** Command run after the CSVLogger fix lands: offers to watch the file. */
export const CSV_LOGGER_ADDED_COMMAND = 'fitwatch.internal.kerasCsvLoggerAdded';

/** The text edits as a WorkspaceEdit on `doc` (offsets are into its current text). */
export function workspaceEditOf(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.text);
  return we;
}

/** Provides the Keras quick fixes. */
export class KerasCodeActions implements vscode.CodeActionProvider {
  /** Lets VS Code skip asking for kinds this provider never returns. */
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly analyzer: KerasScriptAnalyzer,
    private readonly diagnostics: KerasDiagnostics,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** One action per Python fix of every Fitwatch diagnostic in range, and the CSVLogger action on any fit of the model. */
  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const ours = context.diagnostics.filter(
      (d) => d.source === DIAGNOSTIC_SOURCE && diagnosticCode(d) && this.diagnostics.findingFor(doc.uri, diagnosticCode(d) ?? ''),
    );
    const text = doc.getText();
    let analysis;
    try {
      analysis = await this.analyzer.analyze(doc);
    } catch (e) {
      this.output.appendLine(`Keras quick fixes unavailable for ${doc.uri.fsPath}: ${errorMessage(e)}`);
      return [];
    }
    const actions: vscode.CodeAction[] = [];
    const add = (fix: PythonQuickFix, d: vscode.Diagnostic | undefined): vscode.CodeAction => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = workspaceEditOf(doc, fix.edits);
      if (d) action.diagnostics = [d];
      action.isPreferred = fix.preferred;
      actions.push(action);
      return action;
    };
    for (const d of ours) {
      const shown = this.diagnostics.findingFor(doc.uri, diagnosticCode(d) ?? '');
      if (!shown) continue;
      const { fixes, skipped } = coachQuickFixes(text, analysis, shown.finding);
      for (const line of skipped) this.output.appendLine(line);
      for (const fix of fixes) add(fix, d);
    }
    // The script checks are recomputed from the current text, so their edits always match it.
    const checkDiagnostics = context.diagnostics.filter((d) => d.source === SCRIPT_CHECKS_SOURCE);
    for (const check of kerasScriptChecks(text, analysis)) {
      const d = checkDiagnostics.find((x) => diagnosticCode(x) === check.code && spanRange(check.span).isEqual(x.range));
      if (d) add({ ...check.fix, preferred: true }, d);
    }
    if (analysis.fits.some((f) => spanRange(f.call.span).intersection(range) !== undefined)) {
      const csv = csvLoggerQuickFix(analysis, CSV_LOGGER_FILE);
      if (csv) add(csv, undefined).command = { title: 'Watch the log', command: CSV_LOGGER_ADDED_COMMAND, arguments: [doc.uri] };
    }
    return actions;
  }
}
