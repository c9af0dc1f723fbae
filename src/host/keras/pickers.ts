/**
 * The questions the Keras commands ask: which log, which script wrote it, which dataset.
 * Workspace files are offered in a quick pick (nearest to the active editor first), with
 * "Browse…" for anything else.
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { looksLikeKerasLog } from '../../keras/script-link';

const EXCLUDE = '**/{node_modules,.git,.fitwatch,.venv,venv,__pycache__}/**';
const BROWSE = '$(folder-opened) Browse…';

interface FileItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  browse?: boolean;
  none?: boolean;
}

/** The folder of the active editor's file, for ranking nearby files first. */
function activeDir(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.uri.scheme === 'file' ? dirname(doc.uri.fsPath) : undefined;
}

/** Files as quick-pick rows: the active editor's folder first, then by path. */
function fileItems(uris: readonly vscode.Uri[], describe?: (uri: vscode.Uri) => string | undefined): FileItem[] {
  const near = activeDir();
  return [...uris]
    .sort((a, b) => Number(dirname(b.fsPath) === near) - Number(dirname(a.fsPath) === near) || a.fsPath.localeCompare(b.fsPath))
    .map((uri) => ({ label: basename(uri.fsPath), description: describe?.(uri) ?? vscode.workspace.asRelativePath(dirname(uri.fsPath)), uri }));
}

/** Asks for a Keras log (`csvOnly`: a CSVLogger file); undefined when cancelled. */
export async function pickLogFile(title: string, csvOnly: boolean): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles(csvOnly ? '**/*.csv' : '**/*.{log,txt,csv,json}', EXCLUDE, 500);
  const items: FileItem[] = [...fileItems(found.filter((u) => looksLikeKerasLog(u.fsPath))), { label: BROWSE, browse: true, alwaysShow: true }];
  const pick = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: csvOnly
      ? 'The file keras.callbacks.CSVLogger writes'
      : 'A CSVLogger file, the text model.fit printed (.log/.txt), or a history.history JSON dump',
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  if (!pick.browse) return pick.uri;
  const filters: Record<string, string[]> = csvOnly ? { 'CSVLogger file': ['csv'] } : { 'Keras logs': ['log', 'txt', 'csv', 'json'], 'All files': ['*'] };
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: 'Open Keras Log', filters });
  return picked?.[0];
}

/** What the user answered when asked for the script. */
export type ScriptAnswer = { script: vscode.Uri } | { script: undefined } | 'cancelled';

/** Asks which script wrote `logName`: open Python editors and nearby scripts first, or none. */
export async function pickScript(logName: string): Promise<ScriptAnswer> {
  const found = await vscode.workspace.findFiles('**/*.py', EXCLUDE, 500);
  const active = vscode.window.activeTextEditor?.document;
  const activeKey = active?.languageId === 'python' ? active.uri.toString() : undefined;
  const items = fileItems(found, (uri) => (uri.toString() === activeKey ? 'active editor' : undefined));
  if (activeKey) {
    const i = items.findIndex((it) => it.uri?.toString() === activeKey);
    if (i > 0) items.unshift(...items.splice(i, 1));
    if (i < 0 && active) items.unshift({ label: basename(active.uri.fsPath), description: 'active editor', uri: active.uri });
  }
  items.push({ label: '$(circle-slash) No script: curves only', none: true, alwaysShow: true }, { label: BROWSE, browse: true, alwaysShow: true });
  const pick = await vscode.window.showQuickPick(items, {
    title: `Which Keras script wrote ${logName}?`,
    placeHolder: 'Fitwatch puts its findings and quick fixes on that script’s model.fit(...)',
    matchOnDescription: true,
  });
  if (!pick) return 'cancelled';
  if (pick.none) return { script: undefined };
  if (pick.uri) return { script: pick.uri };
  const picked = await vscode.window.showOpenDialog({ title: `The script that wrote ${logName}`, canSelectMany: false, filters: { Python: ['py'] } });
  return picked?.[0] ? { script: picked[0] } : 'cancelled';
}

/** Asks for a dataset file with the open dialog, starting in `folder`. */
export async function pickDataset(title: string, folder: vscode.Uri, extensions: readonly string[]): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    defaultUri: folder,
    canSelectMany: false,
    openLabel: 'Use as Training Data',
    filters: { Datasets: [...extensions] },
  });
  return picked?.[0];
}
