/**
 * The bench's one result object (what `--json` prints) and its human-readable rendering, which
 * is also the table docs/performance.md quotes, so the two never disagree.
 */
import type { MachineInfo } from './machine-load';
import type { TrainerMeasurement } from './measure-trainer';
import type { PanelRedrawResult } from './panel-redraw';
import type { ReferenceCell, ScalingRow } from './scaling';
import type { LoadContext } from './streaming-load';
import { formatKernelGflops, type KernelGflopsReport } from './kernel-gflops';

/** A part that did not run, and why. */
export interface Skipped {
  skipped: string;
}

/** One engine/backend on the seed workload: the real trainer, plain `model.fit`, or PyTorch. */
export interface EngineRow extends TrainerMeasurement {
  /** What ran the epochs: Fitwatch's trainer process, tfjs `model.fit`, or torch_reference.py. */
  source: 'fitwatch trainer' | 'tfjs model.fit' | 'pytorch' | 'keras' | 'sklearn';
  note?: string;
}

/** Time from Train to the first epoch on the seed CSV. */
export interface FirstEpochReport {
  /** Generating the sample and writing seed.csv (a one-off, not part of the wait). */
  csvExportMs: number;
  csvMb: number;
  /** The trainer child process, forked as the VS Code host does: fork → first epoch message. */
  trainer: TrainerMeasurement;
  /** `fitwatch train seed.fitwatch.json --json`: spawn → first epoch line (adds the CLI's own start-up). */
  cli: { startToFirstEpochMs: number; engine?: string } | Skipped;
  budgetMs: number;
}

/** IPC sends + run-file writes per epoch against the epoch itself, on the fast engine. */
export interface StreamingReport {
  label: string;
  epochs: number;
  streamMsPerEpoch: number;
  /** Mean epoch time over the run (training + validation, streaming excluded). */
  epochMsMean: number;
  /** stream / (epoch + stream), summed over the run. */
  share: number;
  /** The loop's wall time outside epochs over all of it: streaming's upper bound, wake-ups included (measure-trainer.ts). */
  outsideEpochShare?: number;
  budget: number;
}

/** Our tfjs loop against plain `model.fit` on the same backend. */
export interface LoopVsFit {
  backend: string;
  oursMsPerEpoch: number;
  modelFitMsPerEpoch: number;
  /** ours / model.fit; ≤ 1 means our loop is not slower. */
  ratio: number;
}

/** fast engine ms/epoch over PyTorch's, both from this run. */
export interface FastVsTorch {
  fastMsPerEpoch: number;
  torchMsPerEpoch: number;
  torchThreads: number;
  /** By median; the goal is ≤ 1. */
  ratioMedian: number;
  ratioMin: number;
  note: string;
}

/** fast engine ms/epoch over a Python reference's (Keras `model.fit`, sklearn's MLP) on the seed workload, both from this run. */
export interface FastVsReference {
  fastMsPerEpoch: number;
  referenceMsPerEpoch: number;
  ratioMedian: number;
  ratioMin: number;
}

/** Everything one `npm run bench` measured. */
export interface BenchReport {
  command: string;
  startedAt: string;
  durationS?: number;
  machine: MachineInfo;
  workload: { rows: number; features: number; model: string; optimizer: string; batchSize: number; validationSplit: number };
  settings: { quick: boolean; epochs: number; fastEpochs: number; torchEpochs: number; scalingEpochs: number; parts: string[] };
  engines: EngineRow[];
  fastVsTorch: FastVsTorch | Skipped;
  /** The goals: ≤ 0.05× Keras (#15), and the ratio to sklearn reported (#13). */
  fastVs: { keras: FastVsReference | Skipped; sklearn: FastVsReference | Skipped };
  tfjsLoopVsModelFit: LoopVsFit | Skipped;
  startToFirstEpoch: FirstEpochReport | Skipped;
  /** The trainer's VmHWM on the seed workload with the default engine (and on the CSV run). */
  peakRssMb: { seedSample?: number; seedCsv?: number; budget: number };
  streaming: StreamingReport | Skipped;
  /** The same with busy processes loading the machine (streaming-load.ts). */
  streamingUnderLoad: (StreamingReport & { load: LoadContext }) | Skipped;
  panelRedraw: PanelRedrawResult | Skipped;
  scaling: ScalingRow[] | Skipped;
  /** Per-kernel GFLOP/s against the instruction bound (with the scaling part; kernel-gflops.ts). */
  kernelGflops?: KernelGflopsReport;
}

