/**
 * CodeLens on a Keras script's `model.fit(...)`: "Train in Fitwatch" (the model as a spec,
 * trained by Fitwatch) and, when fit has a CSVLogger, "Watch <file>" for the live curves.
 */
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { csvLoggerPath } from '../keras/python-fixes';
import type { PythonAnalysis } from '../keras/python-types';
import { spanRange } from './keras-diagnostics';
import type { KerasScriptAnalyzer } from './keras-parser';

/** Command ids the lenses run (registered by the bridge). */
export const KERAS_COMMANDS = {
  openLog: 'fitwatch.keras.openLog',
  importClipboard: 'fitwatch.keras.importClipboard',
  watchCsv: 'fitwatch.keras.watchCsv',
  stopWatching: 'fitwatch.keras.stopWatching',
  linkScript: 'fitwatch.keras.linkScript',
  trainScript: 'fitwatch.keras.trainScript',
  importModelJson: 'fitwatch.keras.importModelJson',
} as const;

/** Whether the script uses Keras (so a scikit-learn `.fit` gets no lens). */
export function usesKeras(analysis: PythonAnalysis): boolean {
  return analysis.model !== undefined || analysis.imports.bindings.some((b) => /^(keras|tensorflow|tf_keras)\b/.test(b.target));
}

/** Where the script's CSVLogger writes, resolved against the script's folder (where `python train.py` usually runs). */
export function csvLoggerFileOf(analysis: PythonAnalysis): string | undefined {
  const p = csvLoggerPath(analysis);
  if (p === undefined) return undefined;
  return isAbsolute(p) ? p : join(dirname(analysis.file), p);
}

/** Provides the lenses. */
export class KerasCodeLenses implements vscode.CodeLensProvider {
  constructor(private readonly analyzer: KerasScriptAnalyzer) {}

  /** Lenses above model.fit; none for scripts without Keras or without fit. */
  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    let analysis: PythonAnalysis;
    try {
      analysis = await this.analyzer.analyze(doc);
    } catch {
      return []; // the parser failed to load: the quick fixes' output says why, lenses just stay away
    }
    const fit = analysis.fit;
    if (!fit || !usesKeras(analysis)) return [];
    const range = spanRange(fit.call.span);
    const lenses = [new vscode.CodeLens(range, { title: '$(play) Train in Fitwatch', command: KERAS_COMMANDS.trainScript, arguments: [doc.uri], tooltip: 'Turn this model into a *.fitwatch.json spec and train it in Fitwatch' })];
    const log = csvLoggerFileOf(analysis);
    if (log) {
      lenses.push(new vscode.CodeLens(range, { title: '$(graph-line) Watch CSVLogger curves', command: KERAS_COMMANDS.watchCsv, arguments: [vscode.Uri.file(log), { script: doc.uri }], tooltip: `Follow ${log} live in the Fitwatch panel` }));
    }
    return lenses;
  }
}
