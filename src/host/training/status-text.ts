/**
 * Text of the status-bar item and the progress notification, kept pure so the exact
 * format (`$(pulse) Fitwatch 83/1000 loss 0.2036 val 0.2375 ETA 3m`) is unit-tested.
 */
import { estimateRemainingMs as remainingFromDurations, formatDuration } from '../../shared/eta';
import type { EpochRecord } from '../../shared/metrics';
import { formatMetric } from '../../shared/trainer-text';

/** What the status bar needs to know about one live run. */
export interface RunProgress {
  /** The latest finished epoch, if any. */
  last?: EpochRecord;
  totalEpochs: number;
  /** Durations of the finished epochs in order, for the ETA (the panel's estimate, src/shared/eta.ts). */
  durationsMs: readonly number[];
  /** Whether the trainer is still loading data / building the model. */
  starting: boolean;
  /** Other live runs besides this one, shown as `+N`. */
  others?: number;
}

/** Estimated time left: the same estimate as the panel's header (median of the recent epochs, first one left out). */
export function estimateRemainingMs(p: RunProgress): number | undefined {
  if (!p.last) return undefined;
  return remainingFromDurations(p.durationsMs, Math.max(0, p.totalEpochs - (p.last.epoch + 1)));
}

/** The loss and val_loss of an epoch as `loss 0.2036 val 0.2375` (val omitted when absent). */
export function formatLossPair(rec: EpochRecord): string {
  const parts: string[] = [];
  if (rec.logs.loss !== undefined) parts.push(`loss ${formatMetric(rec.logs.loss)}`);
  if (rec.logs.val_loss !== undefined) parts.push(`val ${formatMetric(rec.logs.val_loss)}`);
  return parts.join(' ');
}

/** The status-bar text of the most recent live run. */
export function formatStatusText(p: RunProgress): string {
  const more = p.others ? ` +${p.others}` : '';
  if (!p.last) return `$(sync~spin) Fitwatch ${p.starting ? 'starting' : 'waiting'}…${more}`;
  const parts = [`$(pulse) Fitwatch ${p.last.epoch + 1}/${p.totalEpochs}`];
  const losses = formatLossPair(p.last);
  if (losses) parts.push(losses);
  const eta = estimateRemainingMs(p);
  if (eta !== undefined && p.last.epoch + 1 < p.totalEpochs) parts.push(`ETA ${formatDuration(eta)}`);
  return parts.join(' ') + more;
}

/** The progress-notification line: `Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 3m`. */
export function formatProgressMessage(p: RunProgress): string {
  if (!p.last) return p.starting ? 'Loading data and building the model…' : 'Waiting for the trainer…';
  const parts = [`Epoch ${p.last.epoch + 1}/${p.totalEpochs}`];
  const losses = formatLossPair(p.last);
  if (losses) parts.push(losses);
  const eta = estimateRemainingMs(p);
  if (eta !== undefined && p.last.epoch + 1 < p.totalEpochs) parts.push(`ETA ${formatDuration(eta)}`);
  return parts.join(' · ');
}
