/**
 * Vertical markers on the charts: learning-rate changes, the best epoch, stops, and the
 * coach's findings as shaded epoch ranges. Computing them is pure; drawing is a uPlot `draw` hook.
 */
import { assertNever } from '../shared/assert-never';
import { formatLearningRate } from '../shared/metrics';
import type { RunEventData } from '../shared/protocol/trainer';
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
    // restoredBest happens at the last epoch; the best one is in its data.
    if (e.kind === 'newBest') return { epoch: e.epoch, value: e.data?.value, monitor: e.data?.monitor ?? run.info.monitor };
    if (e.kind === 'restoredBest' && e.data) return { epoch: e.data.bestEpoch, value: e.data.best, monitor: run.info.monitor };
  }
  if (run.info.bestEpoch !== undefined) return { epoch: run.info.bestEpoch, value: run.info.bestValue, monitor: run.info.monitor };
  return undefined;
}

function lrLabel(data: RunEventData['lrReduced' | 'lrSet'] | undefined): string {
  return data ? `LR ${formatLearningRate(data.oldLr)} → ${formatLearningRate(data.newLr)}` : 'LR changed';
}

/** All markers of a run, findings first so lines are drawn over the shading. */
export function computeMarkers(run: RunSeries): Marker[] {
  const out: Marker[] = [];
  for (const f of run.findings) {
    out.push({ kind: 'finding', epoch: f.epochs.start, endEpoch: f.epochs.end, label: f.code, severity: f.severity });
  }
  for (const e of run.events) {
    switch (e.kind) {
      case 'lrReduced':
      case 'lrSet':
        out.push({ kind: 'lr', epoch: e.epoch, label: lrLabel(e.data) });
        break;
      case 'earlyStop':
        out.push({ kind: 'stop', epoch: e.epoch, label: 'early stop' });
        break;
      case 'stopRequested':
        out.push({ kind: 'stop', epoch: e.epoch, label: 'stopped' });
        break;
      case 'diverged':
        out.push({ kind: 'stop', epoch: e.epoch, label: 'diverged' });
        break;
      case 'newBest': // drawn once, from resolveBest below
      case 'restoredBest':
      case 'resumed':
        break;
      default:
        assertNever(e, 'run event');
    }
  }
  const best = resolveBest(run);
  if (best && best.epoch < run.length) out.push({ kind: 'best', epoch: best.epoch, label: `best @${best.epoch + 1}` });
  return out;
}
