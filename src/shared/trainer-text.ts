/**
 * The human-readable lines for trainer messages, Keras-style, shared by the CLI (stdout) and
 * the editor's output channel, so a run reads the same wherever it is watched. Pure.
 */
import type { DatasetSummary } from './dataset';
import { formatDuration } from './eta';
import type { DoneMessage, DoneReason, ReadyMessage } from './protocol/trainer';

/** `Engine: fast, backend: wasm (fast wasm-simd, node 20.1)`, with the fallback reason when there was one. */
export function readyLine(m: ReadyMessage): string {
  const versions = Object.entries(m.versions)
    .map(([k, x]) => `${k} ${x}`)
    .join(', ');
  return `Engine: ${m.engine}, backend: ${m.backend}${versions ? ` (${versions})` : ''}${m.fallbackReason ? `; fallback: ${m.fallbackReason}` : ''}`;
}

/** One line describing a loaded dataset and the model size. */
export function datasetLine(s: DatasetSummary, parameters: number): string {
  const classes = s.classes?.length ? ` (${s.classes.length} classes)` : '';
  return `Dataset ${s.source}: ${s.rows} rows × ${s.features} features, ${s.task}${classes}, ${s.trainRows} train / ${s.valRows} validation, normalize ${s.normalize}, loaded in ${Math.round(s.loadMs)} ms; model has ${parameters} trainable parameters.`;
}

/** Four decimals like Keras, but NaN/Infinity spelled out so a divergence is visible. */
export function formatMetric(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : String(v);
}

/** How a run ended, in words. */
export function doneWords(reason: DoneReason): string {
  return reason === 'earlyStopped' ? 'stopped early' : reason === 'stopped' ? 'was stopped' : reason;
}

/** `completed after 150 epochs in 3m 05s; best val_loss 0.1317 at epoch 100` */
export function doneText(m: DoneMessage): string {
  const best = m.bestValue !== undefined && m.bestEpoch !== undefined ? `; best ${m.monitor} ${formatMetric(m.bestValue)} at epoch ${m.bestEpoch + 1}` : '';
  return `${doneWords(m.reason)} after ${m.epochs} epoch${m.epochs === 1 ? '' : 's'} in ${formatDuration(m.elapsedMs)}${best}`;
}
