/**
 * "Train Model": find the spec, check trust, parse it (problems become diagnostics), decide
 * what to do about a run already training it, fork the trainer, and show progress (a
 * cancellable notification, the status bar, the panel, the output channel).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { prepareRunsFolder } from '../../runs/housekeeping';
import { newRunId } from '../../runs/run-id';
import type { Problem } from '../../shared/location';
import { parseSpec } from '../../shared/spec/index';
import type { FitwatchSpec } from '../../shared/spec';
import type { TrainOptions } from '../command-args';
import type { CurvesPanelHost } from '../panel/curves-panel';
import { isDatasetFile, isSpecFile, specDisplayName } from '../../shared/dataset-files';
import type { FitwatchDiagnostics } from '../diagnostics';
import { newSpecFromDataset } from '../spec-editor/new-spec-command';
import { revealProblem, showProblem } from '../problem-message';
import { RUNS_DIR } from '../runs/run-repository';
import { readRunSettings } from '../settings';
import { showRunNotification } from './run-notification';
import { decideTrain } from './train-decision';
import { pythonForSpec } from './keras-engine-python';
import type { TrainingManager } from './training-manager';
import type { TrainingSession } from './training-session';

/** A spec argument as a Uri: a Uri, an absolute path, or a path relative to the first workspace folder. */
export function toSpecUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) {
    if (isAbsolute(arg)) return vscode.Uri.file(arg);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    return root ? vscode.Uri.joinPath(root, ...arg.split(/[\\/]/)) : undefined;
  }
  return undefined;
}

/** The folder runs of `specUri` go to and its data must stay inside: its workspace folder, else its own folder. */
export function runRootOf(specUri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(specUri)?.uri.fsPath ?? dirname(specUri.fsPath);
}

/** `/`-separated path of `p` inside `root`. */
function posixRelative(root: string, p: string): string {
  return relative(root, p).split(sep).join('/');
}

/** Implements Train Model and Train on this Dataset. */
export class TrainCommand {
  constructor(
    private readonly manager: TrainingManager,
    private readonly diagnostics: FitwatchDiagnostics,
    private readonly panels: CurvesPanelHost,
    /** Holds the finding codes the user silenced, which the run's notification leaves out. */
    private readonly globalState?: vscode.Memento,
  ) {}

  /** Trains the spec `arg` (or the active/picked one). Resolves with the new run id once it started. */
  async train(arg?: unknown, options: TrainOptions = {}): Promise<string | undefined> {
    const specUri = toSpecUri(arg) ?? (await this.specFromContext());
    if (!specUri) return undefined;
    const running = this.manager.liveForSpec(specUri);
    const name = specDisplayName(specUri.fsPath);
    const decision = decideTrain({
      trusted: vscode.workspace.isTrusted,
      specName: name,
      running: running && { epoch: running.run.info.epochs, totalEpochs: running.run.info.totalEpochs },
      ifRunning: options.ifRunning,
    });
    let previous: TrainingSession | undefined;
    switch (decision.action) {
      case 'refuse': {
        const pick = await vscode.window.showWarningMessage(decision.reason, 'Manage Workspace Trust');
        if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
        return undefined;
      }
      case 'keep':
        this.panels.open(running?.target.runId, { preserveFocus: true });
        return running?.target.runId;
      case 'askRestart': {
        const pick = await vscode.window.showWarningMessage(decision.prompt, { modal: true }, decision.restart, decision.keep);
        if (pick !== decision.restart) {
          if (pick === decision.keep) this.panels.open(running?.target.runId, { preserveFocus: true });
          return running?.target.runId;
        }
        previous = running;
        break;
      }
      case 'restart':
        previous = running;
        break;
      case 'start':
        break;
    }
    const parsed = await this.parse(specUri);
    if (!parsed) return undefined;
    if (previous) await previous.stop();
    const compareWith = [...(options.compareWith ?? []), ...(previous ? [previous.target.runId] : [])];
    const python = await pythonForSpec(specUri, readRunSettings(specUri).engine ?? parsed.spec.engine);
    return this.start(specUri, parsed.text, parsed.spec, compareWith, options, python);
  }

  /** Trains a dataset: its spec when one beside it names it, else a new starter spec for it. */
  async trainDataset(arg?: unknown, options: TrainOptions = {}): Promise<string | undefined> {
    const dataUri = toSpecUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
    if (!dataUri || !isDatasetFile(dataUri.fsPath)) {
      void vscode.window.showErrorMessage('Train on this Dataset needs a .csv, .tsv, .npy or .jsonl file: right-click one in the Explorer.');
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      const refusal = decideTrain({ trusted: false, specName: basename(dataUri.fsPath) });
      if (refusal.action === 'refuse' && (await vscode.window.showWarningMessage(refusal.reason, 'Manage Workspace Trust'))) {
        await vscode.commands.executeCommand('workbench.trust.manage');
      }
      return undefined;
    }
    const specs = await this.specsNaming(dataUri);
    let specUri: vscode.Uri | undefined;
    if (specs.length === 1) specUri = specs[0];
    else if (specs.length > 1) {
      const pick = await vscode.window.showQuickPick(
        specs.map((uri) => ({ label: basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })),
        {
          title: `Several specs train ${basename(dataUri.fsPath)}`,
          placeHolder: 'Pick the spec to train',
        },
      );
      specUri = pick?.uri;
    } else specUri = await newSpecFromDataset(dataUri);
    return specUri ? this.train(specUri, options) : undefined;
  }

