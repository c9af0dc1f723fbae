/**
 * Builds the extension host side and registers the commands. Every disposable is owned by
 * one store that `context.subscriptions` owns; `shutdown` stops live runs gracefully first.
 */
import * as vscode from 'vscode';
import type { Fix } from '../shared/findings';
import { formatLearningRate } from '../shared/metrics';
import type { RunInfo } from '../shared/run';
import { locateJsonPath, parseSpec } from '../shared/spec/index';
import { diagnoseFinished, makeCoachFactory, readCoachConfig } from './training/coach-adapter';
import { FitwatchCodeActions, FIX_APPLIED_COMMAND, SPEC_SELECTOR } from './spec-editor/code-actions';
import { CurvesPanelHost, type PanelActions } from './panel/curves-panel';
import { FitwatchDiagnostics } from './diagnostics';
import { DisposableStore } from './dispose';
import { FindingNotifier } from './training/finding-notifier';
import { FixFlow } from './spec-editor/fix-flow';
import { newSpecFromDataset } from './spec-editor/new-spec-command';
import { showProblem } from './problem-message';
import { toNewSpecOptions, toRunIds, toTrainOptions } from './command-args';
import { RunCommands } from './runs/run-commands';
import { KerasBridge } from './keras/bridge';
import { KerasAwareRunRepository } from './keras/run-repository';
import { KerasRunStore } from './keras/run-store';
import { readRunSettings } from './settings';
import { TrainingStatusBar } from './training/status-bar';
import { toSpecUri, TrainCommand } from './training/train-command';
import { createTrainerHandle } from './training/trainer-adapter';
import { TrainingManager } from './training/training-manager';
import type { TrainingSession } from './training/training-session';
import { FitwatchError } from '../shared/location';
import { RunViewActions } from './panel/run-view-actions';
import { registerResume } from './training/resume-command';
import { WindowInterruptions } from './training/window-interruptions';

/** A run as the extension's API reports it (for the in-editor tests and other extensions). */
export interface ApiRun {
  runId: string;
  specUri: string;
  live: boolean;
  info: RunInfo;
  findings: string[];
}

/** What `activate` returns: observation points for tests; commands stay the way to act. */
export interface FitwatchApi {
  /** The runs this window started (live and recently finished). */
  runs(): ApiRun[];
  /** Resolves with the final info once a run of this window has ended; undefined for unknown ids. */
  whenEnded(runId: string): Promise<RunInfo | undefined>;
}

/** The activated host: its API and a graceful shutdown for `deactivate`. */
export interface ActivatedHost {
  api: FitwatchApi;
  shutdown(): Promise<void>;
}

