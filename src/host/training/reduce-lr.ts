/** Reduce LR on a live Fitwatch run: the factor from the settings, said in the output channel and the status bar. */
import * as vscode from 'vscode';
import { formatLearningRate } from '../../shared/metrics';
import { readRunSettings } from '../settings';
import type { TrainingSession } from './training-session';

/** Lowers the learning rate of `session` from the next batch; the new rate, or undefined when it is not live. */
export function reduceLearningRate(session: TrainingSession | undefined, output: vscode.OutputChannel): number | undefined {
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
}
