/**
 * "Train in Fitwatch" on a Keras script, and "Import Keras model.to_json()": the model as a
 * commented `*.fitwatch.json` beside the source (never replacing one without asking), on a
 * dataset the user picks, then Fitwatch's own Train Model. What Fitwatch cannot train (a
 * Conv2D, an unknown activation) is reported with its line before anything is asked.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { kerasModelJsonToSpecText } from '../../keras/model-json';
import { kerasScriptToSpecText, type SpecDataChoice } from '../../keras/to-spec';
import { FitwatchError } from '../../shared/location';
import { guessLabelsFile } from '../../shared/dataset-files';
import { kerasDataChoice, KERAS_DATA_EXTENSIONS, specPathBeside } from '../../keras/data-choice';
import type { KerasScriptAnalyzer } from './parser';
import { pickDataset } from './pickers';
import { showProblem } from '../problem-message';

/** Placeholder data for checking the model before the user is asked for a dataset. */
const PROBE_DATA: SpecDataChoice = { dataPath: 'data.csv' };

/** Whether to write the spec: true to write, false to cancel, 'existing' to use the one there. */
async function confirmWrite(specPath: string, sourceName: string): Promise<boolean | 'existing'> {
  if (!existsSync(specPath)) return true;
  const answer = await vscode.window.showWarningMessage(
    `${basename(specPath)} already exists next to ${sourceName}. Replace it with the model from ${sourceName}?`,
    { modal: true },
    'Replace',
    'Use Existing',
  );
  return answer === 'Replace' ? true : answer === 'Use Existing' ? 'existing' : false;
}

/** Asks for the dataset (and, for an X .npy without a y .npy beside it, the labels). */
async function askData(specPath: string): Promise<SpecDataChoice | undefined> {
  const dir = dirname(specPath);
  const data = await pickDataset(`Training data for ${basename(specPath)} (.csv or X .npy)`, vscode.Uri.file(dir), KERAS_DATA_EXTENSIONS);
  if (!data) return undefined;
  let labels: string | undefined;
  if (data.fsPath.toLowerCase().endsWith('.npy')) {
    const guess = guessLabelsFile(basename(data.fsPath), await readdir(dirname(data.fsPath)));
    labels = guess
      ? join(dirname(data.fsPath), guess)
      : (await pickDataset(`The labels (y .npy) for ${basename(data.fsPath)}`, vscode.Uri.file(dirname(data.fsPath)), ['npy']))?.fsPath;
    if (!labels) return undefined;
  }
  return kerasDataChoice(dir, basename(specPath), data.fsPath, labels);
}

/** Writes the spec text made by `render` beside `source` and opens it; resolves with its Uri (undefined when cancelled). */
async function writeSpec(source: vscode.Uri, render: (data: SpecDataChoice) => string): Promise<vscode.Uri | undefined> {
  render(PROBE_DATA); // throws on anything Fitwatch cannot train, before any question
  const specPath = specPathBeside(source.fsPath);
  const specUri = vscode.Uri.file(specPath);
  const write = await confirmWrite(specPath, basename(source.fsPath));
  if (write === false) return undefined;
  if (write === true) {
    const data = await askData(specPath);
    if (!data) return undefined;
    await writeFile(specPath, render(data), 'utf8');
  }
  await vscode.window.showTextDocument(specUri, { preview: false });
  return specUri;
}

/** Reports a FitwatchError with "Open"; rethrows anything else. */
async function report(e: unknown, prefix: string): Promise<undefined> {
  if (!(e instanceof FitwatchError)) throw e;
  await showProblem(e.problem, undefined, prefix);
  return undefined;
}

/** Train in Fitwatch: the script's model as a spec, trained (overlaying `compareWith`). Resolves with the run id. */
export async function trainKerasScript(analyzer: KerasScriptAnalyzer, script: vscode.Uri, compareWith: string[] = []): Promise<string | undefined> {
  try {
    const { analysis } = await analyzer.analyzeUri(script);
    const specUri = await writeSpec(script, (data) =>
      kerasScriptToSpecText(analysis, { ...data, name: data.name ?? basename(script.fsPath).replace(/\.py$/i, '') }),
    );
    if (!specUri) return undefined;
    return await vscode.commands.executeCommand<string | undefined>('fitwatch.train', specUri, { compareWith });
  } catch (e) {
    return report(e, `Cannot train ${basename(script.fsPath)} in Fitwatch: `);
  }
}

/** Import Keras model.to_json(): a spec beside the JSON file, opened for review; Train Model is one click away. */
export async function importModelJson(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  try {
    const text = await readFile(file.fsPath, 'utf8');
    const specUri = await writeSpec(file, (data) => kerasModelJsonToSpecText(text, file.fsPath, data));
    if (!specUri) return undefined;
    void vscode.window
      .showInformationMessage(
        `Wrote ${basename(specUri.fsPath)} from ${basename(file.fsPath)}: model.to_json() has no compile or fit settings, so check the loss, optimizer and epochs chosen there.`,
        'Train Model',
      )
      .then((pick) => (pick ? vscode.commands.executeCommand('fitwatch.train', specUri) : undefined));
    return specUri;
  } catch (e) {
    return report(e, `Cannot import ${basename(file.fsPath)}: `);
  }
}
