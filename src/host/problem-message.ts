/**
 * A Problem as an actionable message: the text says what and what to do, "Open" reveals the
 * file at the offending line/column or JSON field.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { formatJsonPath, type Problem } from '../shared/location';
import { locateJsonPath } from '../shared/spec/index';
import { toVsRange } from './diagnostics';
import { problemRange } from './problem-range';

/** The file a problem names, resolved against `baseDir` when relative; undefined if it does not exist. */
export function problemFileUri(problem: Problem, baseDir: string | undefined): vscode.Uri | undefined {
  const file = problem.location?.file;
  if (!file) return undefined;
  const path = isAbsolute(file) ? file : baseDir ? join(baseDir, file) : undefined;
  return path && existsSync(path) ? vscode.Uri.file(path) : undefined;
}

/** Opens `uri` with the problem's range selected. */
export async function revealProblem(uri: vscode.Uri, problem: Problem): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const isJson = /\.(json|jsonc)$/i.test(uri.fsPath);
  const range = toVsRange(problemRange(doc.getText(), problem, isJson ? (text, path) => locateJsonPath(text, uri.fsPath, path) : undefined));
  await vscode.window.showTextDocument(doc, { selection: range, preview: false });
}

/** Shows the problem (error or warning) with "Open" when its file exists; resolves once handled. */
export async function showProblem(problem: Problem, baseDir: string | undefined, prefix = ''): Promise<void> {
  const uri = problemFileUri(problem, baseDir);
  const where = problem.location?.jsonPath?.length ? ` (${formatJsonPath(problem.location.jsonPath)})` : '';
  const text = `${prefix}${problem.message}${where}${problem.fix ? ` ${problem.fix}` : ''}`;
  const show = problem.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = uri ? await show(text, 'Open') : await show(text);
  if (choice === 'Open' && uri) await revealProblem(uri, problem);
}
