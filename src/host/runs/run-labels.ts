/**
 * How runs are named in quick picks and in the panel's comparison picker:
 * spec name, date, status and best val_loss, so runs of one spec can be told apart.
 */
import type { RunChoice } from '../../shared/protocol/panel';
import type { RunInfo, RunStatus } from '../../shared/run';
import { formatMetric } from '../training/status-text';

/** A quick-pick row for a run (structurally a `vscode.QuickPickItem` plus the run id). */
export interface RunPickItem {
  label: string;
  description: string;
  detail: string;
  runId: string;
}

const STATUS_WORDS: Record<RunStatus, string> = {
  running: 'running',
  completed: 'completed',
  earlyStopped: 'early stopped',
  stopped: 'stopped',
  diverged: 'diverged',
  failed: 'failed',
  interrupted: 'interrupted',
};

/** `2026-11-27 14:03`, in local time, for lists where seconds are noise. */
export function formatRunDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** `best val_loss 0.1317 @ 456`, or '' when the run has no best yet. */
export function formatBest(info: RunInfo): string {
  if (info.bestValue === undefined) return '';
  const at = info.bestEpoch !== undefined ? ` @ ${info.bestEpoch + 1}` : '';
  return `best ${info.monitor ?? 'val_loss'} ${formatMetric(info.bestValue)}${at}`;
}

/** The words for a run's status; `running` without a live process reads as interrupted. */
export function formatStatus(status: RunStatus, live: boolean): string {
  return status === 'running' && !live ? 'interrupted' : STATUS_WORDS[status];
}

/** The quick-pick row of a run. `live` says whether a trainer is attached right now. */
export function runPickItem(info: RunInfo, live = false): RunPickItem {
  const name = info.specName ?? info.specPath ?? info.id;
  const best = formatBest(info);
  const description = [formatRunDate(info.startedAt), formatStatus(info.status, live), best].filter(Boolean).join(' · ');
  const details = [`${info.epochs}/${info.totalEpochs} epochs`];
  if (info.backend) details.push(info.engine ? `${info.backend}/${info.engine}` : info.backend);
  if (info.dataset) details.push(`${info.dataset.source} (${info.dataset.rows}×${info.dataset.features})`);
  details.push(info.id);
  return { label: name, description, detail: details.join(' · '), runId: info.id };
}

/** The panel's comparison-picker entry for a run. */
export function runChoice(info: RunInfo): RunChoice {
  const best = formatBest(info);
  return { id: info.id, label: [formatRunDate(info.startedAt), best].filter(Boolean).join(' · ') };
}