/** Creates everything and registers the commands. */
export function activateHost(context: vscode.ExtensionContext): ActivatedHost {
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const output = store.add(vscode.window.createOutputChannel('Fitwatch'));

  let configProblemShown = false;
  const coachConfig = (): ReturnType<typeof readCoachConfig> => {
    try {
      return readCoachConfig();
    } catch (e) {
      if (!(e instanceof FitwatchError)) throw e;
      if (!configProblemShown) void showProblem(e.problem, undefined);
      configProblemShown = true;
      return {};
    }
  };
  const manager = store.add(
    new TrainingManager(() => createTrainerHandle(context.extensionUri.fsPath), output, makeCoachFactory(() => readRunSettings().coachEnabled, coachConfig)),
  );
  // Keras logs are runs in memory; the repository serves them to the panel like runs on disk.
  const kerasRuns = new KerasRunStore();
  const repo = new KerasAwareRunRepository(manager, (history, spec, text) => diagnoseFinished(history, spec, text, coachConfig()), kerasRuns);
  const diagnostics = store.add(
    new FitwatchDiagnostics(
      (text, path) => locateJsonPath(text, '', path),
      (doc) => parseSpec(doc.getText(), doc.uri.fsPath).problems,
    ),
  );

  // The panel, the fix flow and the commands refer to each other; `late` is filled in below.
  const late: { train?: TrainCommand; runs?: RunCommands; keras?: KerasBridge } = {};
  const trainAndCompare = (uri: vscode.Uri, compareWith: string[]): Promise<string | undefined> =>
    late.train ? late.train.train(uri, { compareWith }) : Promise.resolve(undefined);
  const fixFlow = new FixFlow(trainAndCompare);

  const reduceLr = (session: TrainingSession | undefined): number | undefined => {
    if (!session?.live) {
      void vscode.window.showInformationMessage('No run is training: the learning rate can only be reduced while a run is live.');
      return undefined;
    }
    const r = session.reduceLearningRate(readRunSettings(session.target.specUri).reduceLrFactor);
    if (!r) return undefined;
    const text = `Learning rate of ${session.target.runId}: ${formatLearningRate(r.from)} → ${formatLearningRate(r.to)} from the next batch.`;
    output.appendLine(text);
    vscode.window.setStatusBarMessage(`$(arrow-down) ${text}`, 4000);
    return r.to;
  };

  const findingFix = async (runId: string, code: string, fixIndex: number): Promise<Fix | undefined> => {
    const view = manager.get(runId)?.run.view() ?? (await repo.view(runId));
    return view?.findings.find((f) => f.code === code)?.fixes[fixIndex];
  };

  const actions: PanelActions = {
    stop: async (runId) => (late.keras?.owns(runId) ? void (await late.keras.stopWatching(runId)) : manager.get(runId)?.stop()),
    reduceLr: async (runId) => (late.keras?.owns(runId) ? late.keras.explainReduceLr(runId) : void reduceLr(manager.get(runId))),
    applyFix: async (runId, code, fixIndex) => {
      if (late.keras?.owns(runId)) return late.keras.applyFix(runId, code, fixIndex);
      const fix = await findingFix(runId, code, fixIndex);
      const specUri = await repo.specUriOf(runId);
      if (!fix) throw new Error(`The finding "${code}" of run ${runId} has no fix #${fixIndex + 1} any more; the coach may have closed it.`);
      if (!specUri) throw new Error(`The spec of run ${runId} is no longer in the workspace, so the fix has nowhere to go.`);
      await fixFlow.apply(specUri, runId, fix);
    },
    trainAgain: async (runId) => {
      if (late.keras?.owns(runId)) return late.keras.trainAgain(runId);
      const specUri = await repo.specUriOf(runId);
      if (!specUri) throw new Error(`The spec of run ${runId} is no longer in the workspace.`);
      await trainAndCompare(specUri, [runId]);
    },
    exportPng: async (runId, png) => void (await late.runs?.exportPng(runId, png)),
    exportCsv: async (runId) => void (await late.runs?.exportCsv(runId)),
    restore: async (runId) => (await late.keras?.restore(runId)) ?? false,
    prepare: (view) => runViewActions.prepare(view),
  };
  const interruptions = new WindowInterruptions(context.workspaceState);
  const runViewActions = new RunViewActions({ repo, manager, diagnostics, interruptions, isForeign: (id) => late.keras?.owns(id) ?? false });
  const panels = store.add(new CurvesPanelHost(context, repo, manager, actions));
  registerResume(store, { manager, repo, panels, interruptions, output });
  store.add(manager.onDidStart((session) => interruptions.follow(session)));
  // Trusting the workspace turns Apply fix, Train again and Resume on: the panel says so at once.
  store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => panels.refresh()));
  const train = new TrainCommand(manager, diagnostics, panels);
  const runs = new RunCommands(repo, manager, panels);
  late.train = train;
  late.runs = runs;
  late.keras = store.add(
    new KerasBridge({ extensionPath: context.extensionUri.fsPath, store: kerasRuns, panels, output, coachEnabled: () => readRunSettings().coachEnabled, coachConfig, memento: context.workspaceState }),
  );
  store.add(new TrainingStatusBar(manager));
  store.add(new FindingNotifier(manager, diagnostics, fixFlow, context.globalState, (id) => panels.open(id)));
  store.add(vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, new FitwatchCodeActions(diagnostics), FitwatchCodeActions.metadata));

  /** The live run a Stop / Reduce LR means: the given run or spec, the one shown, the only one, or a pick. */
  const liveTarget = async (arg: unknown): Promise<TrainingSession | undefined> => {
    const [id] = toRunIds(arg);
    if (id) return manager.get(id);
    const uri = toSpecUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
    const bySpec = uri && manager.liveForSpec(uri);
    if (bySpec) return bySpec;
    const live = manager.live();
    const shown = panels.shownRunId && manager.get(panels.shownRunId);
    if (shown && shown.live) return shown;
    if (live.length <= 1) return live[0];
    const pick = await vscode.window.showQuickPick(
      live.map((s) => ({ label: s.run.info.specName ?? s.target.specRelative, description: `${s.run.info.epochs}/${s.run.info.totalEpochs} epochs`, detail: s.target.runId, s })),
      { title: 'Which run?' },
    );
    return pick?.s;
  };

  const command = (id: string, fn: (...args: unknown[]) => unknown): void => {
    store.add(vscode.commands.registerCommand(id, fn));
  };
  command('fitwatch.train', (uri, options) => train.train(uri, toTrainOptions(options)));
  command('fitwatch.trainDataset', (uri, options) => train.trainDataset(uri, toTrainOptions(options)));
  command('fitwatch.stop', async (arg) => {
    const session = await liveTarget(arg);
    if (!session?.live) {
      void vscode.window.showInformationMessage('No Fitwatch run is training.');
      return false;
    }
    await session.stop();
    return true;
  });
  command('fitwatch.reduceLr', async (arg) => reduceLr(await liveTarget(arg)));
  command('fitwatch.showCurves', async (arg) => {
    const [id] = toRunIds(arg);
    const uri = toSpecUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
    const runId = id ?? (uri && manager.latestForSpec(uri)?.target.runId) ?? (await repo.newestRunId());
    if (!runId) {
      const pick = await vscode.window.showInformationMessage('There are no runs to show yet.', 'Train Model');
      if (pick) await vscode.commands.executeCommand('fitwatch.train');
      return undefined;
    }
    panels.open(runId);
    return runId;
  });
  command('fitwatch.newSpec', (uri, options) => newSpecFromDataset(toSpecUri(uri), toNewSpecOptions(options)));
  command('fitwatch.openRun', (arg) => runs.openRun(arg));
  command('fitwatch.compareRuns', (arg) => runs.compareRuns(arg));
  command('fitwatch.exportCurves', (format, runId, target) => runs.exportCurves(format, runId, target));
  command(FIX_APPLIED_COMMAND, (uri, runId, title) => {
    if (uri instanceof vscode.Uri && typeof runId === 'string') return fixFlow.offerTrainAgain(uri, runId, typeof title === 'string' ? title : 'the fix');
    return undefined;
  });

  const api: FitwatchApi = {
    runs: () =>
      manager.all().map((s) => ({ runId: s.target.runId, specUri: s.target.specUri.toString(), live: s.live, info: { ...s.run.info }, findings: s.run.findings.map((f) => f.code) })),
    whenEnded: async (runId) => {
      const s = manager.get(runId);
      if (!s) return undefined;
      await s.ended;
      return { ...s.run.info };
    },
  };
  return {
    api,
    shutdown: async () => {
      // Written before the runs are stopped: after a reload the panel says what happened and offers Resume.
      await interruptions.record(manager.live().map((s) => ({ runId: s.target.runId, epochs: s.run.info.epochs, totalEpochs: s.run.info.totalEpochs })));
      await manager.stopAll();
      store.dispose();
    },
  };
}
