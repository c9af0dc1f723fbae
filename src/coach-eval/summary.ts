/** The numbers coach-eval compares between the run before and after a fix. */
import type { TrainedRun } from './train-once';

/** Best val_loss, when it happened, and what the run cost. */
export interface RunSummary {
  bestValLoss: number | null;
  /** 0-based epoch of the best val_loss. */
  bestEpoch: number | null;
  epochsRun: number;
  finalLoss: number;
  doneReason: string;
  wallMs: number;
  backend: string;
  engine: string;
}

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
  return {
    bestValLoss: best,
    bestEpoch,
    epochsRun: run.history.length,
    finalLoss: last?.logs.loss ?? Number.NaN,
    doneReason: run.done.reason,
    wallMs: run.wallMs,
    backend: run.backend,
    engine: run.engine,
  };
}
