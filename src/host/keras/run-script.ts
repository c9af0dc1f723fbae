/**
 * "Run with Fitwatch": runs the user's Keras script unchanged with their Python (see
 * src/keras/live-runner-node.ts) and shows each `fit` as a live run in the curves panel, with the
 * coach's findings on the script as it trains. The panel's Stop and Reduce LR reach the script
 * through the run folder's control channel. The script's output goes to an output channel; a
 * traceback becomes a diagnostic at its file:line.
 */
import { basename, dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { neutralCoachContext } from '../../keras/coach';
import { findHookDir, preflightPython, resolvePythonCommand, startKerasScript, type KerasScriptRun, type ScriptRun } from '../../keras/live-runner-node';
import { FitwatchError, type Problem } from '../../shared/location';
import type { FitwatchSpec } from '../../shared/spec';
import { Disposable } from '../dispose';
import { readRunSettings } from '../settings';
import { showProblem } from '../problem-message';
import { choosePython } from './python-interpreter';
import { showScriptNotification } from './script-notification';
import type { KerasRunEntry } from './run-store';
import { KerasRun } from './run-state';

/** What the runner needs from the Keras bridge: the store, coach and panel of Keras runs. */
export interface LiveKerasRuns {
  /** A fit began: keep the entry, diagnose it, show it. */
  beginLive(entry: KerasRunEntry): void;
  /** New epochs arrived (coalesced by the bridge). */
  changedLive(entry: KerasRunEntry): void;
  /** The fit ended. */
  endLive(entry: KerasRunEntry): Promise<void>;
}

/** The panel id of a script run: the run folder's id behind the Keras prefix the panel routes on. */
function panelRunId(run: ScriptRun): string {
  return `keras-${run.id}`;
}

/** Runs scripts; each running script is killed when the extension goes away. */
export class KerasScriptRunner extends Disposable {
  private readonly output = this.register(vscode.window.createOutputChannel('Fitwatch: Keras Script'));
  private readonly problems = this.register(vscode.languages.createDiagnosticCollection('fitwatch-keras-run'));
  private readonly running = new Set<KerasScriptRun>();

  constructor(
    private readonly extensionPath: string,
    private readonly live: LiveKerasRuns,
  ) {
    super();
  }

  /**
   * Runs `script`; resolves with the panel ids of its runs once it has ended (undefined when it
   * could not start). `spec` is Fitwatch's reading of the script's model, for the run folders.
   */
  async run(script: vscode.Uri, spec?: FitwatchSpec): Promise<string[] | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Run with Fitwatch runs the script, so it needs a trusted workspace (Workspaces: Manage Workspace Trust).');
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === script.toString());
    if (doc?.isDirty) await doc.save();
    const folder = vscode.workspace.getWorkspaceFolder(script)?.uri.fsPath ?? dirname(script.fsPath);
    const chosen = await choosePython(script);
    const python = resolvePythonCommand(chosen.command, process.env, folder);
    let info;
    try {
      info = await preflightPython(python, process.env, folder);
    } catch (e) {
      if (e instanceof FitwatchError) {
        await showProblem(e.problem, folder, chosen.from === 'default' ? 'Fitwatch used python3 (no interpreter selected). ' : '');
        return undefined;
      }
      throw e;
    }
    this.problems.delete(script);
    this.output.show(true);
    this.output.appendLine(
      `$ ${info.executable} ${basename(script.fsPath)}   (interpreter from ${chosen.from}; the script runs unchanged, each model.fit is recorded)`,
    );
    const entries = new Map<number, KerasRunEntry>();
    const handle: { run?: KerasScriptRun } = {};
    const progress = showScriptNotification(basename(script.fsPath), () => handle.run?.stop());
    const scriptRun = startKerasScript({
      script: script.fsPath,
      python,
      pythonInfo: info,
      cwd: dirname(script.fsPath),
      workspaceRoot: folder,
      hookDir: findHookDir(join(this.extensionPath, 'dist')),
      env: process.env,
      stdout: 'pipe',
      stopGraceMs: readRunSettings(script).stopTimeoutMs,
      specFor: (begin) => spec ?? neutralCoachContext([], begin.epochs, '').spec,
      listener: {
        output: (_stream, text) => this.output.append(text),
        fitBegin: (r) => {
          const run = new KerasRun({
            id: panelRunId(r),
            name: `${basename(script.fsPath)} fit ${r.index} (Keras, live)`,
            source: r.dir,
            live: true,
            startedAt: new Date(),
          });
          run.setPlannedEpochs(r.begin.epochs);
          const entry: KerasRunEntry = {
            run,
            script,
            control: {
              stop: () => handle.run?.stop(),
              reduceLearningRate: (factor) => (handle.run?.active?.index === r.index ? handle.run.reduceLearningRate(factor) : false),
            },
          };
          entries.set(r.index, entry);
          this.output.appendLine(`fitwatch: fit ${r.index} with ${r.begin.keras} → ${r.dir}`);
          progress.update(`fit ${r.index}: starting`);
          this.live.beginLive(entry);
        },
        epoch: (r, record) => {
          const entry = entries.get(r.index);
          if (!entry) return;
          entry.run.append([record]);
          progress.update(`fit ${r.index}: epoch ${record.epoch + 1}${r.begin.epochs ? `/${r.begin.epochs}` : ''}`);
          this.live.changedLive(entry);
        },
        event: (_r, e) => this.output.appendLine(`fitwatch: ${e.message}`),
        control: (_r, reply) => {
          if (!reply.ok) void vscode.window.showWarningMessage(`Fitwatch: ${reply.command}: ${reply.message}`);
        },
        fitEnd: (r) => {
          const entry = entries.get(r.index);
          if (!entry) return;
          entry.control = undefined;
          entry.run.finish(r.status === 'running' ? 'failed' : r.status);
          void this.live.endLive(entry);
        },
      },
    });
    handle.run = scriptRun;
    this.running.add(scriptRun);
    const result = await scriptRun.done.finally(() => progress.end());
    this.running.delete(scriptRun);
    this.output.appendLine(`fitwatch: the script ended (${result.signal ?? `exit code ${result.exitCode}`}); ${result.runs.length} run(s) recorded.`);
    if (result.problem) this.report(result.problem, folder);
    return result.runs.map(panelRunId);
  }

  /** A traceback becomes a diagnostic at its line (when the file exists), and a message either way. */
  private report(problem: Problem, folder: string): void {
    const file = problem.location?.file;
    if (file && problem.location?.line !== undefined) {
      const uri = vscode.Uri.file(isAbsolute(file) ? file : join(folder, file));
      const line = Math.max(0, problem.location.line - 1);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), problem.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'Fitwatch';
      diagnostic.code = problem.code;
      this.problems.set(uri, [diagnostic]);
    }
    void showProblem(problem, folder);
  }

  override dispose(): void {
    for (const r of this.running) r.dispose();
    this.running.clear();
    super.dispose();
  }
}
