/**
 * Coach findings of a Keras run as diagnostics on the script that wrote the log, placed by
 * `kerasDiagnosticsTargets` (a Dense call, the learning rate, compile, or model.fit). The
 * code actions read the findings back from here, so a fix always matches its diagnostic.
 */
import * as vscode from 'vscode';
import { PYTHON_FIX_KINDS } from '../../keras/python-fixes';
import type { PySpan, PythonAnalysis } from '../../keras/python-types';
import { kerasDiagnosticsTargets } from '../../keras/targets';
import type { Finding } from '../../shared/findings';
import { DIAGNOSTIC_SOURCE, type ShownFinding } from '../diagnostics';
import { Disposable } from '../dispose';

/** A span of the script as a VS Code range (both are UTF-16, 0-based). */
export function spanRange(span: PySpan): vscode.Range {
  return new vscode.Range(span.start.line, span.start.column, span.end.line, span.end.column);
}

function severity(s: Finding['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** Owns the diagnostics Fitwatch shows on Keras scripts. */
export class KerasDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-keras`));
  private readonly shown = new Map<string, Map<string, ShownFinding>>();

  constructor() {
    super();
    // Findings describe the script as it ran; once it is edited (a fix applied) they would be misplaced.
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.shown.has(e.document.uri.toString())) this.clear(e.document.uri);
      }),
    );
  }

  /** Shows a run's findings on its script (fit-level ones on the fit at `fitLine` when known); replaces what was shown there. */
  show(script: vscode.Uri, analysis: PythonAnalysis, runId: string, findings: readonly Finding[], fitLine?: number): void {
    const byCode = new Map<string, ShownFinding>();
    const diags: vscode.Diagnostic[] = [];
    for (const { finding, span } of kerasDiagnosticsTargets(analysis, findings, fitLine)) {
      byCode.set(finding.code, { finding, runId });
      const fixes = finding.fixes.filter((f) => PYTHON_FIX_KINDS.includes(f.kind));
      const d = new vscode.Diagnostic(
        spanRange(span),
        `${finding.message}${fixes.length ? ` Quick fix: ${fixes.map((x) => x.title).join(' / ')}.` : ''}`,
        severity(finding.severity),
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = finding.code;
      diags.push(d);
    }
    this.shown.set(script.toString(), byCode);
    this.collection.set(script, diags);
  }

  /** The finding behind a diagnostic code on a script, if it is still shown. */
  findingFor(script: vscode.Uri, code: string): ShownFinding | undefined {
    return this.shown.get(script.toString())?.get(code);
  }

  /** Removes Fitwatch's diagnostics from a script. */
  clear(script: vscode.Uri): void {
    this.shown.delete(script.toString());
    this.collection.delete(script);
  }
}
