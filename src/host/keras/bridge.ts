/**
 * The Keras bridge in the editor: import a Keras log (file, clipboard) or watch a CSVLogger
 * file, draw it in the curves panel like a Fitwatch run, let the coach diagnose it, tie it to
 * the script that wrote it, and put the findings and their Python quick fixes on that script.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { CoachConfig } from '../../coach/index';
import { parseKerasLog, type KerasLog } from '../../keras/logs';
import { csvLoggerPath, pythonEditsForFix } from '../../keras/python-fixes';
import type { PythonAnalysis } from '../../keras/python-types';
import { tailCsvLog } from '../../keras/tail-node';
import { readLogdir, tailLogdir } from '../../keras/tb-logdir-node';
import { RememberedKerasLogs } from '../../runs/remembered-keras-logs';
import type { Fix } from '../../shared/findings';
import { FitwatchError } from '../../shared/location';
import type { CurvesPanelHost } from '../panel/curves-panel';
import { Disposable } from '../dispose';
import { coachContextFromScript, diagnoseKerasRun, neutralCoachContext, type KerasCoachContext } from '../../keras/coach';
import { CSV_LOGGER_ADDED_COMMAND, CSV_LOGGER_FILE, KerasCodeActions, PYTHON_SELECTOR, workspaceEditOf } from './code-actions';
import { KERAS_COMMANDS, KerasCodeLenses } from './codelens';
import { KerasDiagnostics } from './diagnostics';
import { KerasScriptCheckDiagnostics } from './script-checks';
import { KerasScriptAnalyzer } from './parser';
import { pickLogFile, pickScript } from './pickers';
import { kerasRunId } from '../../keras/run-id';
import type { KerasRunEntry, KerasRunStore } from './run-store';
import { KerasRun } from './run-state';
import { csvLoggerFileOf, pythonFixes } from '../../keras/script-facts';
import { scriptsWritingLog } from '../../keras/script-link';
import { importModelJson, trainKerasScript } from './train-script';
import { KerasScriptRunner } from './run-script';
import { readRunSettings } from '../settings';
import { CURVES_VIEW_TYPE } from '../panel/curves-panel';
import { updateScriptRunningContext, updateWatchingContext } from './watching-context';
import { showProblem } from '../problem-message';
import { Throttle } from '../../shared/throttle';
import { errorMessage } from '../../shared/error-message';
import { requireTrust } from '../trust';

/** Fewest milliseconds between two coach runs and panel snapshots while a file is tailed. */
const LIVE_UPDATE_MS = 300;

/** Most workspace scripts read when looking for the CSVLogger that writes a log. */
const MAX_SCRIPTS_SCANNED = 200;

/** What the bridge needs from the rest of the host. */
export interface KerasBridgeDeps {
  extensionPath: string;
  store: KerasRunStore;
  panels: CurvesPanelHost;
  output: vscode.OutputChannel;
  coachEnabled: () => boolean;
  coachConfig: () => Partial<CoachConfig>;
  /** The workspace state, where the log file of each Keras run is remembered across reloads. */
  memento: vscode.Memento;
}

/** How a command was told which script a log belongs to: a Uri, null for none, or absent to infer/ask. */
type ScriptArg = vscode.Uri | null | undefined;

/** `{ script }` from a command's options argument (tests, CodeLens); anything else means "infer or ask". */
function scriptArg(options: unknown): ScriptArg {
  if (typeof options !== 'object' || options === null) return undefined;
  const s = (options as Record<string, unknown>).script;
  if (s === null) return null;
  if (s instanceof vscode.Uri) return s;
  return typeof s === 'string' && s.length > 0 ? vscode.Uri.file(s) : undefined;
}

/** A file argument (the explorer passes a Uri; tests may pass a path). */
function fileArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return typeof arg === 'string' && arg.length > 0 ? vscode.Uri.file(arg) : undefined;
}

