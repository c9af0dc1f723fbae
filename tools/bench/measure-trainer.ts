/**
 * Runs the real trainer process on a workload and measures what a user feels: start-up to the
 * first epoch, steady ms/epoch, peak memory of the trainer, and how much of each epoch went to
 * streaming (IPC messages and run-file writes) rather than arithmetic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunInfo } from '../../src/runs/read';
import type { EpochRecord } from '../../src/shared/metrics';
import type { ReadyMessage } from '../../src/shared/protocol/trainer';
import type { BackendChoice, EngineChoice, FitwatchSpec } from '../../src/shared/spec';
import { TrainerProcess } from '../../src/trainer/client';
import { summarizeTimes } from './stats';

/** One configuration to measure. */
export interface TrainerConfig {
  label: string;
  engine: EngineChoice;
  backend?: BackendChoice;
  /** The spec file on disk, when the run trains from one (its data paths are relative to it). */
  specFile?: string;
}

/** What one configuration measured; `skipped` says why nothing was. */
export interface TrainerMeasurement {
  label: string;
  engine?: string;
  backend?: string;
  fallbackReason?: string;
  versions?: Record<string, string>;
  epochs?: number;
  /** Median over the epochs after the first (the first pays JIT/allocation warm-up). */
  msPerEpochMedian?: number;
  msPerEpochMin?: number;
  firstEpochMs?: number;
  /** From fork to the first epoch message: process start, tfjs/backend init, data, first epoch. */
  startToFirstEpochMs?: number;
  startToReadyMs?: number;
  /** The trainer's VmHWM (peak resident set), MB. */
  peakRssMb?: number;
  /** Mean over all recorded epochs, the first included (what a whole run costs per epoch). */
  msPerEpochMean?: number;
  /** Time per epoch in IPC sends + run-file writes, and its share of training time (epochs + streaming). */
  streamMsPerEpoch?: number;
  streamShare?: number;
  /**
   * Share of the loop's wall time spent outside epochs (streaming, checkpoints, event-loop
   * yields, and whatever a loaded machine takes in between): an upper bound on what streaming
   * costs, including the wake-ups of the host that no in-call timer sees.
   */
  outsideEpochShare?: number;
  /** Dataset load (parse/generate, split, statistics) as the trainer timed it. */
  loadMs?: number;
  finalValLoss?: number;
  skipped?: string;
}

/** VmHWM of a live process in MB, or undefined once it is gone (or off Linux). */
export function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Trains `spec` for its `fit.epochs` in a fresh trainer and measures it. */
export async function measureTrainer(config: TrainerConfig, spec: FitwatchSpec, workspaceRoot: string, trainerPath: string): Promise<TrainerMeasurement> {
  const runId = `bench-${config.label.replace(/[^a-z0-9]+/gi, '-')}`;
  const runDir = join(workspaceRoot, '.fitwatch', 'runs', runId);
  const t0 = performance.now();
  const trainer = new TrainerProcess({ trainerPath });
  const out: TrainerMeasurement = { label: config.label };
  const records: EpochRecord[] = [];
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, peakRssMb(trainer.pid) ?? 0);
  };
  let ready: ReadyMessage | undefined;
  let errorText: string | undefined;
  trainer.onMessage((m) => {
    sample();
    if (m.type === 'ready') {
      ready = m;
      out.startToReadyMs = performance.now() - t0;
    } else if (m.type === 'epoch') {
      if (records.length === 0) out.startToFirstEpochMs = performance.now() - t0;
      records.push(m.record);
    } else if (m.type === 'error') {
      errorText = m.problem.message;
    }
  });
  trainer.start({
    spec,
    workspaceRoot,
    runDir,
    runId,
    healthEvery: 0,
    engine: config.engine,
    ...(config.backend ? { backend: config.backend } : {}),
    ...(config.specFile ? { specFile: config.specFile } : {}),
  });
  const exit = await trainer.exited;
  if (errorText || exit.code !== 0 || !ready) {
    return { label: config.label, skipped: errorText ?? `trainer exited with ${exit.signal ?? exit.code}: ${trainer.stderr.slice(-500)}` };
  }
  if (records.length === 0) return { label: config.label, skipped: 'the trainer finished without recording an epoch' };
  const info = readRunInfo(runDir);
  const streamMs = info.timings?.streamMs;
  Object.assign(out, {
    engine: ready.engine,
    backend: ready.backend,
    fallbackReason: ready.fallbackReason,
    versions: ready.versions,
    epochs: records.length,
    ...summarizeTimes(records.map((r) => r.durationMs)),
    peakRssMb: peak > 0 ? peak : undefined,
    finalValLoss: records[records.length - 1]?.logs.val_loss,
    loadMs: info.timings?.loadMs,
  });
  if (streamMs !== undefined && records.length > 0) {
    out.streamMsPerEpoch = streamMs / records.length;
    const meanEpoch = records.reduce((s, r) => s + r.durationMs, 0) / records.length;
    out.msPerEpochMean = meanEpoch;
    out.streamShare = out.streamMsPerEpoch / (meanEpoch + out.streamMsPerEpoch);
  }
  const elapsedMs = info.timings?.elapsedMs;
  if (elapsedMs !== undefined && elapsedMs > 0) {
    const inEpochs = records.reduce((s, r) => s + r.durationMs, 0);
    out.outsideEpochShare = Math.max(0, elapsedMs - inEpochs) / elapsedMs;
  }
  return out;
}
