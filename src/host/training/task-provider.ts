/**
 * The `fitwatch` task type: Run Task ▸ fitwatch ▸ train <spec> runs the headless CLI
 * (dist/cli.js, shipped in the extension) in a terminal, with the `$fitwatch` problem matcher
 * turning its `file:line:col (field): error: …` lines into Problems. The run lands in
 * .fitwatch/runs like any other, so Open Run… shows its curves.
 */
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { cliArgs, isDefinition, TASK_TYPE, type FitwatchTaskDefinition } from './task-provider-args';

/** Provides one task per spec in the workspace and resolves hand-written ones. */
export class FitwatchTaskProvider extends Disposable implements vscode.TaskProvider {
  constructor(private readonly extensionPath: string) {
    super();
    this.register(vscode.tasks.registerTaskProvider(TASK_TYPE, this));
  }

  async provideTasks(): Promise<vscode.Task[]> {
    const specs = await vscode.workspace.findFiles('**/*.fitwatch.json', '**/{node_modules,.fitwatch}/**');
    const tasks: vscode.Task[] = [];
    for (const uri of specs) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const spec = relative(folder.uri.fsPath, uri.fsPath).split(sep).join('/');
      tasks.push(this.task({ type: TASK_TYPE, spec }, folder));
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!isDefinition(task.definition)) return undefined;
    const scope = task.scope && typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return scope ? this.task(task.definition, scope) : undefined;
  }

  private task(definition: FitwatchTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
    // The extension host's own runtime runs the CLI: Node in a remote or code-server host, the
    // editor's Electron (as Node) on the desktop. Nothing has to be installed.
    const execution = new vscode.ProcessExecution(process.execPath, [join(this.extensionPath, 'dist', 'cli.js'), ...cliArgs(definition)], {
      cwd: folder.uri.fsPath,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(definition, folder, `train ${definition.spec}`, TASK_TYPE, execution, ['$fitwatch']);
    task.detail = 'Train with the Fitwatch CLI; spec problems go to Problems';
    return task;
  }
}
