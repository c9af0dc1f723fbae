/**
 * The scaling table: the fast engine on wider models (64→128→128→1, 64→512→512→1) and on ten
 * times the rows (500,000 on 16-16), with PyTorch on the same widths when it is installed (its
 * reference script has a fixed 50,000-row set, so the 500,000-row row has no PyTorch figure).
 */
import { benchmarkFastEngine } from './fast-benchmark';
import { scalingVerdict, type ScalingPoint, type ScalingVerdict } from './scaling-analysis';
import { runTorchReference } from './torch-reference';

/** One row of the table. */
export interface ScalingRow extends ScalingVerdict {
  workload: string;
  rows: number;
  hidden: number[];
  fast: { kernels: string; msPerEpochMedian: number; msPerEpochMin: number; epochs: number };
  torch: { msPerEpochMedian: number; msPerEpochMin: number; threads: number } | { skipped: string };
}

/** `epochScale` multiplies the measured epochs: the cheap rows get more so their medians are not at the mercy of one noisy epoch. */
const WORKLOADS: { rows: number; hidden: number[]; epochScale: number }[] = [
  { rows: 50_000, hidden: [16, 16], epochScale: 10 },
  { rows: 50_000, hidden: [128, 128], epochScale: 3 },
  { rows: 50_000, hidden: [512, 512], epochScale: 1 },
  { rows: 500_000, hidden: [16, 16], epochScale: 3 },
];

const FEATURES = 64;

/** Runs every workload for 1 warm-up + `epochs` × its scale, with PyTorch when `torch` is given; `log` gets one line per row. */
export async function measureScaling(
  repoRoot: string,
  epochs: number,
  torch: { threads?: number } | undefined,
  log: (line: string) => void,
): Promise<ScalingRow[]> {
  const out: ScalingRow[] = [];
  let baseline: ScalingPoint | undefined;
  for (const w of WORKLOADS) {
    const workload = `${w.rows.toLocaleString('en-US')} × ${FEATURES} → ${w.hidden.join(' → ')} → 1`;
    const r = await benchmarkFastEngine({ rows: w.rows, hidden: w.hidden, epochs: 1 + epochs * w.epochScale, kernels: 'auto' });
    const point: ScalingPoint = { rows: w.rows, features: FEATURES, hidden: w.hidden, msPerEpoch: r.medianMsPerEpoch };
    baseline ??= point;
    let torchRow: ScalingRow['torch'];
    if (!torch) torchRow = { skipped: 'PyTorch not selected (--only without torch)' };
    else if (w.rows !== 50_000) torchRow = { skipped: 'torch_reference.py trains a fixed 50,000-row set' };
    else {
      const t = runTorchReference(repoRoot, { epochs: 1 + epochs * w.epochScale, hidden: w.hidden, ...(torch.threads ? { threads: torch.threads } : {}) });
      torchRow = t.ok
        ? { msPerEpochMedian: t.result.msPerEpochMedian, msPerEpochMin: t.result.msPerEpochMin, threads: t.result.threads }
        : { skipped: t.skipped };
    }
    const row: ScalingRow = {
      workload,
      rows: w.rows,
      hidden: w.hidden,
      ...scalingVerdict(point, baseline),
      fast: { kernels: r.kernels, msPerEpochMedian: r.medianMsPerEpoch, msPerEpochMin: r.minMsPerEpoch, epochs: r.epochs },
      torch: torchRow,
    };
    out.push(row);
    const torchText =
      'skipped' in torchRow ? `PyTorch skipped (${torchRow.skipped})` : `PyTorch ${torchRow.msPerEpochMedian.toFixed(1)} ms (${torchRow.threads} thread(s))`;
    log(
      `  ${workload.padEnd(34)} fast ${r.medianMsPerEpoch.toFixed(1).padStart(8)} ms/epoch  ${torchText}  work ×${row.workRatio.toFixed(1)} time ×${row.timeRatio.toFixed(1)}`,
    );
  }
  return out;
}
