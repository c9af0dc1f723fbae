/**
 * Workspace trust for the actions that change or run the user's files: applying a fix and
 * training. A run folder can come from anywhere (a clone, a download); in Restricted Mode
 * Fitwatch shows its curves and findings but neither edits a spec nor starts a trainer.
 */
import * as vscode from 'vscode';
import { UNTRUSTED_REASON } from '../runs/run-actions';

/** True in a trusted workspace; otherwise says why `action` is off and offers Manage Workspace Trust. */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const pick = await vscode.window.showWarningMessage(`${action} is off: ${UNTRUSTED_REASON}`, 'Manage Workspace Trust');
  if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
