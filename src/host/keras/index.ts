/** The Keras feature: Keras logs and scripts in the editor, and their runs as a source for the panel. */
import type * as vscode from 'vscode';
import type { CoachConfig } from '../../coach/index';
import type { DisposableStore } from '../dispose';
import type { CurvesPanelHost } from '../panel/curves-panel';
import type { RunSources } from '../runs/run-source';
import { readRunSettings } from '../settings';
import { KerasBridge } from './bridge';
import { KerasRunSource } from './run-source';
import { KerasRunStore } from './run-store';

/** Creates the bridge (which registers the Keras commands and providers) and adds its runs to the sources; returns both (the Runs view lists the Keras runs). */
export function registerKeras(
  store: DisposableStore,
  context: vscode.ExtensionContext,
  deps: { sources: RunSources; panels: CurvesPanelHost; output: vscode.OutputChannel; coachConfig: () => Partial<CoachConfig> },
): { bridge: KerasBridge; kerasRuns: KerasRunStore } {
  const kerasRuns = new KerasRunStore();
  const bridge = store.add(
    new KerasBridge({
      extensionPath: context.extensionUri.fsPath,
      store: kerasRuns,
      panels: deps.panels,
      output: deps.output,
      coachEnabled: () => readRunSettings().coachEnabled,
      coachConfig: deps.coachConfig,
      memento: context.workspaceState,
    }),
  );
  store.add(deps.sources.add(new KerasRunSource(bridge, kerasRuns)));
  return { bridge, kerasRuns };
}
