/**
 * Turning a fix's structured spec edits into a WorkspaceEdit on the spec document, so the
 * change keeps the user's comments and formatting and is one undo step.
 */
import * as vscode from 'vscode';
import type { Fix } from '../../shared/findings';
import { specEditRanges } from '../../shared/spec/index';

/** The WorkspaceEdit that applies `fix` to `doc`, or undefined when it changes nothing. */
export function workspaceEditFor(doc: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit | undefined {
  const edits = specEditRanges(doc.getText(), fix.specEdits);
  if (edits.length === 0) return undefined;
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
  return we;
}

/** Applies `fix` to the spec and saves it; false when the fix was already in place. */
export async function applyFixToSpec(specUri: vscode.Uri, fix: Fix): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(specUri);
  const edit = workspaceEditFor(doc, fix);
  if (!edit) return false;
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`VS Code refused the edit to ${vscode.workspace.asRelativePath(specUri)} (is the file read-only?).`);
  }
  await doc.save();
  return true;
}
