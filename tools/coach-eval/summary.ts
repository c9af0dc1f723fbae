/** The numbers coach-eval compares between the run before and after a fix. */
import type { TrainedRun } from './train-once';

/** Best val_loss, when it happened, and what the run cost. */
export interface RunSummary {
  bestValLoss: number | null;
  /** 0-based epoch of the best val_loss. */
  bestEpoch: number | null;
  /** val_loss of the last epoch: what the run leaves behind without EarlyStopping's restore. */
  finalValLoss: number | null;
  /** Mean val_loss over the last TAIL_EPOCHS epochs: the level the run settled at, free of one lucky epoch. */
  tailValLoss: number | null;
  epochsRun: number;
  finalLoss: number;
  doneReason: string;
  wallMs: number;
  backend: string;
  engine: string;
}

/** Epochs averaged for tailValLoss: long enough to average out the seed run's ~2% per-epoch jitter. */
export const TAIL_EPOCHS = 100;

/** Summarises one run; the best is the lowest finite val_loss over all recorded epochs. */
export function summarize(run: TrainedRun): RunSummary {
  let best: number | null = null;
  let bestEpoch: number | null = null;
  for (const r of run.history) {
    const v = r.logs.val_loss;
    if (v !== undefined && Number.isFinite(v) && (best === null || v < best)) {
      best = v;
      bestEpoch = r.epoch;
    }
  }
  const last = run.history[run.history.length - 1];
  const tail = run.history
    .slice(-TAIL_EPOCHS)
    .map((r) => r.logs.val_loss)
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  const finalVal = last?.logs.val_loss;
  return {
    bestValLoss: best,
    bestEpoch,
    finalValLoss: finalVal !== undefined && Number.isFinite(finalVal) ? finalVal : null,
    tailValLoss: tail.length > 0 ? tail.reduce((a, b) => a + b, 0) / tail.length : null,
    epochsRun: run.history.length,
    finalLoss: last?.logs.loss ?? Number.NaN,
    doneReason: run.done.reason,
    wallMs: run.wallMs,
    backend: run.backend,
    engine: run.engine,
  };
}
