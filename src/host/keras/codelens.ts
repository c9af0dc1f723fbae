/**
 * CodeLens on a Keras script's `model.fit(...)`: "Train in Fitwatch" (the model as a spec,
 * trained by Fitwatch) and, when fit has a CSVLogger, "Watch <file>" for the live curves.
 */
import * as vscode from 'vscode';
import type { PythonAnalysis } from '../../keras/python-types';
import { spanRange } from './diagnostics';
import type { KerasScriptAnalyzer } from './parser';
import { csvLoggerFileOf, usesKeras } from '../../keras/script-facts';

/** Command ids the lenses run (registered by the bridge). */
export const KERAS_COMMANDS = {
  openLog: 'fitwatch.keras.openLog',
  importClipboard: 'fitwatch.keras.importClipboard',
  watchCsv: 'fitwatch.keras.watchCsv',
  stopWatching: 'fitwatch.keras.stopWatching',
  linkScript: 'fitwatch.keras.linkScript',
  trainScript: 'fitwatch.keras.trainScript',
  runScript: 'fitwatch.keras.runScript',
  openTensorBoard: 'fitwatch.keras.openTensorBoard',
  importModelJson: 'fitwatch.keras.importModelJson',
} as const;

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
    const lenses = [
      new vscode.CodeLens(range, {
        title: '$(debug-start) Run with Fitwatch',
        command: KERAS_COMMANDS.runScript,
        arguments: [doc.uri],
        tooltip: 'Run this script unchanged with your Python and watch every model.fit live',
      }),
      new vscode.CodeLens(range, {
        title: '$(play) Train in Fitwatch',
        command: KERAS_COMMANDS.trainScript,
        arguments: [doc.uri],
        tooltip: 'Turn this model into a *.fitwatch.json spec and train it in Fitwatch',
      }),
    ];
    const log = csvLoggerFileOf(analysis);
    if (log) {
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(graph-line) Watch CSVLogger curves',
          command: KERAS_COMMANDS.watchCsv,
          arguments: [vscode.Uri.file(log), { script: doc.uri }],
          tooltip: `Follow ${log} live in the Fitwatch panel`,
        }),
      );
    }
    return lenses;
  }
}
