/**
 * "Resume Interrupted Run" (palette, and the panel's Resume button): continues a run that a
 * window reload, a crash or a kill cut short, from its last checkpoint, in the same run folder
 * and on the same curves. The run folder's own spec snapshot is what trains (the model it was
 * training, whatever the spec file says now); every path it names is checked first.
 */
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { withLiveness } from '../../runs/liveness';
import { isInterrupted, planResume } from '../../runs/run-actions';
import { readRun } from '../../runs/read';
import { RUN_FILES } from '../../shared/run';
import { toRunIds } from '../command-args';
import type { DisposableStore } from '../dispose';
import type { CurvesPanelHost } from '../panel/curves-panel';
import { showProblem } from '../problem-message';
import type { RunRepository } from '../runs/run-repository';
import { readRunSettings } from '../settings';
import { requireTrust } from '../trust';
import type { TrainingManager } from './training-manager';
import type { WindowInterruptions } from './window-interruptions';

/** The command id. */
export const RESUME_COMMAND = 'fitwatch.resume';

/** What resuming needs. */
export interface ResumeDeps {
  manager: TrainingManager;
  repo: RunRepository;
  panels: CurvesPanelHost;
  interruptions: WindowInterruptions;
  output: vscode.OutputChannel;
}

function posixRelative(root: string, p: string): string {
  return relative(root, p).split(sep).join('/');
}

/** Resumes `runId` (or a picked interrupted run); resolves with the run id once its trainer started. */
export async function resumeRun(d: ResumeDeps, arg?: unknown): Promise<string | undefined> {
  let runId: string | undefined = toRunIds(arg)[0];
  if (!runId) runId = await pickInterrupted(d);
  if (!runId) return undefined;
  const live = d.manager.get(runId);
  if (live?.live) {
    d.panels.open(runId, { preserveFocus: true });
    return runId;
  }
  if (!(await requireTrust('Resume'))) return undefined;
  const loc = d.repo.locate(runId);
  if (!loc) {
    void vscode.window.showErrorMessage(`Run ${runId} was not found in .fitwatch/runs of any workspace folder.`);
    return undefined;
  }
  const { history, events, info: raw } = readRun(loc.dir);
  const info = withLiveness(raw);
  const plan = planResume(loc.root, loc.dir, info, false);
  if (!plan.ok) {
    if (plan.problem) void showProblem(plan.problem, loc.root, `Run ${runId} cannot be resumed: `);
    else void vscode.window.showErrorMessage(`Run ${runId} cannot be resumed: ${plan.reason}`);
    return undefined;
  }
  const settings = readRunSettings(plan.specFile ? vscode.Uri.file(plan.specFile) : undefined);
  // The checkpoint is the truth for where training goes on; rows after it are redone.
  const kept = history.filter((r) => r.epoch < plan.fromEpoch);
  const specUri = vscode.Uri.file(plan.specFile ?? join(loc.dir, RUN_FILES.spec));
  const session = d.manager.start(
    {
      specUri,
      specText: plan.specText,
      spec: plan.spec,
      specRelative: posixRelative(loc.root, specUri.fsPath),
      workspaceRoot: loc.root,
      runId,
      runDir: loc.dir,
      runDirRelative: posixRelative(loc.root, loc.dir),
      compareWith: [],
    },
    {
      backend: settings.backend,
      engine: settings.engine,
      ...(settings.maxThreads ? { threads: settings.maxThreads } : {}),
      healthEvery: settings.healthEvery,
      stopTimeoutMs: settings.stopTimeoutMs,
      resume: { from: loc.dir, info, history: kept, events: events.filter((e) => e.epoch < plan.fromEpoch) },
    },
  );
  session.onDidFail((problem) => void showProblem(problem, loc.root, `Run ${runId} could not resume: `));
  d.repo.forget(runId);
  d.output.appendLine(`Run ${runId}: resuming from epoch ${plan.fromEpoch} of ${plan.spec.fit.epochs} in ${posixRelative(loc.root, loc.dir)}.`);
  d.panels.open(runId, { preserveFocus: true });
  return runId;
}

/** A quick pick of the runs that can be resumed, newest first. */
async function pickInterrupted(d: ResumeDeps): Promise<string | undefined> {
  const runs = (await d.repo.list()).filter((r) => {
    const info = withLiveness(r.info);
    return isInterrupted(info, d.manager.get(info.id)?.live ?? false) || d.interruptions.find(info.id) !== undefined;
  });
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No run was interrupted: there is nothing to resume.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    runs.map((r) => ({
      label: r.info.specName ?? r.info.id,
      description: `${r.info.epochs}/${r.info.totalEpochs} epochs`,
      detail: r.info.id,
      runId: r.info.id,
    })),
    { title: 'Resume Interrupted Run', placeHolder: 'Pick the run to continue from its last checkpoint' },
  );
  return pick?.runId;
}

/** Registers the command. */
export function registerResume(store: DisposableStore, d: ResumeDeps): void {
  store.add(vscode.commands.registerCommand(RESUME_COMMAND, (arg: unknown) => resumeRun(d, arg)));
}
