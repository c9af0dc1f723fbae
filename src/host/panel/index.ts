/** The curves panel feature: the webview panel (and its restore after a reload) and Show Training Curves. */
import * as vscode from 'vscode';
import { toRunIds } from '../command-args';
import type { DisposableStore } from '../dispose';
import { toSpecUri } from '../training/train-command';
import { CurvesPanelHost, type PanelRuns } from './curves-panel';

/** Creates the panel host and registers `fitwatch.showCurves`. */
export function registerPanel(store: DisposableStore, context: vscode.ExtensionContext, runs: PanelRuns): CurvesPanelHost {
  const panels = store.add(new CurvesPanelHost(context, runs));
  store.add(
    vscode.commands.registerCommand('fitwatch.showCurves', async (arg: unknown) => {
      const [id] = toRunIds(arg);
      const uri = toSpecUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
      const runId = id ?? (uri && runs.manager.latestForSpec(uri)?.target.runId) ?? (await runs.newestRunId());
      if (!runId) {
        const pick = await vscode.window.showInformationMessage('There are no runs to show yet.', 'Train Model');
        if (pick) await vscode.commands.executeCommand('fitwatch.train');
        return undefined;
      }
      panels.open(runId);
      return runId;
    }),
  );
  return panels;
}
