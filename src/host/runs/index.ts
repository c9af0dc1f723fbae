/** The runs feature: Open Run…, Compare Runs…, Export Curves, the files the panel's Export button writes, and the Runs view. */
import * as vscode from 'vscode';
import { errorMessage } from '../../shared/error-message';
import type { DisposableStore } from '../dispose';
import type { CurvesPanelHost } from '../panel/curves-panel';
import type { TrainingManager } from '../training/training-manager';
import { RunCommands } from './run-commands';
import type { RunRepository } from './run-repository';
import type { RunSources } from './run-source';
import type { KerasRunStore } from '../keras/run-store';
import { RunsContext } from './runs-context';
import { RunsView } from './runs-view';

/** Registers the run commands and the Runs view, and answers the panel's export requests. */
export function registerRuns(
  store: DisposableStore,
  repo: RunRepository,
  sources: RunSources,
  manager: TrainingManager,
  panels: CurvesPanelHost,
  kerasRuns: KerasRunStore,
): RunCommands {
  const runs = new RunCommands(repo, sources, manager, panels);
  store.add(new RunsContext());
  store.add(new RunsView(repo, manager, kerasRuns, panels, runs));
  const command = (id: string, fn: (...args: unknown[]) => unknown): void => void store.add(vscode.commands.registerCommand(id, fn));
  command('fitwatch.openRun', (arg) => runs.openRun(arg));
  command('fitwatch.compareRuns', (arg) => runs.compareRuns(arg));
  command('fitwatch.exportCurves', (format, runId, target) => runs.exportCurves(format, runId, target));
  store.add(
    panels.onDidRequestExport((e) => {
      const done = e.format === 'png' ? runs.exportPng(e.runId, e.dataUrl) : runs.exportCsv(e.runId);
      done.catch((err: unknown) => void vscode.window.showErrorMessage(`Fitwatch: ${errorMessage(err)}`));
    }),
  );
  return runs;
}
