/**
 * Vertical markers on the charts: learning-rate changes, the best epoch, stops, and the
 * coach's findings as shaded epoch ranges. Computing them is pure; drawing is a uPlot `draw` hook.
 */
import { formatLearningRate } from '../shared/metrics';
import type { RunSeries } from '../shared/run-state';

/** What a marker shows. */
export type MarkerKind = 'lr' | 'best' | 'stop' | 'finding';

/** One marker; epochs are 0-based like the records (drawn at epoch + 1). */
export interface Marker {
  kind: MarkerKind;
  epoch: number;
  /** Last epoch of a shaded range (findings only). */
  endEpoch?: number;
  label: string;
  severity?: 'info' | 'warning' | 'error';
}

/** The best epoch: the trainer's latest `newBest`, else run.json's (a Keras log's from its reader); never recomputed here. */
export function resolveBest(run: RunSeries): { epoch: number; value?: number; monitor?: string } | undefined {
  for (let i = run.events.length - 1; i >= 0; i--) {
    const e = run.events[i];
    if (e.kind === 'newBest' || e.kind === 'restoredBest') {
      // restoredBest happens at the last epoch; the best one is in its data.
      const at = e.kind === 'restoredBest' ? e.data?.bestEpoch : e.epoch;
      const v = e.data?.value ?? e.data?.best;
      const m = e.data?.monitor;
      if (typeof at !== 'number') continue;
      return { epoch: at, value: typeof v === 'number' ? v : undefined, monitor: typeof m === 'string' ? m : run.info.monitor };
    }
  }
  if (run.info.bestEpoch !== undefined) return { epoch: run.info.bestEpoch, value: run.info.bestValue, monitor: run.info.monitor };
  return undefined;
}

function lrLabel(data: Record<string, number | string> | undefined): string {
  const from = data?.oldLr ?? data?.from ?? data?.old;
  const to = data?.newLr ?? data?.to ?? data?.new ?? data?.learningRate;
  if (typeof from === 'number' && typeof to === 'number') return `LR ${formatLearningRate(from)} → ${formatLearningRate(to)}`;
  if (typeof to === 'number') return `LR → ${formatLearningRate(to)}`;
  return 'LR changed';
}

/** All markers of a run, findings first so lines are drawn over the shading. */
export function computeMarkers(run: RunSeries): Marker[] {
  const out: Marker[] = [];
  for (const f of run.findings) {
    out.push({ kind: 'finding', epoch: f.epochs.start, endEpoch: f.epochs.end, label: f.code, severity: f.severity });
  }
  for (const e of run.events) {
    if (e.kind === 'lrReduced' || e.kind === 'lrSet') out.push({ kind: 'lr', epoch: e.epoch, label: lrLabel(e.data) });
    else if (e.kind === 'earlyStop') out.push({ kind: 'stop', epoch: e.epoch, label: 'early stop' });
    else if (e.kind === 'stopRequested') out.push({ kind: 'stop', epoch: e.epoch, label: 'stopped' });
    else if (e.kind === 'diverged') out.push({ kind: 'stop', epoch: e.epoch, label: 'diverged' });
  }
  const best = resolveBest(run);
  if (best && best.epoch < run.length) out.push({ kind: 'best', epoch: best.epoch, label: `best @${best.epoch + 1}` });
  return out;
}
