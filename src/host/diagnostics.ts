/**
 * Spec problems and coach findings as diagnostics on the `*.fitwatch.json` they concern,
 * placed at the field (`specPath`) the finding is about. The code actions read the findings
 * back from here, so a quick fix always matches the diagnostic it is attached to.
 */
import * as vscode from 'vscode';
import type { Finding } from '../shared/findings';
import type { Problem } from '../shared/location';
import { Disposable } from './dispose';
import { locationRange, problemRange, type JsonPathLocator, type Range0 } from './problem-range';

/** The `source` of every Fitwatch diagnostic. */
export const DIAGNOSTIC_SOURCE = 'fitwatch';

/** A finding shown on a spec, with the run it came from. */
export interface ShownFinding {
  finding: Finding;
  runId: string;
}

/** Converts a pure zero-based range to a VS Code range. */
export function toVsRange(r: Range0): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function findingSeverity(s: Finding['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** The code of a diagnostic as a string (VS Code allows a number or `{ value, target }`). */
export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Owns the `fitwatch` diagnostic collection and the findings behind it. */
export class FitwatchDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly findings = new Map<string, Map<string, ShownFinding>>();
  private readonly problemUris = new Set<string>();

  /**
   * @param locate finds a JSON path in a spec's text.
   * @param recheck re-parses a spec that changed and returns its problems, so spec errors
   *   follow the user's edits instead of going stale.
   */
  constructor(
    private readonly locate: JsonPathLocator,
    private readonly recheck: (doc: vscode.TextDocument) => Problem[],
  ) {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.findings.delete(doc.uri.toString())));
  }

  /** Shows spec problems (from `parseSpec`) on the spec; replaces whatever was there. */
  showProblems(uri: vscode.Uri, text: string, problems: readonly Problem[]): void {
    const key = uri.toString();
    this.findings.delete(key);
    if (problems.length === 0) {
      this.problemUris.delete(key);
      this.collection.delete(uri);
      return;
    }
    this.problemUris.add(key);
    this.collection.set(
      uri,
      problems.map((p) => this.problemDiagnostic(text, p)),
    );
  }

  /** Shows a run's current findings on its spec; replaces the previous findings of that spec. */
  showFindings(uri: vscode.Uri, text: string, runId: string, findings: readonly Finding[]): void {
    const key = uri.toString();
    this.problemUris.delete(key);
    const byCode = new Map<string, ShownFinding>();
    const diags: vscode.Diagnostic[] = [];
    for (const f of findings) {
      byCode.set(f.code, { finding: f, runId });
      const range = locationRange(text, f.specPath ? { file: uri.fsPath, jsonPath: f.specPath } : undefined, this.locate);
      const d = new vscode.Diagnostic(
        toVsRange(range),
        `${f.message}${f.fixes.length ? ` Quick fix: ${f.fixes.map((x) => x.title).join(' / ')}.` : ''}`,
        findingSeverity(f.severity),
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = f.code;
      diags.push(d);
    }
    this.findings.set(key, byCode);
    this.collection.set(uri, diags);
  }

  /** The finding behind a diagnostic code on a spec, if it is still shown. */
  findingFor(uri: vscode.Uri, code: string): ShownFinding | undefined {
    return this.findings.get(uri.toString())?.get(code);
  }

  /** Removes everything Fitwatch shows on a spec (a new run starts). */
  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.findings.delete(key);
    this.problemUris.delete(key);
    this.collection.delete(uri);
  }

  private problemDiagnostic(text: string, p: Problem): vscode.Diagnostic {
    const d = new vscode.Diagnostic(
      toVsRange(problemRange(text, p, this.locate)),
      p.fix ? `${p.message} ${p.fix}` : p.message,
      p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
    );
    d.source = DIAGNOSTIC_SOURCE;
    d.code = p.code;
    return d;
  }

  /** Findings describe the spec as it was trained; once it changes they are stale. */
  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const key = e.document.uri.toString();
    if (!this.findings.has(key) && !this.problemUris.has(key)) return;
    this.showProblems(e.document.uri, e.document.getText(), this.recheck(e.document));
  }
}
