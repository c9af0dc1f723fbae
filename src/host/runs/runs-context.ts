/**
 * The `fitwatch.hasRuns` context key: true once the workspace holds a run folder, so the
 * commands that need a run (Open Run…, Compare Runs…, Export Curves) are hidden before the first.
 */
import * as vscode from 'vscode';
import { Disposable } from '../dispose';

/** run.json of any run in any workspace folder. */
const RUN_JSON = '**/.fitwatch/runs/*/run.json';

/** Keeps `fitwatch.hasRuns` in step with the runs folders on disk. */
export class RunsContext extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(RUN_JSON));
    this.register(watcher.onDidCreate(() => this.set(true)));
    this.register(watcher.onDidDelete(() => this.schedule()));
    this.register({ dispose: () => clearTimeout(this.timer) });
    this.schedule(0);
  }

  /** Looks again (debounced): a delete may have removed the last run, or only one of many. */
  private schedule(ms = 500): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // `null` exclude: runs count even where files.exclude hides .fitwatch from the Explorer.
      void vscode.workspace.findFiles(RUN_JSON, null, 1).then((found) => this.set(found.length > 0));
    }, ms);
  }

  private set(value: boolean): void {
    void vscode.commands.executeCommand('setContext', 'fitwatch.hasRuns', value);
  }
}
