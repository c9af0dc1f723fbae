/**
 * The Runs view in the Explorer: every run of the workspace grouped by the spec, script or log it
 * came from, with status icon, best metric, duration and engine, and the actions a run supports:
 * open, compare with…, label and note, export, reveal its folder, delete (after asking).
 */
import { existsSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { readRunLabel, writeRunLabel } from '../../runs/run-label';
import { RUN_FILES } from '../../shared/run';
import { Disposable } from '../dispose';
import type { KerasRunStore } from '../keras/run-store';
import type { CurvesPanelHost } from '../panel/curves-panel';
import type { TrainingManager } from '../training/training-manager';
import type { RunCommands } from './run-commands';
import { runPickItem } from './run-labels';
import type { RunRepository } from './run-repository';
import { groupRuns, type RunEntry, type RunGroup, type RunRow } from './run-tree-items';

/** The view's id in package.json. */
export const RUNS_VIEW_ID = 'fitwatch.runs';

type Node = { kind: 'group'; group: RunGroup } | { kind: 'run'; row: RunRow };

/** Runs view data and its commands. */
export class RunsView extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly repo: RunRepository,
    private readonly manager: TrainingManager,
    private readonly kerasRuns: KerasRunStore,
    private readonly panels: CurvesPanelHost,
    private readonly runs: RunCommands,
  ) {
    super();
    this.register(vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.fitwatch/runs/*/{run.json,label.json}'));
    for (const ev of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) this.register(ev(() => this.refresh()));
    this.register(manager.onDidChangeLive(() => this.refresh()));
    this.register({ dispose: () => clearTimeout(this.timer) });
    const command = (id: string, fn: (node: unknown) => unknown): void => void this.register(vscode.commands.registerCommand(id, fn));
    command('fitwatch.runs.refresh', () => this.refresh(0));
    command('fitwatch.runs.open', (n) => this.withRun(n, (id) => this.panels.open(id)));
    command('fitwatch.runs.compareWith', (n) => this.withRun(n, (id) => this.compareWith(id)));
    command('fitwatch.runs.label', (n) => this.withRun(n, (id) => this.label(id)));
    command('fitwatch.runs.export', (n) => this.withRun(n, (id) => this.runs.exportCsv(id)));
    command('fitwatch.runs.reveal', (n) => this.withRun(n, (id) => this.reveal(id)));
    command('fitwatch.runs.delete', (n) => this.withRun(n, (id) => this.delete(id)));
  }

  /** Redraws soon (file events come in bursts while a run writes). */
  refresh(ms = 300): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(undefined), ms);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.group.key;
      item.description = node.group.description;
      item.iconPath = new vscode.ThemeIcon(node.group.icon);
      item.contextValue = 'runGroup';
      return item;
    }
    const r = node.row;
    const item = new vscode.TreeItem(r.label, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${r.id}`;
    item.description = r.description;
    item.tooltip = r.tooltip;
    item.iconPath = new vscode.ThemeIcon(r.icon);
    item.contextValue = r.context;
    item.command = { command: 'fitwatch.runs.open', title: 'Open Run', arguments: [r.id] };
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'group') return node.group.runs.map((row) => ({ kind: 'run', row }));
    return groupRuns(await this.entries()).map((group) => ({ kind: 'group', group }));
  }

  /** Runs on disk and Keras runs in memory, with where each came from. */
  private async entries(): Promise<RunEntry[]> {
    const out: RunEntry[] = [];
    for (const r of await this.repo.list()) {
      const path = r.info.specPath ?? r.info.dataset?.source ?? '(no spec)';
      out.push({
        info: r.info,
        origin: { kind: r.info.specPath?.endsWith('.fitwatch.json') ? 'spec' : 'data', path },
        live: this.manager.get(r.info.id)?.live ?? false,
        onDisk: true,
        label: readRunLabel(r.dir),
      });
    }
    for (const e of this.kerasRuns.all()) {
      const file = e.script ?? e.logUri;
      const path = file ? this.workspaceRelative(file.fsPath) : 'clipboard';
      out.push({ info: e.run.info, origin: { kind: e.script ? 'script' : 'log', path }, live: e.tail !== undefined, onDisk: false });
    }
    return out;
  }

  private workspaceRelative(file: string): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    return folder ? relative(folder.uri.fsPath, file).split(sep).join('/') : file;
  }

  /** A command's run id: a tree node, a run id string, or the run shown in the panel. */
  private async withRun(node: unknown, fn: (runId: string) => unknown): Promise<unknown> {
    const id = typeof node === 'string' ? node : isRunNode(node) ? node.row.id : this.panels.shownRunId;
    if (!id) return void (await vscode.window.showInformationMessage('Pick a run in the Fitwatch Runs view first.'));
    return fn(id);
  }

  private async compareWith(runId: string): Promise<string[] | undefined> {
    const others = (await this.repo.list()).filter((r) => r.info.id !== runId).map((r) => runPickItem(r.info, this.manager.get(r.info.id)?.live ?? false));
    if (others.length === 0) return void (await vscode.window.showInformationMessage('There is no other run to compare with yet.'));
    const picks = await vscode.window.showQuickPick(others, {
      title: 'Compare With…',
      placeHolder: 'Runs to overlay on this one',
      canPickMany: true,
      matchOnDescription: true,
    });
    if (!picks?.length) return undefined;
    const ids = picks.map((p) => p.runId);
    this.panels.open(runId, { compare: ids });
    return [runId, ...ids];
  }

  private async label(runId: string): Promise<boolean> {
    const where = this.repo.locate(runId);
    if (!where) {
      void vscode.window.showInformationMessage('Only runs saved in .fitwatch/runs can be labelled; a Keras log is labelled by its file name.');
      return false;
    }
    const current = readRunLabel(where.dir) ?? {};
    const label = await vscode.window.showInputBox({
      title: 'Label Run',
      prompt: 'A short name shown instead of the date. A labelled run is never removed by retention. Empty removes the label.',
      value: current.label ?? '',
    });
    if (label === undefined) return false;
    const note = await vscode.window.showInputBox({ title: 'Note', prompt: 'What this run tried (optional)', value: current.note ?? '' });
    if (note === undefined) return false;
    writeRunLabel(where.dir, { label, note });
    this.refresh(0);
    return true;
  }

  private async reveal(runId: string): Promise<void> {
    const where = this.repo.locate(runId);
    if (!where) return void (await vscode.window.showInformationMessage('This run has no folder: it is a Keras log held in memory.'));
    const target = existsSync(join(where.dir, RUN_FILES.info)) ? join(where.dir, RUN_FILES.info) : where.dir;
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(target));
  }

  private async delete(runId: string): Promise<boolean> {
    if (this.manager.get(runId)?.live) {
      void vscode.window.showWarningMessage('This run is still training: stop it before deleting it.');
      return false;
    }
    const where = this.repo.locate(runId);
    if (!where) return false;
    const name = readRunLabel(where.dir)?.label ?? runId;
    const ok = await vscode.window.showWarningMessage(
      `Delete the run "${name}"?`,
      { modal: true, detail: `Its folder ${relative(where.root, where.dir)} (curves, spec snapshot and saved models) is removed. This cannot be undone.` },
      'Delete',
    );
    if (ok !== 'Delete') return false;
    rmSync(where.dir, { recursive: true, force: true });
    this.refresh(0);
    return true;
  }
}

function isRunNode(n: unknown): n is { kind: 'run'; row: RunRow } {
  return typeof n === 'object' && n !== null && (n as Node).kind === 'run';
}
