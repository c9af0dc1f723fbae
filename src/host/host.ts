/**
 * The extension host's wiring: the shared models (training manager, run repository, run
 * sources, diagnostics), then each feature folder registers its commands and providers.
 * Every disposable is owned by one store that `context.subscriptions` owns; `shutdown` stops
 * live runs gracefully first.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FitwatchError } from '../shared/location';
import { TrainerProcess } from '../trainer/client';
import type { RunInfo } from '../shared/run';
import { locateJsonPath, parseSpec } from '../shared/spec/index';
import { FitwatchDiagnostics } from './diagnostics';
import { DisposableStore } from './dispose';
import { registerKeras } from './keras/index';
import { registerPanel } from './panel/index';
import { showProblem } from './problem-message';
import { registerRuns } from './runs/index';
import { RunRepository } from './runs/run-repository';
import { RunSources } from './runs/run-source';
import { readRunSettings } from './settings';
import { registerSpecEditor } from './spec-editor/index';
import { diagnoseFinished, makeCoachFactory, readCoachConfig } from './training/coach-adapter';
import { registerTraining } from './training/index';
import { TrainingManager } from './training/training-manager';
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
  const output = store.add(vscode.window.createOutputChannel('Fitwatch', { log: true }));

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
    new TrainingManager(
      () => new TrainerProcess({ trainerPath: join(context.extensionUri.fsPath, 'dist', 'trainer.js') }),
      output,
      makeCoachFactory(() => readRunSettings().coachEnabled, coachConfig),
    ),
  );
  const repo = new RunRepository(manager, (history, spec, text) => diagnoseFinished(history, spec, text, coachConfig()));
  // Every run the panel shows comes from a source (Fitwatch runs, Keras runs), routed by run id.
  const sources = store.add(new RunSources());
  const diagnostics = store.add(
    new FitwatchDiagnostics(
      (text, path) => locateJsonPath(text, '', path),
      (doc) => parseSpec(doc.getText(), doc.uri.fsPath).problems,
    ),
  );

  const interruptions = new WindowInterruptions(context.workspaceState);
  // Keras runs come from another source (their ids carry its prefix): only trust applies to them.
  const runViewActions = new RunViewActions({ repo, manager, diagnostics, interruptions, isForeign: (id) => sources.of(id).idPrefix !== '' });
  const panels = registerPanel(store, context, { sources, manager, newestRunId: () => repo.newestRunId(), prepare: (view) => runViewActions.prepare(view) });
  registerResume(store, { manager, repo, panels, interruptions, output });
  store.add(manager.onDidStart((session) => interruptions.follow(session)));
  // Trusting the workspace turns Apply fix, Train again and Resume on: the panel says so at once.
  store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => panels.refresh()));
  const fixFlow = registerSpecEditor(store, diagnostics);
  registerTraining(store, { context, output, manager, repo, sources, panels, diagnostics, fixFlow });
  const keras = registerKeras(store, context, { sources, panels, output, coachConfig });
  registerRuns(store, repo, sources, manager, panels, keras.kerasRuns);

  const api: FitwatchApi = {
    runs: () =>
      manager.all().map((s) => ({
        runId: s.target.runId,
        specUri: s.target.specUri.toString(),
        live: s.live,
        info: { ...s.run.info },
        findings: s.run.findings.map((f) => f.code),
      })),
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
