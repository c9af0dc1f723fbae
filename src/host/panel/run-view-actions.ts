/**
 * Completes a run view before the panel gets it: what the panel may offer (Apply fix, Train
 * again, Resume) and, when it may not, why; what happened to an interrupted run; and, for a run
 * reopened from disk (Open Run…, a restored panel after a reload), its findings put back in
 * Problems on its spec while that spec still trains the same thing. The decisions themselves
 * are pure (src/runs/run-actions.ts); this adds workspace trust and the window's own records.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { RunActions, RunView } from '../../shared/protocol/panel';
import { parseSpec } from '../../shared/spec/index';
import {
  editBlockedReason,
  interruptionText,
  isInterrupted,
  locateRunSpec,
  planResume,
  readSpecSnapshot,
  sameSpec,
  UNTRUSTED_REASON,
  type RunSpecFile,
} from '../../runs/run-actions';
import type { FitwatchDiagnostics } from '../diagnostics';
import type { RunRepository } from '../runs/run-repository';
import type { TrainingManager } from '../training/training-manager';
import { windowInterruptionText, type WindowInterruptions } from '../training/window-interruptions';

/** Statuses a run the window left behind may have on disk (a graceful stop at shutdown writes `stopped`). */
const LEFT_BEHIND = new Set(['running', 'interrupted', 'stopped', 'failed']);

/** What the preparer reads. */
export interface RunViewActionsDeps {
  repo: RunRepository;
  manager: TrainingManager;
  diagnostics: FitwatchDiagnostics;
  interruptions: WindowInterruptions;
  /** Runs that are not Fitwatch run folders (Keras logs): only trust applies to them. */
  isForeign(runId: string): boolean;
}

/** Adds `actions` to run views and republishes reopened runs' findings. */
export class RunViewActions {
  constructor(private readonly d: RunViewActionsDeps) {}

  /** The view with its actions; also puts a reopened run's findings in Problems. */
  async prepare(view: RunView): Promise<RunView> {
    const trusted = vscode.workspace.isTrusted;
    const id = view.info.id;
    if (this.d.isForeign(id)) return trusted ? view : { ...view, actions: { editBlocked: UNTRUSTED_REASON } };
    const session = this.d.manager.get(id);
    const loc = this.d.repo.locate(id);
    const actions: RunActions = {};
    // A session's spec is the one this window trained; a disk run's path is only run.json's say-so.
    let spec: RunSpecFile;
    if (session) spec = { ok: true, specFile: session.target.specUri.fsPath, relPath: session.target.specRelative };
    else if (loc) spec = locateRunSpec(loc.root, loc.dir, view.info);
    else spec = { ok: false, reason: 'the run folder is no longer in the workspace.' };
    const blocked = editBlockedReason(trusted, spec);
    if (blocked) actions.editBlocked = blocked;

    const live = session?.live ?? false;
    const recorded = this.d.interruptions.find(id);
    const leftBehind = recorded !== undefined && LEFT_BEHIND.has(view.info.status);
    if (!live && loc && (isInterrupted(view.info, live) || leftBehind)) {
      actions.interrupted = interruptionText(view.info, recorded && windowInterruptionText(recorded, view.info.epochs));
      const plan = planResume(loc.root, loc.dir, view.info, live);
      if (!trusted) actions.resumeBlocked = UNTRUSTED_REASON;
      else if (plan.ok) actions.resumable = true;
      else actions.resumeBlocked = plan.reason;
    }
    if (!session && loc && spec.ok) await this.republish(view, loc.dir, spec.specFile);
    return { ...view, actions };
  }

  /**
   * A reopened run's findings go back to Problems on its spec, placed in the spec's current
   * text, but only while that spec still parses to the spec the run trained (else they would
   * describe a model that is no longer there) and no live run of it owns its diagnostics.
   */
  private async republish(view: RunView, runDir: string, specFile: string): Promise<void> {
    const uri = vscode.Uri.file(specFile);
    if (this.d.manager.liveForSpec(uri)) return;
    const snapshot = readSpecSnapshot(runDir);
    if ('problem' in snapshot) return;
    let text: string;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === specFile);
      text = open ? open.getText() : await readFile(specFile, 'utf8');
    } catch {
      return;
    }
    const { spec } = parseSpec(text, specFile);
    if (!spec || !sameSpec(spec, snapshot.spec)) return;
    this.d.diagnostics.showFindings(uri, text, view.info.id, view.findings);
  }
}
