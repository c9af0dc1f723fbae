/**
 * The scaling table: the fast engine at hidden widths 16 to 512 (two hidden layers, as in the
 * seed) on 50,000 and 500,000 rows × 64, each row set against PyTorch at 1 and 2 threads and
 * Keras 3 on TensorFlow, all in the same run, so the reader sees where each engine wins.
 */
import { benchmarkFastEngine } from './fast-benchmark';
import { runReference, type ReferenceFramework, type ReferenceResult } from './python-reference';
import { kerasCrossover } from '../../src/keras/engine-crossover';
import { mlpParameters, scalingVerdict, type ScalingPoint, type ScalingVerdict } from './scaling-analysis';

/** A reference's figure for one row, or why there is none. */
export type ReferenceCell = { msPerEpochMedian: number; msPerEpochMin: number; threads: number; version: string } | { skipped: string };

/** One row of the table. */
export interface ScalingRow extends ScalingVerdict {
  workload: string;
  rows: number;
  hidden: number[];
  fast: { kernels: string; msPerEpochMedian: number; msPerEpochMin: number; epochs: number };
  /** The fast engine at SCALING_THREADS threads, from SCALING_THREADED_FROM wide (narrower layers never split). */
  fastThreaded?: { threads: number; msPerEpochMedian: number; msPerEpochMin: number; epochs: number };
  torch1: ReferenceCell;
  torch2: ReferenceCell;
  keras: ReferenceCell;
  /** What `"engine": "auto"` would run for this workload over AUTO_EPOCHS epochs, by the crossover model (src/keras/engine-crossover.ts). */
  auto: { engine: 'fast' | 'keras'; reason: string };
}

/** The run length the auto column assumes: Keras' start-up counts less the longer the run. */
export const AUTO_EPOCHS = 100;

/** The widths and row counts the issue asks for (#15: 16…512 on 50k and 500k rows). */
export const SCALING_WIDTHS = [16, 32, 64, 128, 256, 512] as const;
export const SCALING_ROWS = [50_000, 500_000] as const;

const FEATURES = 64;

/** Threads of the fast engine's second column: torch×2's count, so the comparison is at equal threads. */
export const SCALING_THREADS = 2;
/** Narrowest width measured threaded: below it a batch-200 layer's matmul stays under THREAD_MIN_WORK. */
export const SCALING_THREADED_FROM = 128;

/** Which references to run (the bench's `--only` may leave torch out). */
export interface ScalingReferences {
  torch: boolean;
  keras: boolean;
  /** Whether Keras imports here: `auto` never picks an engine it cannot run. */
  kerasInstalled: boolean;
}

/** The engine `auto` picks for a 64 → h → h → 1 run at batch 200 and validation_split 0.2, and why. */
export function autoChoice(rows: number, hidden: readonly number[], kerasInstalled: boolean): ScalingRow['auto'] {
  if (!kerasInstalled) return { engine: 'fast', reason: 'Keras is not importable here' };
  const v = kerasCrossover({ trainRows: Math.floor(rows * 0.8), parameters: mlpParameters(FEATURES, hidden), batchSize: 200, epochs: AUTO_EPOCHS });
  return { engine: v.kerasFaster ? 'keras' : 'fast', reason: v.reason };
}

/**
 * Measured epochs for a row: `epochs` × 10 on the seed, fewer as the work grows (by its square
 * root), at least 1. The cheap rows get many so one noisy epoch cannot move their median; the
 * 500,000 × 512 row (~40 s an epoch here) gets one.
 */
export function measuredEpochs(epochs: number, rows: number, hidden: readonly number[]): number {
  const work = (rows * mlpParameters(FEATURES, hidden)) / (50_000 * mlpParameters(FEATURES, [16, 16]));
  return Math.max(1, Math.min(10 * epochs, Math.round((10 * epochs) / Math.sqrt(work))));
}

function cell(r: ReferenceResult): ReferenceCell {
  return r.ok
    ? { msPerEpochMedian: r.result.msPerEpochMedian, msPerEpochMin: r.result.msPerEpochMin, threads: r.result.threads, version: r.result.version }
    : { skipped: r.skipped };
}

/** Runs every workload for 1 warm-up + its measured epochs on each engine; `log` gets one line per row. */
export async function measureScaling(repoRoot: string, epochs: number, refs: ScalingReferences, log: (line: string) => void): Promise<ScalingRow[]> {
  const out: ScalingRow[] = [];
  let baseline: ScalingPoint | undefined;
  for (const rows of SCALING_ROWS) {
    for (const width of SCALING_WIDTHS) {
      const hidden = [width, width];
      const n = measuredEpochs(epochs, rows, hidden);
      const workload = `${rows.toLocaleString('en-US')} × ${FEATURES} → ${hidden.join(' → ')} → 1`;
      const r = await benchmarkFastEngine({ rows, hidden, epochs: 1 + n, kernels: 'auto' });
      const threaded =
        width >= SCALING_THREADED_FROM ? await benchmarkFastEngine({ rows, hidden, epochs: 1 + n, kernels: 'auto', threads: SCALING_THREADS }) : undefined;
      const point: ScalingPoint = { rows, features: FEATURES, hidden, msPerEpoch: r.medianMsPerEpoch };
      baseline ??= point;
      const reference = (framework: ReferenceFramework, wanted: boolean, threads?: number): ReferenceCell =>
        wanted
          ? cell(runReference(repoRoot, framework, { epochs: 1 + n, hidden, rows, ...(threads ? { threads } : {}) }))
          : { skipped: `${framework} not selected` };
      const row: ScalingRow = {
        workload,
        rows,
        hidden,
        ...scalingVerdict(point, baseline),
        fast: { kernels: r.kernels, msPerEpochMedian: r.medianMsPerEpoch, msPerEpochMin: r.minMsPerEpoch, epochs: r.epochs },
        ...(threaded
          ? {
              fastThreaded: {
                threads: threaded.threads,
                msPerEpochMedian: threaded.medianMsPerEpoch,
                msPerEpochMin: threaded.minMsPerEpoch,
                epochs: threaded.epochs,
              },
            }
          : {}),
        torch1: reference('torch', refs.torch, 1),
        torch2: reference('torch', refs.torch, 2),
        keras: reference('keras', refs.keras),
        auto: autoChoice(rows, hidden, refs.kerasInstalled),
      };
      out.push(row);
      const text = (name: string, c: ReferenceCell): string => ('skipped' in c ? `${name} –` : `${name} ${c.msPerEpochMedian.toFixed(1)}`);
      log(
        `  ${workload.padEnd(34)} fast ${r.medianMsPerEpoch.toFixed(1).padStart(8)} ms/epoch  ${threaded ? `fast×${threaded.threads} ${threaded.medianMsPerEpoch.toFixed(1)}  ` : ''}${text('torch×1', row.torch1)}  ${text('torch×2', row.torch2)}  ${text('keras', row.keras)}  auto → ${row.auto.engine}`,
      );
    }
  }
  return out;
}