/** True for a part that did not run. */
export function isSkipped<T extends object>(v: T | Skipped): v is Skipped {
  return 'skipped' in v && typeof (v as Skipped).skipped === 'string';
}

function num(v: number | undefined, digits = 1): string {
  return v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

function pct(v: number): string {
  return `${(v * 100).toFixed(2)} %`;
}

/** Markdown tables of the engines, the headline figures and the scaling table. */
export function formatReport(r: BenchReport): string {
  const lines: string[] = [];
  const l = r.machine.loadavgBefore.map((v) => v.toFixed(2)).join(' ');
  const la = r.machine.loadavgAfter?.map((v) => v.toFixed(2)).join(' ') ?? '–';
  lines.push(`Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}; load average before ${l}, after ${la}.`);
  lines.push(
    `Workload: ${r.workload.rows.toLocaleString('en-US')} × ${r.workload.features}, ${r.workload.model}, ${r.workload.optimizer}, batch ${r.workload.batchSize}, validation_split ${r.workload.validationSplit}.`,
  );
  lines.push('');
  lines.push('| engine / backend | ran in | ms/epoch (median) | ms/epoch (min) | epochs | note |');
  lines.push('|---|---|---:|---:|---:|---|');
  for (const e of r.engines) {
    if (e.skipped) lines.push(`| ${e.label} | ${e.source} | – | – | – | skipped: ${e.skipped} |`);
    else lines.push(`| ${e.label} | ${e.source} | ${num(e.msPerEpochMedian)} | ${num(e.msPerEpochMin)} | ${e.epochs ?? '–'} | ${e.note ?? ''} |`);
  }
  lines.push('');
  lines.push('| figure | value | goal |');
  lines.push('|---|---|---|');
  const ft = r.fastVsTorch;
  lines.push(
    isSkipped(ft)
      ? `| fast / PyTorch | skipped: ${ft.skipped} | ≤ 1.0× |`
      : `| fast / PyTorch (${ft.torchThreads} thread(s)), by median | ${ft.ratioMedian.toFixed(2)}× (${num(ft.fastMsPerEpoch)} vs ${num(ft.torchMsPerEpoch)} ms; by min ${ft.ratioMin.toFixed(2)}×) | ≤ 1.0× |`,
  );
  for (const [name, goal, fk] of [
    ['Keras model.fit', '≤ 0.05×', r.fastVs.keras],
    ['sklearn MLPClassifier', 'reported', r.fastVs.sklearn],
  ] as const) {
    lines.push(
      isSkipped(fk)
        ? `| fast / ${name} | skipped: ${fk.skipped} | ${goal} |`
        : `| fast / ${name}, by median | ${fk.ratioMedian.toFixed(3)}× (${num(fk.fastMsPerEpoch)} vs ${num(fk.referenceMsPerEpoch)} ms; by min ${fk.ratioMin.toFixed(3)}×) | ${goal} |`,
    );
  }
  const lf = r.tfjsLoopVsModelFit;
  lines.push(
    isSkipped(lf)
      ? `| our tfjs loop / model.fit | skipped: ${lf.skipped} | ≤ 1.0× |`
      : `| our tfjs loop / model.fit (${lf.backend}) | ${lf.ratio.toFixed(2)}× (${num(lf.oursMsPerEpoch, 0)} vs ${num(lf.modelFitMsPerEpoch, 0)} ms) | ≤ 1.0× |`,
  );
  const fe = r.startToFirstEpoch;
  if (isSkipped(fe)) lines.push(`| Train → first epoch, seed CSV | skipped: ${fe.skipped} | ≤ 1.5 s |`);
  else {
    const cli = isSkipped(fe.cli) ? `CLI skipped: ${fe.cli.skipped}` : `CLI ${num(fe.cli.startToFirstEpochMs, 0)} ms`;
    lines.push(
      `| Train → first epoch, seed CSV (${fe.trainer.engine ?? '?'} engine) | ${num(fe.trainer.startToFirstEpochMs, 0)} ms (CSV load ${num(fe.trainer.loadMs, 0)} ms; ${cli}) | ≤ ${fe.budgetMs} ms |`,
    );
  }
  lines.push(
    `| peak RSS of the trainer (VmHWM) | ${num(r.peakRssMb.seedSample, 0)} MB embedded sample, ${num(r.peakRssMb.seedCsv, 0)} MB seed CSV | ≤ ${r.peakRssMb.budget} MB |`,
  );
  const streamingLine = (name: string, s: StreamingReport | Skipped, load?: LoadContext): string => {
    if (isSkipped(s)) return `| ${name} | skipped: ${s.skipped} | ≤ 1 % |`;
    const where = load ? `, ${load.procs} busy processes, 1-min load ${num(load.loadavgStart)} → ${num(load.loadavgEnd)}` : '';
    const outside = s.outsideEpochShare !== undefined ? `; ${pct(s.outsideEpochShare)} of wall time outside epochs` : '';
    return `| ${name} (${s.label}, ${s.epochs} epochs${where}) | ${pct(s.share)} (${num(s.streamMsPerEpoch, 3)} ms per ${num(s.epochMsMean)} ms epoch)${outside} | ≤ ${pct(s.budget)} |`;
  };
  lines.push(streamingLine('streaming overhead', r.streaming));
  const sl = r.streamingUnderLoad;
  lines.push(streamingLine('streaming overhead under load', sl, isSkipped(sl) ? undefined : sl.load));
  const p = r.panelRedraw;
  if (isSkipped(p)) lines.push(`| panel redraw | skipped: ${p.skipped} | < 16.7 ms |`);
  else {
    const budget = `< ${num(p.frameBudgetMs)} ms (one frame)`;
    lines.push(
      `| panel redraw, ${p.epochs.toLocaleString('en-US')} epochs × ${p.runs} runs | median ${num(p.medianRedrawMs)} ms, p95 ${num(p.p95RedrawMs)} ms | ${budget} |`,
    );
    lines.push(`| … with the canvas rasterised | median ${num(p.medianWithRasterMs)} ms, p95 ${num(p.p95WithRasterMs)} ms | ${budget} |`);
    for (const [kind, f] of Object.entries(p.kinds)) {
      lines.push(
        `| … ${kind} (${f.samples}) | median ${num(f.medianMs)} ms, p95 ${num(f.p95Ms)} ms; rasterised ${num(f.medianWithRasterMs)} / ${num(f.p95WithRasterMs)} ms | |`,
      );
    }
  }
  lines.push('');
  const sc = r.scaling;
  if (isSkipped(sc)) lines.push(`Scaling: skipped: ${sc.skipped}`);
  else {
    lines.push(
      '| workload | parameters | fast ms/epoch | fast 2 threads | PyTorch 1 thread | PyTorch 2 threads | Keras | fast / best reference | auto picks (100 epochs) | time/work vs seed | ns per row·param |',
    );
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|');
    for (const row of sc) {
      const refs = [row.torch1, row.torch2, row.keras];
      const text = (c: ReferenceCell): string => ('skipped' in c ? '–' : num(c.msPerEpochMedian));
      const best = Math.min(...refs.map((c) => ('skipped' in c ? Infinity : c.msPerEpochMedian)));
      const ratio = Number.isFinite(best) ? `${(row.fast.msPerEpochMedian / best).toFixed(2)}×` : '–';
      lines.push(
        `| ${row.workload} | ${row.parameters.toLocaleString('en-US')} | ${num(row.fast.msPerEpochMedian)} | ${row.fastThreaded ? num(row.fastThreaded.msPerEpochMedian) : '–'} | ${refs.map(text).join(' | ')} | ${ratio} | ${row.auto.engine} | ${row.costPerWorkRatio.toFixed(2)} | ${row.nsPerRowParameter.toFixed(3)} |`,
      );
    }
    const skippedRefs = new Set(sc.flatMap((row) => [row.torch1, row.torch2, row.keras].flatMap((c) => ('skipped' in c ? [c.skipped] : []))));
    for (const why of skippedRefs) lines.push(`(– : ${why})`);
  }
  if (r.kernelGflops) lines.push('', formatKernelGflops(r.kernelGflops));
  return lines.join('\n');
}
