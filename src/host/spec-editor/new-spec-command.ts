/**
 * "New Training Spec from Dataset…": inspect a data file, generate a commented starter spec
 * beside it (`<name>.fitwatch.json`), never overwriting without asking, and open it.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { FitwatchError } from '../../shared/location';
import { applySpecEdits, generateSpecText } from '../../shared/spec/index';
import { guessLabelsFile, isDatasetFile, specFileNameFor } from '../../shared/dataset-files';
import { showProblem } from '../problem-message';

/** Asks for a data file in the workspace; undefined when the user cancels. */
async function pickDataFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.{csv,tsv,npy,jsonl}', '**/{node_modules,.git,.fitwatch}/**', 500);
  if (files.length === 0) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Use as Training Data',
      filters: { Datasets: ['csv', 'tsv', 'npy', 'jsonl'] },
    });
    return picked?.[0];
  }
  const items = files
    .map((uri) => ({ label: basename(uri.fsPath), description: vscode.workspace.asRelativePath(dirname(uri.fsPath)), uri }))
    .sort((a, b) => a.description.localeCompare(b.description) || a.label.localeCompare(b.label));
  const choice = await vscode.window.showQuickPick(items, {
    title: 'New Training Spec from Dataset',
    placeHolder: 'Pick the data file to train on',
    matchOnDescription: true,
  });
  return choice?.uri;
}

/**
 * Creates a spec for `dataUri` (asked for when missing) and opens it.
 * Returns the spec's Uri, or undefined when the user cancelled or the data could not be read.
 */
export async function newSpecFromDataset(dataUri?: vscode.Uri, options: { overwrite?: boolean; open?: boolean } = {}): Promise<vscode.Uri | undefined> {
  const data = dataUri ?? (await pickDataFile());
  if (!data) return undefined;
  const dataPath = data.fsPath;
  if (!isDatasetFile(dataPath)) {
    void vscode.window.showErrorMessage(
      `${basename(dataPath)} is not a dataset Fitwatch reads. Pick a .csv, .tsv, .npy (X with a y.npy beside it) or .jsonl file.`,
    );
    return undefined;
  }
  const dir = dirname(dataPath);
  const specPath = join(dir, specFileNameFor(dataPath));
  const specUri = vscode.Uri.file(specPath);
  if (existsSync(specPath) && options.overwrite !== true) {
    const answer = await vscode.window.showWarningMessage(
      `${basename(specPath)} already exists next to ${basename(dataPath)}. Replace it with a new starter spec?`,
      { modal: true },
      'Replace',
      'Open Existing',
    );
    if (answer === 'Open Existing') {
      await vscode.window.showTextDocument(specUri);
      return specUri;
    }
    if (answer !== 'Replace') return undefined;
  }
  const labelsName = guessLabelsFile(basename(dataPath), await readdir(dir));
  try {
    const info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Fitwatch: reading ${basename(dataPath)}` },
      // Loaded on first use: the data readers are not needed to activate the extension.
      async () => (await import('../../data/infer.js')).inspectDataFile(dataPath, labelsName ? join(dir, labelsName) : undefined),
    );
    let text = generateSpecText({
      dataPath: basename(dataPath),
      labelsPath: labelsName,
      task: info.task,
      classes: info.classes?.length,
      features: info.features,
    });
    // The generator names the last column; point it at a column called label/target/… instead.
    const last = info.columns[info.columns.length - 1];
    if (!labelsName && info.labelGuess !== last) text = applySpecEdits(text, [{ path: ['data', 'labelColumn'], value: info.labelGuess }]);
    await writeFile(specPath, text, 'utf8');
  } catch (e) {
    if (e instanceof FitwatchError) {
      await showProblem(e.problem, dir, 'Could not create a spec: ');
      return undefined;
    }
    throw e;
  }
  if (options.open !== false) await vscode.window.showTextDocument(specUri, { preview: false });
  return specUri;
}