/** The Keras runs, their scripts, and the editor features on those scripts. */
export class KerasBridge extends Disposable {
  private readonly analyzer: KerasScriptAnalyzer;
  private readonly diagnostics = this.register(new KerasDiagnostics());
  /** One throttle per tailed run: a burst of epochs costs one coach run and one panel snapshot per interval. */
  private readonly pending = new Map<KerasRunEntry, Throttle>();
  private clipboardImports = 0;
  private readonly remembered: RememberedKerasLogs;
  private readonly scripts: KerasScriptRunner;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<string>());
  /** A Keras run's view changed (re-diagnosed, new epochs from a tailed log): the panel resends it if shown. */
  readonly onDidChangeRun = this.changeEmitter.event;

  constructor(private readonly deps: KerasBridgeDeps) {
    super();
    this.remembered = new RememberedKerasLogs(deps.memento);
    this.analyzer = new KerasScriptAnalyzer(deps.extensionPath);
    this.scripts = this.register(
      new KerasScriptRunner(deps.extensionPath, {
        beginLive: (entry) => this.beginLive(entry),
        changedLive: (entry) => this.scheduleUpdate(entry),
        endLive: (entry) => this.endLive(entry),
      }),
    );
    this.register(deps.store);
    this.register(
      vscode.languages.registerCodeActionsProvider(
        PYTHON_SELECTOR,
        new KerasCodeActions(this.analyzer, this.diagnostics, deps.output),
        KerasCodeActions.metadata,
      ),
    );
    this.register(vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, new KerasCodeLenses(this.analyzer)));
    this.register(new KerasScriptCheckDiagnostics(this.analyzer, deps.output));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.analyzer.forget(d.uri)));
    // Closing the curves panel ends watching: nobody sees the live curves any more.
    this.register(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.closed.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(CURVES_VIEW_TYPE))) this.stopAllWatching();
      }),
    );
    const command = (id: string, fn: (...args: unknown[]) => unknown): void => void this.register(vscode.commands.registerCommand(id, fn));
    command(KERAS_COMMANDS.openLog, (uri, options) => this.openLog(fileArg(uri), scriptArg(options)));
    command(KERAS_COMMANDS.importClipboard, (options) => this.importClipboard(scriptArg(options)));
    command(KERAS_COMMANDS.watchCsv, (uri, options) => this.watchCsv(fileArg(uri), scriptArg(options)));
    command(KERAS_COMMANDS.stopWatching, (runId) => this.stopWatching(typeof runId === 'string' ? runId : undefined));
    command(KERAS_COMMANDS.linkScript, (runId, script) => this.linkScript(typeof runId === 'string' ? runId : undefined, fileArg(script)));
    command(KERAS_COMMANDS.trainScript, (uri) => this.trainScript(fileArg(uri)));
    command(KERAS_COMMANDS.runScript, (uri) => this.runScript(fileArg(uri)));
    command(KERAS_COMMANDS.openTensorBoard, (uri, options) => this.openTensorBoard(fileArg(uri), scriptArg(options)));
    command(KERAS_COMMANDS.importModelJson, async (uri) => {
      const file =
        fileArg(uri) ??
        (await vscode.window.showOpenDialog({ title: 'Keras model.to_json() file', canSelectMany: false, filters: { 'Keras model JSON': ['json'] } }))?.[0];
      return file ? importModelJson(file) : undefined;
    });
    command(CSV_LOGGER_ADDED_COMMAND, (uri) => (uri instanceof vscode.Uri ? this.offerWatch(uri) : undefined));
  }

  /** Open Keras Log…: parse the file, show it, diagnose it. Resolves with the run id. */
  async openLog(uri: vscode.Uri | undefined, script: ScriptArg): Promise<string | undefined> {
    const file = uri ?? (await pickLogFile('Open Keras Log', false));
    if (!file) return undefined;
    let log: KerasLog;
    try {
      log = parseKerasLog(await readFile(file.fsPath, 'utf8'), file.fsPath);
    } catch (e) {
      return this.report(e, file, 'Cannot read the Keras log: ');
    }
    const run = new KerasRun({
      id: kerasRunId(basename(file.fsPath), file.fsPath),
      name: `${basename(file.fsPath)} (Keras)`,
      source: file.fsPath,
      live: false,
      startedAt: new Date(),
    });
    return this.showImported({ run, logUri: file }, log, script);
  }

  /** Import Keras Output from Clipboard: the text model.fit printed, pasted. */
  async importClipboard(script: ScriptArg): Promise<string | undefined> {
    const text = await vscode.env.clipboard.readText();
    if (text.trim() === '') {
      void vscode.window.showErrorMessage(
        'The clipboard is empty. Copy the text model.fit(verbose=1 or 2) printed (the "Epoch 1/…" lines), a CSVLogger file, or a history.history JSON dump, then run this again.',
      );
      return undefined;
    }
    let log: KerasLog;
    try {
      log = parseKerasLog(text, 'clipboard');
    } catch (e) {
      return this.report(e, undefined, 'Cannot read the clipboard as a Keras log: ');
    }
    const n = ++this.clipboardImports;
    const run = new KerasRun({
      id: kerasRunId(`clipboard-${n}`, text),
      name: `Keras output from the clipboard${n > 1 ? ` (${n})` : ''}`,
      source: 'clipboard',
      live: false,
      startedAt: new Date(),
    });
    return this.showImported({ run }, log, script);
  }

  /** Watch Keras CSVLogger File…: follow the file as a Python process appends epochs. */
  async watchCsv(uri: vscode.Uri | undefined, script: ScriptArg): Promise<string | undefined> {
    const file = uri ?? (await pickLogFile('Watch Keras CSVLogger File', true));
    if (!file) return undefined;
    const run = new KerasRun({
      id: kerasRunId(basename(file.fsPath), file.fsPath),
      name: `${basename(file.fsPath)} (Keras, live)`,
      source: file.fsPath,
      live: true,
      startedAt: new Date(),
    });
    const entry: KerasRunEntry = { run, logUri: file };
    if (!(await this.link(entry, script))) return undefined;
    this.deps.store.set(entry);
    this.remember(entry);
    entry.tail = tailCsvLog(
      file.fsPath,
      (records) => {
        run.append(records);
        this.scheduleUpdate(entry);
      },
      () => {
        run.replace([]);
        this.deps.output.appendLine(`${basename(file.fsPath)} started over (truncated or replaced): the curves restart.`);
        this.scheduleUpdate(entry);
      },
      { onError: (e) => this.deps.output.appendLine(`Watching ${file.fsPath}: ${errorMessage(e)}`) },
    );
    updateWatchingContext(this.deps.store);
    this.deps.output.appendLine(`Watching ${file.fsPath}${entry.script ? ` (script ${entry.script.fsPath})` : ''}; the panel updates as Keras appends epochs.`);
    await this.update(entry, false);
    this.deps.panels.open(run.info.id, { preserveFocus: true });
    return run.info.id;
  }

  /** Open TensorBoard Logs…: read a logdir (Keras, SummaryWriter, tensorboardX, Lightning) and follow it while it grows. */
  async openTensorBoard(uri: vscode.Uri | undefined, script: ScriptArg): Promise<string | undefined> {
    const folder =
      uri ?? (await vscode.window.showOpenDialog({ title: 'TensorBoard logdir', canSelectFiles: false, canSelectFolders: true, canSelectMany: false }))?.[0];
    if (!folder) return undefined;
    let first;
    try {
      first = await readLogdir(folder.fsPath);
    } catch (e) {
      return this.report(e, undefined, 'Cannot read the TensorBoard logs: ');
    }
    const run = new KerasRun({
      id: kerasRunId(`tb-${basename(folder.fsPath)}`, folder.fsPath),
      name: `${basename(folder.fsPath)} (TensorBoard, live)`,
      source: folder.fsPath,
      live: true,
      startedAt: new Date(),
    });
    const entry: KerasRunEntry = { run };
    if (!(await this.link(entry, script))) return undefined;
    run.replace(first.history);
    this.deps.store.set(entry);
    // Not remembered for a reload: the log is a folder that is read whole, not a file.
    entry.tail = tailLogdir(
      folder.fsPath,
      (log) => {
        run.replace(log.history);
        this.scheduleUpdate(entry);
      },
      { onError: (e) => this.deps.output.appendLine(`Following ${folder.fsPath}: ${errorMessage(e)}`) },
    );
    this.deps.output.appendLine(`TensorBoard logdir ${folder.fsPath} (${first.writer}): ${first.history.length} epochs; followed as it grows.`);
    for (const n of first.notes) this.deps.output.appendLine(`  ${n}`);
    await this.update(entry, false);
    this.deps.panels.open(run.info.id, { preserveFocus: true });
    return run.info.id;
  }

  /** Stops watching one run (or the one shown, or all when several and none is shown). */
  async stopWatching(runId?: string): Promise<boolean> {
    const live = this.deps.store.all().filter((e) => e.tail || e.control);
    const shown = this.deps.panels.shownRunId;
    const targets = runId
      ? live.filter((e) => e.run.info.id === runId)
      : live.some((e) => e.run.info.id === shown)
        ? live.filter((e) => e.run.info.id === shown)
        : live;
    if (targets.length === 0) {
      void vscode.window.showInformationMessage('Fitwatch is not watching any Keras log.');
      return false;
    }
    for (const e of targets) await this.stopEntry(e);
    return true;
  }

  /** Link Keras Log to Script…: (re)ties a Keras run to its script and re-diagnoses with the script's model. */
  async linkScript(runId: string | undefined, script: vscode.Uri | undefined): Promise<string | undefined> {
    const entry = runId ? this.deps.store.get(runId) : await this.pickRun();
    if (!entry) {
      if (runId) void vscode.window.showErrorMessage(`There is no Keras run ${runId} in this window; open the log again.`);
      return undefined;
    }
    const before = entry.script;
    if (!(await this.link(entry, script ?? undefined, true))) return undefined;
    if (before && before.toString() !== entry.script?.toString()) this.diagnostics.clear(before);
    this.remember(entry);
    await this.update(entry, !entry.run.live);
    return entry.script?.fsPath;
  }

  /** Train in Fitwatch for a script (the CodeLens, or the active editor). */
  async trainScript(uri: vscode.Uri | undefined, compareWith: string[] = []): Promise<string | undefined> {
    const doc = vscode.window.activeTextEditor?.document;
    const script = uri ?? (doc?.languageId === 'python' ? doc.uri : undefined);
    if (!script) {
      void vscode.window.showInformationMessage('Open the Keras script (the .py with model.fit) first, then run Train in Fitwatch.');
      return undefined;
    }
    return trainKerasScript(this.analyzer, script, compareWith);
  }

  /** Run with Fitwatch: the script runs unchanged with the user's Python, each fit live in the panel. Resolves with the run ids when it ends. */
  async runScript(uri: vscode.Uri | undefined): Promise<string[] | undefined> {
    const doc = vscode.window.activeTextEditor?.document;
    const script = uri ?? (doc?.languageId === 'python' ? doc.uri : undefined);
    if (!script) {
      void vscode.window.showInformationMessage('Open the Keras script (the .py with model.fit) first, then run Run with Fitwatch.');
      return undefined;
    }
    let spec;
    try {
      spec = coachContextFromScript((await this.analyzer.analyzeUri(script)).analysis).spec;
    } catch {
      spec = undefined; // a model Fitwatch cannot read still runs; its run folders get the curves-only spec
    }
    return this.scripts.run(script, spec);
  }

  /** The panel's "Apply" on a Keras run: the fix as an edit of the linked script (asking for the script if none). */
  async applyFix(runId: string, code: string, fixIndex: number): Promise<void> {
    if (!(await requireTrust('Apply fix'))) return;
    const entry = this.deps.store.get(runId);
    let fix = entry?.run.findings.find((f) => f.code === code)?.fixes[fixIndex];
    if (!entry || !fix) throw new Error(`The finding "${code}" of ${runId} has no fix #${fixIndex + 1} any more; the coach may have closed it.`);
    if (!entry.script) {
      if (!(await this.link(entry, undefined, true)) || !entry.script) return;
      await this.update(entry, !entry.run.live);
      // With the script's model the coach may choose other parameters: take its fix of the same kind.
      const kind = fix.kind;
      fix = entry.run.findings.find((f) => f.code === code)?.fixes.find((x) => x.kind === kind) ?? fix;
    }
    await this.applyToScript(entry.script, fix);
  }

  /** The panel's "Train again" on a Keras run: train the linked script in Fitwatch, overlaying the Keras curves. */
  async trainAgain(runId: string): Promise<void> {
    const entry = this.deps.store.get(runId);
    if (!entry?.script) {
      void vscode.window.showInformationMessage(
        'Link the Keras log to its script first (Fitwatch: Link Keras Log to Script…): Fitwatch trains the script’s model.',
      );
      return;
    }
    await this.trainScript(entry.script, [runId]);
  }

  /** The panel's "Reduce LR" on a Keras run: the live script's optimizer when Fitwatch runs it, else what works instead. */
  explainReduceLr(runId: string): void {
    const entry = this.deps.store.get(runId);
    if (entry?.control) {
      const factor = readRunSettings(entry.script).reduceLrFactor;
      if (entry.control.reduceLearningRate(factor)) this.deps.output.appendLine(`Keras run ${runId}: learning rate × ${factor} from the next batch.`);
      else void vscode.window.showInformationMessage('That fit has ended: the learning rate can only be changed while it trains.');
      return;
    }
    const where = entry?.script ? basename(entry.script.fsPath) : 'the script';
    void vscode.window.showInformationMessage(
      `Fitwatch cannot change the learning rate of a running Keras process. Add ReduceLROnPlateau to ${where} (a quick fix on model.fit) so Keras lowers it itself.`,
    );
  }

  override dispose(): void {
    for (const t of this.pending.values()) t.cancel();
    this.pending.clear();
    super.dispose();
  }

  /**
   * Brings a Keras run back after a window reload, for the panel serializer: a Keras run lives
   * in memory, so its log file is read again (a watched file as it is now, no longer watched).
   * False when the run was never remembered or its file cannot be read any more.
   */
  async restore(runId: string): Promise<boolean> {
    if (this.deps.store.has(runId)) return true;
    const remembered = this.remembered.find(runId);
    if (!remembered) return false;
    let log: KerasLog;
    try {
      log = parseKerasLog(await readFile(remembered.log, 'utf8'), remembered.log);
    } catch (e) {
      this.deps.output.appendLine(`Could not show ${remembered.log} again after the reload: ${errorMessage(e)}`);
      if (!existsSync(remembered.log)) await this.remembered.forget(runId);
      return false;
    }
    const run = new KerasRun({ id: runId, name: `${basename(remembered.log)} (Keras)`, source: remembered.log, live: false, startedAt: new Date() });
    const entry: KerasRunEntry = { run, logUri: vscode.Uri.file(remembered.log), script: remembered.script ? vscode.Uri.file(remembered.script) : undefined };
    await this.load(entry, log);
    this.deps.output.appendLine(`Keras log ${remembered.log}: shown again after the reload, ${log.history.length} epochs.`);
    return true;
  }

  // ---- internals ----

  /** Remember where a file-backed run's log is, so a reload can bring it back (clipboard imports cannot be). */
  private remember(entry: KerasRunEntry): void {
    if (!entry.logUri) return;
    void this.remembered.remember({ runId: entry.run.info.id, log: entry.logUri.fsPath, script: entry.script?.fsPath });
  }

  /** Fill a finished run from `log`, keep it (and where its file is), diagnose it; returns the coach's notes. */
  private async load(entry: KerasRunEntry, log: KerasLog): Promise<string[]> {
    entry.run.replace(log.history);
    entry.run.setPlannedEpochs(log.totalEpochs);
    this.deps.store.set(entry);
    this.remember(entry);
    const notes = await this.update(entry, true);
    entry.run.finish(entry.run.finishedStatus());
    return notes;
  }

  private async showImported(entry: KerasRunEntry, log: KerasLog, script: ScriptArg): Promise<string | undefined> {
    if (!(await this.link(entry, script))) return undefined;
    const notes = await this.load(entry, log);
    this.deps.panels.open(entry.run.info.id, { preserveFocus: true });
    const name = entry.logUri ? basename(entry.logUri.fsPath) : 'the clipboard';
    const out = this.deps.output;
    out.appendLine(
      `Keras log ${entry.logUri?.fsPath ?? 'from the clipboard'}: ${log.history.length} epochs (${log.format})${entry.script ? `, script ${entry.script.fsPath}` : ''}.`,
    );
    for (const n of [...log.notes, ...notes]) out.appendLine(`  ${n}`);
    for (const s of entry.run.whatIf) out.appendLine(`  What if: ${s}`);
    for (const f of entry.run.findings) out.appendLine(`  ${f.code}: ${f.message}`);
    const summary =
      `Fitwatch: ${log.history.length} epochs from ${name}${entry.script ? `, findings on ${basename(entry.script.fsPath)}` : ''}. ${[...log.notes, ...notes].join(' ')}`.trim();
    void vscode.window
      .showInformationMessage(summary, ...(entry.run.whatIf.length ? ['Show What-If'] : []))
      .then((pick) => (pick ? out.show(true) : undefined));
    return entry.run.info.id;
  }

  /**
   * Ties the entry to a script: the one given, the one whose CSVLogger writes the log, or the
   * user's pick (`ask` forces the question). False when the user cancelled.
   */
  private async link(entry: KerasRunEntry, script: ScriptArg, ask = false): Promise<boolean> {
    if (script !== undefined) {
      entry.script = script ?? undefined;
      return true;
    }
    if (!ask && entry.logUri) {
      const writers = await this.scriptsWriting(entry.logUri);
      if (writers.length === 1) {
        entry.script = writers[0];
        return true;
      }
    }
    const answer = await pickScript(entry.logUri ? basename(entry.logUri.fsPath) : 'this output');
    if (answer === 'cancelled') return false;
    entry.script = answer.script;
    return true;
  }

  /** Workspace scripts whose CSVLogger writes `log` (only files mentioning CSVLogger are parsed). */
  private async scriptsWriting(log: vscode.Uri): Promise<vscode.Uri[]> {
    const found = await vscode.workspace.findFiles('**/*.py', '**/{node_modules,.git,.fitwatch,.venv,venv,__pycache__}/**', MAX_SCRIPTS_SCANNED);
    const candidates: { script: string; scriptDir: string; loggerPath?: string }[] = [];
    for (const uri of found) {
      try {
        if (!(await readFile(uri.fsPath, 'utf8')).includes('CSVLogger')) continue;
        const { analysis } = await this.analyzer.analyzeUri(uri);
        candidates.push({ script: uri.fsPath, scriptDir: dirname(uri.fsPath), loggerPath: csvLoggerPath(analysis) });
      } catch {
        // An unreadable script cannot be the writer we are looking for.
      }
    }
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    return scriptsWritingLog(log.fsPath, candidates, roots).map((p) => vscode.Uri.file(p));
  }

  /** The coach's view of the run: the script's model when it reads, else the curves only (with why). */
  private async coachContext(entry: KerasRunEntry): Promise<{ ctx: KerasCoachContext; analysis?: PythonAnalysis }> {
    const run = entry.run;
    if (!entry.script) return { ctx: neutralCoachContext(run.history, run.info.totalEpochs, 'No script is linked to this log.') };
    let analysis: PythonAnalysis | undefined;
    try {
      analysis = (await this.analyzer.analyzeUri(entry.script)).analysis;
      if (run.plannedEpochCount === 0) run.setPlannedEpochs(analysis.fit?.epochs);
      return { ctx: coachContextFromScript(analysis), analysis };
    } catch (e) {
      const why = e instanceof FitwatchError ? e.problem.message : errorMessage(e);
      return {
        ctx: neutralCoachContext(run.history, run.info.totalEpochs, `${basename(entry.script.fsPath)} could not be read as a Keras model (${why}).`),
        analysis,
      };
    }
  }

  /** Re-runs the coach, refreshes the script's diagnostics and the panel; returns the coach's notes. */
  private async update(entry: KerasRunEntry, finished: boolean): Promise<string[]> {
    const { ctx, analysis } = await this.coachContext(entry);
    const diagnosis = this.deps.coachEnabled() ? diagnoseKerasRun(entry.run.history, ctx, finished, this.deps.coachConfig()) : { findings: [], whatIf: [] };
    entry.run.findings = diagnosis.findings;
    entry.run.whatIf = diagnosis.whatIf;
    if (entry.script && analysis) {
      this.diagnostics.show(entry.script, analysis, entry.run.info.id, diagnosis.findings, entry.run.info.source?.fitLine);
    }
    this.changeEmitter.fire(entry.run.info.id);
    return ctx.notes;
  }

  /** Coalesces a burst of tailed epochs into one coach run and one panel snapshot. */
  private scheduleUpdate(entry: KerasRunEntry): void {
    const id = entry.run.info.id;
    let throttle = this.pending.get(entry);
    if (!throttle) {
      throttle = new Throttle(() => {
        // A re-imported log replaced this entry: its throttle goes with it.
        if (this.deps.store.get(id) !== entry) return void this.pending.delete(entry);
        void this.update(entry, false).catch((e: unknown) => this.deps.output.appendLine(`Keras run ${id}: ${errorMessage(e)}`));
      }, LIVE_UPDATE_MS);
      this.pending.set(entry, throttle);
    }
    throttle.request();
  }

  /** A fit of a script run by Fitwatch began: keep it, diagnose it, show it. */
  private beginLive(entry: KerasRunEntry): void {
    this.deps.store.set(entry);
    updateScriptRunningContext(this.deps.store);
    void this.update(entry, false).catch((e: unknown) => this.deps.output.appendLine(`Keras run ${entry.run.info.id}: ${errorMessage(e)}`));
    this.deps.panels.open(entry.run.info.id, { preserveFocus: true });
  }

  /** A fit of a script run by Fitwatch ended: the final diagnosis on the whole history. */
  private async endLive(entry: KerasRunEntry): Promise<void> {
    this.pending.get(entry)?.cancel();
    this.pending.delete(entry);
    updateScriptRunningContext(this.deps.store);
    await this.update(entry, true);
  }

  private async stopEntry(entry: KerasRunEntry): Promise<void> {
    if (entry.control) {
      // The script's own process: Keras stops after the batch, and the fit's end finishes the run.
      entry.control.stop();
      this.deps.output.appendLine(`Stopping ${entry.run.info.id}: Keras stops after the current batch.`);
      return;
    }
    entry.tail?.dispose();
    entry.tail = undefined;
    updateWatchingContext(this.deps.store);
    this.pending.get(entry)?.cancel();
    this.pending.delete(entry);
    entry.run.finish('stopped');
    await this.update(entry, true);
    this.deps.output.appendLine(`Stopped watching ${entry.logUri?.fsPath ?? entry.run.info.id} after ${entry.run.info.epochs} epochs.`);
  }

  private stopAllWatching(): void {
    for (const e of this.deps.store.all()) if (e.tail) void this.stopEntry(e);
  }

  private async pickRun(): Promise<KerasRunEntry | undefined> {
    const all = this.deps.store.all();
    const shown = all.find((e) => e.run.info.id === this.deps.panels.shownRunId);
    if (shown) return shown;
    if (all.length <= 1) {
      if (all.length === 0) void vscode.window.showInformationMessage('Open a Keras log first (Fitwatch: Open Keras Log…).');
      return all[0];
    }
    const pick = await vscode.window.showQuickPick(
      all.map((e) => ({ label: e.run.info.specName ?? e.run.info.id, description: e.script ? basename(e.script.fsPath) : 'no script', e })),
      { title: 'Which Keras log?' },
    );
    return pick?.e;
  }

  /** Applies a coach fix to the script as a workspace edit and shows the script. */
  private async applyToScript(script: vscode.Uri, fix: Fix): Promise<void> {
    const [pyFix] = pythonFixes([fix]);
    try {
      if (!pyFix)
        throw new FitwatchError({
          code: 'keras/fix-unsupported',
          message: `The fix '${fix.title}' has no Python form.`,
          fix: 'Apply it by hand, or train the model in Fitwatch (Train in Fitwatch on model.fit).',
          location: { file: script.fsPath },
        });
      const doc = await vscode.workspace.openTextDocument(script);
      const analysis = await this.analyzer.analyze(doc);
      const edits = pythonEditsForFix(doc.getText(), analysis, pyFix);
      await vscode.window.showTextDocument(doc, { preview: false });
      if (edits.length === 0) {
        void vscode.window.showInformationMessage(`${basename(script.fsPath)} already has this change (${fix.title}).`);
        return;
      }
      if (!(await vscode.workspace.applyEdit(workspaceEditOf(doc, edits)))) throw new Error(`VS Code refused the edit of ${script.fsPath}.`);
      void vscode.window.showInformationMessage(`Applied "${fix.title}" to ${basename(script.fsPath)}. Run the script again to see its effect.`);
    } catch (e) {
      await this.report(e, script, '');
    }
  }

  /** After "Add CSVLogger": offers to watch the file the script will write. */
  private async offerWatch(script: vscode.Uri): Promise<void> {
    const analysis = (await this.analyzer.analyzeUri(script)).analysis;
    const file = csvLoggerFileOf(analysis) ?? vscode.Uri.joinPath(script, '..', CSV_LOGGER_FILE).fsPath;
    const pick = await vscode.window.showInformationMessage(
      `Added a CSVLogger to ${basename(script.fsPath)}: it writes ${basename(file)} as the script trains. Watch it now, then run the script?`,
      'Watch Now',
    );
    if (pick) await this.watchCsv(vscode.Uri.file(file), script);
  }

  /** Shows a FitwatchError with "Open"; rethrows anything else. */
  private async report(e: unknown, file: vscode.Uri | undefined, prefix: string): Promise<undefined> {
    if (!(e instanceof FitwatchError)) throw e;
    await showProblem(e.problem, file ? dirname(file.fsPath) : undefined, prefix);
    return undefined;
  }
}
