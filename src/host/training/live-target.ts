/** Which live run a Stop or Reduce LR command means. */
import * as vscode from 'vscode';
import { toRunIds } from '../command-args';
import type { CurvesPanelHost } from '../panel/curves-panel';
import { toSpecUri } from './train-command';
import type { TrainingManager } from './training-manager';
import type { TrainingSession } from './training-session';

/** The given run or spec, the one shown, the only one, or a pick. */
export async function liveTarget(arg: unknown, manager: TrainingManager, panels: CurvesPanelHost): Promise<TrainingSession | undefined> {
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
    live.map((s) => ({
      label: s.run.info.specName ?? s.target.specRelative,
      description: `${s.run.info.epochs}/${s.run.info.totalEpochs} epochs`,
      detail: s.target.runId,
      s,
    })),
    { title: 'Which run?' },
  );
  return pick?.s;
}
