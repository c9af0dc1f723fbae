/**
 * Open Run…, Compare Runs… and Export Curves: quick picks over the runs on disk (label: spec
 * name; description: date, status, best val_loss), and exports to a file the user chooses.
 */
import { existsSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { historyCsv } from '../../runs/metrics-csv';
import { RUN_FILES } from '../../shared/run';
import { toExportFormat, toRunIds } from '../command-args';
import type { CurvesPanelHost } from '../panel/curves-panel';
import { decodePngDataUrl } from './data-url';
import { runPickItem, type RunPickItem } from './run-labels';
import type { RunRepository } from './run-repository';
import type { RunSources } from './run-source';
import type { TrainingManager } from '../training/training-manager';

/** Opens, compares and exports runs. */
export class RunCommands {
  constructor(
    private readonly repo: RunRepository,
    private readonly sources: RunSources,
    private readonly manager: TrainingManager,
    private readonly panels: CurvesPanelHost,
  ) {}

  /** Quick-pick rows for every run, newest first. */
  private async items(): Promise<RunPickItem[]> {
    const runs = await this.repo.list();
    return runs.map((r) => runPickItem(r.info, this.manager.get(r.info.id)?.live ?? false));
  }

  private async noRuns(): Promise<void> {
    const pick = await vscode.window.showInformationMessage('There are no runs in .fitwatch/runs of this workspace yet.', 'Train Model');
    if (pick) await vscode.commands.executeCommand('fitwatch.train');
  }

  /** Shows a run's curves (picked when no id is given). Resolves with the run shown. */
  async openRun(arg?: unknown): Promise<string | undefined> {
    let [id] = toRunIds(arg);
    if (!id) {
      const items = await this.items();
      if (items.length === 0) return void (await this.noRuns());
      id =
        (
          await vscode.window.showQuickPick(items, {
            title: 'Open Run',
            placeHolder: 'Pick a run to show its curves',
            matchOnDescription: true,
            matchOnDetail: true,
          })
        )?.runId ?? '';
      if (!id) return undefined;
    }
    if (!this.manager.get(id) && !this.repo.locate(id)) {
      void vscode.window.showErrorMessage(`Run ${id} was not found in .fitwatch/runs of any workspace folder.`);
      return undefined;
    }
    this.panels.open(id);
    return id;
  }

  /** Shows the first run with the others overlaid (picked, several at once, when no ids are given). */
  async compareRuns(arg?: unknown): Promise<string[] | undefined> {
    let ids = toRunIds(arg);
    if (ids.length === 0) {
      const items = await this.items();
      if (items.length === 0) return void (await this.noRuns());
      const shown = this.panels.shownRunId;
      for (const it of items) (it as vscode.QuickPickItem).picked = it.runId === shown;
      const picks = await vscode.window.showQuickPick(items, {
        title: 'Compare Runs',
        placeHolder: 'Pick the runs to overlay (the first one is the main run)',
        canPickMany: true,
        matchOnDescription: true,
      });
      ids = (picks ?? []).map((p) => p.runId);
      if (ids.length === 0) return undefined;
    }
    const [main, ...others] = ids;
    this.panels.open(main, { compare: others });
    return ids;
  }

  /**
   * Exports a run's curves: `csv` copies its metrics.csv, `png` asks the open panel for an
   * image (the panel answers through its `export` message). `target` skips the save dialog.
   */
  async exportCurves(format?: unknown, runArg?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
    let kind = toExportFormat(format);
    if (!kind) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'CSV', description: 'metrics.csv: one row per epoch, Keras metric names', format: 'csv' as const },
          { label: 'PNG', description: 'the charts as shown in the curves panel', format: 'png' as const },
        ],
        { title: 'Export Curves' },
      );
      kind = pick?.format;
    }
    if (!kind) return undefined;
    const runId = toRunIds(runArg)[0] ?? this.panels.shownRunId ?? (await this.repo.newestRunId());
    if (kind === 'png') {
      if (!this.panels.requestPng()) {
        const pick = await vscode.window.showInformationMessage('PNG export draws the curves panel: open it first.', 'Show Training Curves');
        if (pick) this.panels.open(runId);
      }
      return undefined;
    }
    return this.exportCsv(runId, target instanceof vscode.Uri ? target : undefined);
  }

  /**
   * Copies a run's metrics.csv to a file the user picks (or `target`). A Keras run shown from
   * a log or a live watch has no run folder: its history is written in the same format.
   */
  async exportCsv(runId: string | undefined, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const loc = runId ? this.repo.locate(runId) : undefined;
    const source = loc && join(loc.dir, RUN_FILES.metrics);
    const onDisk = !!source && existsSync(source);
    const history = !onDisk && runId ? (await this.sources.view(runId))?.history : undefined;
    if (!runId || (!onDisk && !history?.length)) {
      void vscode.window.showErrorMessage(runId ? `Run ${runId} has no ${RUN_FILES.metrics} yet (no epoch finished).` : 'There is no run to export yet.');
      return undefined;
    }
    const dest = target ?? (await this.saveDialog(`${runId}-metrics.csv`, { CSV: ['csv'] }));
    if (!dest) return undefined;
    if (onDisk && source) await copyFile(source, dest.fsPath);
    else await writeFile(dest.fsPath, historyCsv(history ?? []));
    void vscode.window.showInformationMessage(`Exported the metrics of ${runId} to ${vscode.workspace.asRelativePath(dest)}.`);
    return dest;
  }

  /** Writes the panel's PNG to a file the user picks. */
  async exportPng(runId: string | undefined, dataUrl: string): Promise<vscode.Uri | undefined> {
    const bytes = decodePngDataUrl(dataUrl);
    const dest = await this.saveDialog(`${runId ?? 'fitwatch'}-curves.png`, { 'PNG image': ['png'] });
    if (!dest) return undefined;
    await writeFile(dest.fsPath, bytes);
    void vscode.window.showInformationMessage(`Saved the curves to ${vscode.workspace.asRelativePath(dest)}.`);
    return dest;
  }

  private saveDialog(name: string, filters: Record<string, string[]>): Thenable<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters, saveLabel: 'Export' });
  }
}
