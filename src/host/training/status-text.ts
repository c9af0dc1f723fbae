/**
 * Text of the status-bar item and the progress notification, kept pure so the exact
 * format (`$(pulse) Fitwatch 83/1000 loss 0.2036 val 0.2375 ETA 3m`) is unit-tested.
 */
import type { EpochRecord } from '../../shared/metrics';

/** What the status bar needs to know about one live run. */
export interface RunProgress {
  /** The latest finished epoch, if any. */
  last?: EpochRecord;
  totalEpochs: number;
  /** Sum of the durations of all finished epochs, for the ETA. */
  elapsedEpochMs: number;
  /** Whether the trainer is still loading data / building the model. */
  starting: boolean;
  /** Other live runs besides this one, shown as `+N`. */
  others?: number;
}

/** A remaining time as Keras-like short text: `45s`, `3m`, `1h 05m`. */
export function formatEta(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Estimated time left: mean epoch duration so far times the epochs still to run. */
export function estimateRemainingMs(p: RunProgress): number | undefined {
  if (!p.last) return undefined;
  const done = p.last.epoch + 1;
  const left = Math.max(0, p.totalEpochs - done);
  return (p.elapsedEpochMs / done) * left;
}

/** The loss and val_loss of an epoch as `loss 0.2036 val 0.2375` (val omitted when absent). */
export function formatLossPair(rec: EpochRecord): string {
  const parts: string[] = [];
  if (rec.logs.loss !== undefined) parts.push(`loss ${formatMetric(rec.logs.loss)}`);
  if (rec.logs.val_loss !== undefined) parts.push(`val ${formatMetric(rec.logs.val_loss)}`);
  return parts.join(' ');
}

/** Four decimals like Keras, but NaN/Infinity spelled out so a divergence is visible. */
export function formatMetric(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : String(v);
}

/** The status-bar text of the most recent live run. */
export function formatStatusText(p: RunProgress): string {
  const more = p.others ? ` +${p.others}` : '';
  if (!p.last) return `$(sync~spin) Fitwatch ${p.starting ? 'starting' : 'waiting'}…${more}`;
  const parts = [`$(pulse) Fitwatch ${p.last.epoch + 1}/${p.totalEpochs}`];
  const losses = formatLossPair(p.last);
  if (losses) parts.push(losses);
  const eta = estimateRemainingMs(p);
  if (eta !== undefined && p.last.epoch + 1 < p.totalEpochs) parts.push(`ETA ${formatEta(eta)}`);
  return parts.join(' ') + more;
}

/** The progress-notification line: `Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 3m`. */
export function formatProgressMessage(p: RunProgress): string {
  if (!p.last) return p.starting ? 'Loading data and building the model…' : 'Waiting for the trainer…';
  const parts = [`Epoch ${p.last.epoch + 1}/${p.totalEpochs}`];
  const losses = formatLossPair(p.last);
  if (losses) parts.push(losses);
  const eta = estimateRemainingMs(p);
  if (eta !== undefined && p.last.epoch + 1 < p.totalEpochs) parts.push(`ETA ${formatEta(eta)}`);
  return parts.join(' · ');
}
