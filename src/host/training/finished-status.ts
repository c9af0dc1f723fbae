/**
 * The status-bar text of a run that just ended. A fast run is over in well under a second, so
 * without a closing line the user would never see how it finished; the item keeps it briefly.
 * Pure, so the exact format is unit-tested.
 */
import type { RunStatus } from '../../shared/run';
import { formatLossPair, type RunProgress } from './status-text';

const ENDINGS: Record<Exclude<RunStatus, 'running'>, { icon: string; word: string }> = {
  completed: { icon: '$(check)', word: 'done' },
  earlyStopped: { icon: '$(check)', word: 'early stop' },
  stopped: { icon: '$(debug-stop)', word: 'stopped' },
  diverged: { icon: '$(warning)', word: 'diverged' },
  failed: { icon: '$(error)', word: 'failed' },
  interrupted: { icon: '$(debug-pause)', word: 'interrupted' },
};

/** `$(check) Fitwatch 150/150 loss 0.1446 val 0.2226 done` for an ended run (`running` reads as ended too). */
export function formatFinishedStatusText(status: RunStatus, p: RunProgress): string {
  const ending = ENDINGS[status === 'running' ? 'stopped' : status];
  const parts = [`${ending.icon} Fitwatch`];
  if (p.last) {
    parts[0] += ` ${p.last.epoch + 1}/${p.totalEpochs}`;
    const losses = formatLossPair(p.last);
    if (losses) parts.push(losses);
  }
  parts.push(ending.word);
  return parts.join(' ');
}
