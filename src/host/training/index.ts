/**
 * The training feature: Train Model, Train on this Dataset, Stop, Reduce LR, the status bar,
 * the findings' diagnostics, the run notification, the `fitwatch` task type, the walkthrough's
 * commands, and Fitwatch's runs as the panel's default run source.
 */
import * as vscode from 'vscode';
import { toTrainOptions } from '../command-args';
import type { FitwatchDiagnostics } from '../diagnostics';
import type { DisposableStore } from '../dispose';
import type { CurvesPanelHost } from '../panel/curves-panel';
import type { RunRepository } from '../runs/run-repository';
import type { RunSources } from '../runs/run-source';
import type { FixFlow } from '../spec-editor/fix-flow';
import { FindingNotifier } from './finding-notifier';
import { FitwatchRunSource } from './fitwatch-run-source';
import { liveTarget } from './live-target';
import { reduceLearningRate } from './reduce-lr';
import { TrainingStatusBar } from './status-bar';
import { FitwatchTaskProvider } from './task-provider';
import { TrainCommand } from './train-command';
import { WalkthroughCommands } from './walkthrough-commands';
import type { TrainingManager } from './training-manager';

/** What the training feature is built from. */
export interface TrainingDeps {
  context: vscode.ExtensionContext;
  output: vscode.OutputChannel;
  manager: TrainingManager;
  repo: RunRepository;
  sources: RunSources;
  panels: CurvesPanelHost;
  diagnostics: FitwatchDiagnostics;
  fixFlow: FixFlow;
}

/** Registers the training commands, the status bar, the notifier and the Fitwatch run source. */
export function registerTraining(store: DisposableStore, d: TrainingDeps): void {
  const { manager, panels } = d;
  const train = new TrainCommand(manager, d.diagnostics, panels, d.context.globalState);
  const trainAndCompare = (uri: vscode.Uri, compareWith: string[]): Promise<string | undefined> => train.train(uri, { compareWith });
  store.add(d.sources.add(new FitwatchRunSource(d.repo, manager, d.fixFlow, trainAndCompare, d.output)));
  store.add(new TrainingStatusBar(manager));
  store.add(new FindingNotifier(manager, d.diagnostics));
  store.add(new FitwatchTaskProvider(d.context.extensionUri.fsPath));
  store.add(new WalkthroughCommands(d.context.extensionUri.fsPath));

  const command = (id: string, fn: (...args: unknown[]) => unknown): void => void store.add(vscode.commands.registerCommand(id, fn));
  command('fitwatch.train', (uri, options) => train.train(uri, toTrainOptions(options)));
  command('fitwatch.trainDataset', (uri, options) => train.trainDataset(uri, toTrainOptions(options)));
  /** With no Fitwatch run live: the other live run (a Keras script's fit) shown in the panel, else the only one. */
  const otherLive = (): string | undefined => {
    const ids = d.sources.otherLiveRunIds();
    const shown = panels.shownRunId;
    return shown && ids.includes(shown) ? shown : ids.length === 1 ? ids[0] : undefined;
  };
  command('fitwatch.stop', async (arg) => {
    const session = await liveTarget(arg, manager, panels);
    if (!session?.live) {
      const other = arg === undefined ? otherLive() : undefined;
      if (other) {
        await d.sources.of(other).stop(other);
        return true;
      }
      void vscode.window.showInformationMessage('No Fitwatch run is training.');
      return false;
    }
    await session.stop();
    return true;
  });
  command('fitwatch.reduceLr', async (arg) => {
    const session = await liveTarget(arg, manager, panels);
    const other = !session?.live && arg === undefined ? otherLive() : undefined;
    if (other) return void (await d.sources.of(other).reduceLr(other));
    return reduceLearningRate(session, d.output);
  });
}