  /** Specs in the data file's folder whose `data.path` points at it. */
  private async specsNaming(dataUri: vscode.Uri): Promise<vscode.Uri[]> {
    const dir = vscode.Uri.file(dirname(dataUri.fsPath));
    const found: vscode.Uri[] = [];
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      if (type !== vscode.FileType.File || !isSpecFile(name)) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      const { spec } = parseSpec(await readFile(uri.fsPath, 'utf8'), uri.fsPath);
      if (spec?.data.kind === 'file' && join(dir.fsPath, spec.data.path) === dataUri.fsPath) found.push(uri);
    }
    return found;
  }

  /** The active spec, or — with a dataset open — an offer to create one, or a pick among the workspace's specs. */
  private async specFromContext(): Promise<vscode.Uri | undefined> {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && isSpecFile(active.fsPath)) return active;
    if (active && active.scheme === 'file' && isDatasetFile(active.fsPath)) {
      const pick = await vscode.window.showInformationMessage(
        `${basename(active.fsPath)} has no training spec yet. Create one and train?`,
        'Create Spec',
        'Pick a Spec…',
      );
      if (pick === 'Create Spec') return newSpecFromDataset(active);
      if (pick !== 'Pick a Spec…') return undefined;
    }
    const specs = await vscode.workspace.findFiles('**/*.fitwatch.json', '**/{node_modules,.fitwatch}/**', 200);
    if (specs.length === 0) {
      const pick = await vscode.window.showInformationMessage('There is no *.fitwatch.json spec in this workspace yet.', 'New Training Spec from Dataset…');
      return pick ? newSpecFromDataset() : undefined;
    }
    if (specs.length === 1) return specs[0];
    const pick = await vscode.window.showQuickPick(
      specs.map((uri) => ({ label: specDisplayName(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })),
      { title: 'Train Model', placeHolder: 'Pick the spec to train' },
    );
    return pick?.uri;
  }

  /** Saves and parses the spec; shows its problems as diagnostics and aborts on errors. */
  private async parse(specUri: vscode.Uri): Promise<{ text: string; spec: FitwatchSpec } | undefined> {
    const doc = await vscode.workspace.openTextDocument(specUri);
    if (doc.isDirty) await doc.save();
    const text = doc.getText();
    const { spec, problems } = parseSpec(text, specUri.fsPath);
    this.diagnostics.showProblems(specUri, text, problems);
    if (spec) return { text, spec };
    const errors = problems.filter((p) => p.severity === 'error');
    void this.reportSpecErrors(specUri, errors);
    return undefined;
  }

  private async reportSpecErrors(specUri: vscode.Uri, errors: Problem[]): Promise<void> {
    const name = basename(specUri.fsPath);
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}, see Problems)` : '';
    const pick = await vscode.window.showErrorMessage(
      `${name} cannot be trained: ${first?.message ?? 'it has errors.'}${first?.fix ? ` ${first.fix}` : ''}${more}`,
      'Open',
    );
    if (pick === 'Open' && first) await revealProblem(specUri, first);
  }

  private start(specUri: vscode.Uri, text: string, spec: FitwatchSpec, compareWith: string[], options: TrainOptions, python?: string): string {
    const settings = readRunSettings(specUri);
    const root = runRootOf(specUri);
    const runId = newRunId(spec.name ?? specDisplayName(specUri.fsPath));
    const runDir = join(root, ...RUNS_DIR.split('/'), runId);
    prepareRunsFolder(root, {
      specPath: posixRelative(root, specUri.fsPath),
      keep: settings.keepRuns,
      protect: [...compareWith, ...(this.panels.shownRunId ? [this.panels.shownRunId] : [])],
    });
    const session = this.manager.start(
      {
        specUri,
        specText: text,
        spec,
        specRelative: posixRelative(root, specUri.fsPath),
        workspaceRoot: root,
        runId,
        runDir,
        runDirRelative: posixRelative(root, runDir),
        compareWith,
      },
      {
        backend: settings.backend,
        engine: settings.engine,
        ...(python ? { python } : {}),
        ...(settings.maxThreads ? { threads: settings.maxThreads } : {}),
        healthEvery: settings.healthEvery,
        stopTimeoutMs: settings.stopTimeoutMs,
      },
    );
    session.onDidFail((problem) => void showProblem(problem, root, `Run ${runId} failed: `));
    if (options.showCurves !== false) this.panels.open(runId, { compare: compareWith, preserveFocus: true });
    if (options.notify !== false) showRunNotification(session, specDisplayName(specUri.fsPath), this.globalState);
    return runId;
  }
}
