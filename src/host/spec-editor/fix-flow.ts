/**
 * What happens around a fix: apply it to the spec (from the panel, a notification or a quick
 * fix), then offer "Train Again and Compare", which overlays the run the fix came from.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Fix } from '../../shared/findings';
import { requireTrust } from '../trust';
import { applyFixToSpec } from './spec-edits';

/** Starts a run of a spec overlaying earlier runs; the train command implements it. */
export type TrainAndCompare = (specUri: vscode.Uri, compareWith: string[]) => Promise<string | undefined>;

/** Applies fixes and offers the follow-up run. */
export class FixFlow {
  constructor(private readonly trainAndCompare: TrainAndCompare) {}

  /** Applies `fix` to the spec and offers to train again; false when it was already applied (or the workspace is not trusted). */
  async apply(specUri: vscode.Uri, runId: string, fix: Fix): Promise<boolean> {
    if (!(await requireTrust('Apply fix'))) return false;
    const changed = await applyFixToSpec(specUri, fix);
    if (!changed) {
      void vscode.window.showInformationMessage(`${basename(specUri.fsPath)} already has this change (${fix.title}).`);
      return false;
    }
    void this.offerTrainAgain(specUri, runId, fix.title);
    return true;
  }

  /** "Applied …: train again and compare?" — resolves with the new run id if the user said yes. */
  async offerTrainAgain(specUri: vscode.Uri, runId: string, title: string): Promise<string | undefined> {
    const pick = await vscode.window.showInformationMessage(`Applied "${title}" to ${basename(specUri.fsPath)}.`, 'Train Again and Compare');
    return pick ? this.trainAndCompare(specUri, [runId]) : undefined;
  }
}
