/**
 * Runs the parts of `npm run bench` in an order that keeps comparisons fair on a shared machine:
 * the fast engine and PyTorch back to back (their ratio is the headline), our tfjs loop and
 * plain `model.fit` back to back, then start-up, scaling and the panel.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SEED_SPEC_TEXT } from '../../src/cli/sample-spec';
import { FitwatchError } from '../../src/shared/location';
import { parseSpec, type BackendChoice, type FitwatchSpec } from '../../src/shared/spec';
import { measureFitInChild } from './fit-child';
import { firstEpochViaCli, firstEpochViaTrainer, writeSeedCsvWorkspace } from './first-epoch';
import { machineInfo } from './machine-load';
import { measureTrainer, type TrainerMeasurement } from './measure-trainer';
import type { BenchOptions, BenchPart } from './options';
import {
  isSkipped,
  type BenchReport,
  type EngineRow,
  type FastVsTorch,
  type FirstEpochReport,
  type LoopVsFit,
  type Skipped,
  type StreamingReport,
} from './report';
import { referenceUnavailable, runReference } from './python-reference';
import { underLoad } from './streaming-load';

/** Where the bench finds what it runs. */
export interface BenchPaths {
  repoRoot: string;
  trainerPath: string;
  cliPath: string;
  /** This bench's own script, re-run as the model.fit child. */
  benchScript: string;
}

/** Issue #6's budgets. */
export const BUDGETS = { firstEpochMs: 1500, streamingShare: 0.01, peakRssMb: 300 } as const;

const TFJS_ROWS: { part: BenchPart; label: string; backend: BackendChoice }[] = [
  { part: 'tfjs-wasm', label: 'tfjs engine, wasm', backend: 'wasm' },
  { part: 'tfjs-cpu', label: 'tfjs engine, cpu', backend: 'cpu' },
  { part: 'tfjs-tensorflow', label: 'tfjs engine, tensorflow', backend: 'tensorflow' },
];

function seedSpec(): FitwatchSpec {
  const parsed = parseSpec(SEED_SPEC_TEXT, 'seed.fitwatch.json');
  if (!parsed.spec) throw new Error(`the embedded seed spec does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.spec;
}

function engineLine(e: EngineRow): string {
  if (e.skipped) return `${e.label.padEnd(28)} skipped: ${e.skipped}`;
  const extra =
    e.source === 'fitwatch trainer'
      ? `  start→first epoch ${e.startToFirstEpochMs?.toFixed(0)} ms  peak RSS ${e.peakRssMb?.toFixed(0)} MB  [${e.engine}/${e.backend}]`
      : '';
  return `${e.label.padEnd(28)} ${(e.msPerEpochMedian ?? NaN).toFixed(1).padStart(8)} ms/epoch (min ${(e.msPerEpochMin ?? NaN).toFixed(1)}, ${e.epochs} epochs)${extra}${e.note ? `  ${e.note}` : ''}`;
}

function skipped(reason: string): Skipped {
  return { skipped: reason };
}

/** A skip reason from an error: a FitwatchError's message and fix, else the message. */
function errorText(err: unknown): string {
  if (err instanceof FitwatchError) return `${err.problem.message} ${err.problem.fix ?? ''}`.trim();
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/** Runs the selected parts; `log` gets progress lines as they finish. */
export async function runBench(o: BenchOptions, paths: BenchPaths, command: string, log: (line: string) => void): Promise<BenchReport> {
  const started = performance.now();
  const on = (p: BenchPart): boolean => o.parts.has(p);
  const notSelected = (p: string): Skipped => skipped(`not selected (--only without ${p})`);
  const report: BenchReport = {
    command,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    workload: {
      rows: 50_000,
      features: 64,
      model: '64 → 16 relu → 16 relu → 1 sigmoid',
      optimizer: 'Adam 0.01, binary cross-entropy',
      batchSize: 200,
      validationSplit: 0.2,
    },
    settings: { quick: o.quick, epochs: o.epochs, fastEpochs: o.fastEpochs, torchEpochs: o.torchEpochs, scalingEpochs: o.scalingEpochs, parts: [...o.parts] },
    engines: [],
    fastVsTorch: skipped('needs both the fast and the torch parts'),
    fastVs: { keras: skipped('needs both the fast and the keras parts'), sklearn: skipped('needs both the fast and the sklearn parts') },
    tfjsLoopVsModelFit: skipped('needs both the tfjs-wasm and the fit-wasm parts'),
    startToFirstEpoch: notSelected('first-epoch'),
    peakRssMb: { budget: BUDGETS.peakRssMb },
    streaming: notSelected('fast'),
    streamingUnderLoad: notSelected('streaming-load'),
    panelRedraw: notSelected('panel'),
    scaling: notSelected('scaling'),
  };
  const add = (row: EngineRow): EngineRow => {
    report.engines.push(row);
    log(engineLine(row));
    return row;
  };
  const workspace = mkdtempSync(join(tmpdir(), 'fitwatch-bench-'));
  try {
    const spec = seedSpec();
    const trainerRun = async (label: string, engine: 'fast' | 'tfjs', epochs: number, backend?: BackendChoice): Promise<TrainerMeasurement> => {
      const s = structuredClone(spec);
      s.fit.epochs = 1 + epochs;
      return measureTrainer({ label, engine, ...(backend ? { backend } : {}) }, s, workspace, paths.trainerPath);
    };

    let fast: EngineRow | undefined;
    if (on('fast')) {
      fast = add({ ...(await trainerRun('fast engine (default)', 'fast', o.fastEpochs)), source: 'fitwatch trainer' });
      report.peakRssMb.seedSample = fast.peakRssMb;
      report.streaming = streamingReport(fast);
    }
    if (on('streaming-load')) {
      const { result, load } = await underLoad(o.loadProcs, log, () => trainerRun('fast engine under load', 'fast', o.fastEpochs));
      const s = streamingReport(result);
      report.streamingUnderLoad = isSkipped(s) ? s : { ...s, load };
      log(
        isSkipped(s)
          ? `streaming under load: skipped: ${s.skipped}`
          : `streaming under load (1-min load ${load.loadavgStart} → ${load.loadavgEnd}): ${pctText(s.share)} in calls, ${pctText(s.outsideEpochShare)} outside epochs`,
      );
    }

    if (on('torch')) {
      const why = referenceUnavailable(paths.repoRoot, 'torch');
      const threadCounts = report.machine.cpus > 1 ? [report.machine.cpus, 1] : [1];
      for (const threads of threadCounts) {
        const label = `PyTorch ${threads} thread${threads > 1 ? 's' : ''}`;
        const t = why ? skipped(why) : runReference(paths.repoRoot, 'torch', { epochs: 1 + o.torchEpochs, threads });
        if ('ok' in t && t.ok) {
          const m = t.result;
          add({
            label,
            source: 'pytorch',
            engine: 'pytorch',
            backend: `${m.threads} thread(s)`,
            versions: { torch: m.version },
            epochs: m.epochs,
            msPerEpochMedian: m.msPerEpochMedian,
            msPerEpochMin: m.msPerEpochMin,
            note: `own ${m.data}; median over the epochs after the first`,
          });
        } else add({ label, source: 'pytorch', skipped: 'skipped' in t ? t.skipped : 'unknown' });
      }
      const torchRows = report.engines.filter((e) => e.source === 'pytorch' && !e.skipped && e.msPerEpochMedian !== undefined);
      const best = torchRows.sort((a, b) => (a.msPerEpochMedian ?? Infinity) - (b.msPerEpochMedian ?? Infinity))[0];
      if (
        fast &&
        !fast.skipped &&
        fast.msPerEpochMedian !== undefined &&
        fast.msPerEpochMin !== undefined &&
        best?.msPerEpochMedian !== undefined &&
        best.msPerEpochMin !== undefined
      ) {
        const ratio: FastVsTorch = {
          fastMsPerEpoch: fast.msPerEpochMedian,
          torchMsPerEpoch: best.msPerEpochMedian,
          torchThreads: Number.parseInt(best.backend ?? '0', 10),
          ratioMedian: fast.msPerEpochMedian / best.msPerEpochMedian,
          ratioMin: fast.msPerEpochMin / best.msPerEpochMin,
          note: 'against the faster of the PyTorch thread settings; PyTorch trains its own synthetic set of the same shape',
        };
        report.fastVsTorch = ratio;
      } else if (!best) report.fastVsTorch = skipped(why ?? 'PyTorch produced no timing');
    }

    // The user's own stacks on the seed: Keras model.fit exactly as the motivating question runs it, and sklearn's MLP.
    const REFERENCE_ROWS = [
      { part: 'keras', framework: 'keras', label: 'Keras 3 model.fit (TensorFlow', epochs: o.kerasEpochs, how: 'model.fit verbose 0' },
      { part: 'sklearn', framework: 'sklearn', label: 'scikit-learn MLPClassifier (', epochs: o.sklearnEpochs, how: 'one partial_fit per epoch' },
    ] as const;
    for (const ref of REFERENCE_ROWS) {
      if (!on(ref.part)) continue;
      const why = referenceUnavailable(paths.repoRoot, ref.framework);
      const label = `${ref.label}${ref.framework === 'keras' ? ', ' : ''}${report.machine.cpus} threads)`;
      const k = why ? skipped(why) : runReference(paths.repoRoot, ref.framework, { epochs: 1 + ref.epochs, threads: report.machine.cpus });
      const row =
        'ok' in k && k.ok
          ? add({
              label,
              source: ref.framework,
              engine: ref.framework,
              backend: `${k.result.threads} thread(s)`,
              versions: { [ref.framework]: k.result.version },
              epochs: k.result.epochs,
              msPerEpochMedian: k.result.msPerEpochMedian,
              msPerEpochMin: k.result.msPerEpochMin,
              note: `own ${k.result.data}; ${ref.how}, median over the epochs after the first`,
            })
          : add({ label, source: ref.framework, skipped: 'skipped' in k ? k.skipped : 'unknown' });
      report.fastVs[ref.framework] =
        fast?.msPerEpochMedian !== undefined && fast.msPerEpochMin !== undefined && row.msPerEpochMedian !== undefined && row.msPerEpochMin !== undefined
          ? {
              fastMsPerEpoch: fast.msPerEpochMedian,
              referenceMsPerEpoch: row.msPerEpochMedian,
              ratioMedian: fast.msPerEpochMedian / row.msPerEpochMedian,
              ratioMin: fast.msPerEpochMin / row.msPerEpochMin,
            }
          : skipped(row.skipped ?? (fast ? 'the fast engine produced no timing' : 'needs the fast part too'));
    }

    const fitRow = async (): Promise<EngineRow> => {
      try {
        const f = await measureFitInChild(paths.benchScript, 'wasm', o.epochs);
        return add({
          label: 'tfjs model.fit (wasm)',
          source: 'tfjs model.fit',
          engine: 'tfjs',
          backend: f.backend,
          epochs: f.epochs,
          msPerEpochMedian: f.msPerEpochMedian,
          msPerEpochMin: f.msPerEpochMin,
          firstEpochMs: f.firstEpochMs,
          finalValLoss: f.finalValLoss,
          note: 'plain model.fit, verbose 0, same sample and model',
        });
      } catch (err) {
        return add({ label: 'tfjs model.fit (wasm)', source: 'tfjs model.fit', skipped: errorText(err) });
      }
    };
    let tfjsWasm: EngineRow | undefined;
    for (const t of TFJS_ROWS) {
      if (!on(t.part)) continue;
      const row = add({ ...(await trainerRun(t.label, 'tfjs', o.epochs, t.backend)), source: 'fitwatch trainer' });
      if (t.backend !== 'wasm') continue;
      tfjsWasm = row;
      if (!on('fit-wasm')) continue;
      // Right after our loop, so both see the same machine load.
      const fit = await fitRow();
      if (!row.skipped && !fit.skipped && row.msPerEpochMedian !== undefined && fit.msPerEpochMedian !== undefined) {
        const cmp: LoopVsFit = {
          backend: 'wasm',
          oursMsPerEpoch: row.msPerEpochMedian,
          modelFitMsPerEpoch: fit.msPerEpochMedian,
          ratio: row.msPerEpochMedian / fit.msPerEpochMedian,
        };
        report.tfjsLoopVsModelFit = cmp;
      }
    }
    if (on('fit-wasm') && !tfjsWasm) {
      await fitRow();
      report.tfjsLoopVsModelFit = skipped('the tfjs-wasm part was not selected, so model.fit has nothing to be compared with');
    }

    if (on('first-epoch')) {
      try {
        const csvDir = mkdtempSync(join(workspace, 'csv-'));
        const ws = await writeSeedCsvWorkspace(csvDir);
        const trainer = await firstEpochViaTrainer(ws, csvDir, paths.trainerPath, 2);
        let cli: FirstEpochReport['cli'];
        try {
          cli = await firstEpochViaCli(ws, csvDir, paths.cliPath, 2);
        } catch (err) {
          cli = skipped(errorText(err));
        }
        const fe: FirstEpochReport = { csvExportMs: ws.exportMs, csvMb: statSync(ws.csvFile).size / 2 ** 20, trainer, cli, budgetMs: BUDGETS.firstEpochMs };
        report.startToFirstEpoch = fe;
        report.peakRssMb.seedCsv = trainer.peakRssMb;
        log(
          `Train → first epoch (seed CSV, ${fe.csvMb.toFixed(1)} MB): trainer ${trainer.skipped ? `skipped: ${trainer.skipped}` : `${trainer.startToFirstEpochMs?.toFixed(0)} ms (load ${trainer.loadMs?.toFixed(0)} ms, ${trainer.engine} engine), peak RSS ${trainer.peakRssMb?.toFixed(0)} MB`}; CLI ${isSkipped(cli) ? `skipped: ${cli.skipped}` : `${cli.startToFirstEpochMs.toFixed(0)} ms`}`,
        );
      } catch (err) {
        report.startToFirstEpoch = skipped(errorText(err));
        log(`Train → first epoch skipped: ${errorText(err)}`);
      }
    }

    if (on('scaling')) {
      log(
        `Scaling (fast engine${on('torch') ? ', PyTorch 1 and 2 threads' : ''}${on('keras') ? ', Keras' : ''}; 1 warm-up + at least 1 epoch, more on the cheaper rows):`,
      );
      const { measureScaling } = await import('./scaling.js');
      report.scaling = await measureScaling(
        paths.repoRoot,
        o.scalingEpochs,
        { torch: on('torch'), keras: on('keras'), kerasInstalled: referenceUnavailable(paths.repoRoot, 'keras') === undefined },
        log,
      );
      log('Kernels (GFLOP/s of each dense matmul on the scaling shapes, against the instruction bound):');
      report.kernelGflops = (await import('./kernel-gflops.js')).measureKernelGflops(o.quick ? 30 : 200, log);
    }

    if (on('panel')) {
      const { chromiumPath } = await import('../../test/webview/harness/panel-page.js');
      if (!existsSync(chromiumPath())) report.panelRedraw = skipped(`no Chromium at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`);
      else {
        try {
          const { measurePanelRedraw } = await import('./panel-redraw.js');
          const p = await measurePanelRedraw(paths.repoRoot);
          report.panelRedraw = p;
          log(
            `Panel redraw (${p.epochs} epochs × ${p.runs} runs): median ${p.medianRedrawMs.toFixed(1)} ms, p95 ${p.p95RedrawMs.toFixed(1)} ms; with rasterisation ${p.medianWithRasterMs.toFixed(1)} / ${p.p95WithRasterMs.toFixed(1)} ms`,
          );
        } catch (err) {
          report.panelRedraw = skipped(errorText(err));
          log(`Panel redraw skipped: ${errorText(err)}`);
        }
      }
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  report.machine.loadavgAfter = machineInfo().loadavgBefore;
  report.durationS = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

/** Default paths: the bundles beside this one (dist/), the repo above. */
export function defaultBenchPaths(repoRoot: string, trainerPath: string, benchScript: string): BenchPaths {
  return { repoRoot, trainerPath, cliPath: join(dirname(trainerPath), 'cli.js'), benchScript };
}

/** The streaming figures of one fast-engine trainer run. */
function streamingReport(row: TrainerMeasurement): StreamingReport | Skipped {
  if (row.skipped || row.streamMsPerEpoch === undefined || row.msPerEpochMean === undefined || row.streamShare === undefined)
    return skipped(row.skipped ?? 'the run recorded no streaming time');
  return {
    label: row.label,
    epochs: row.epochs ?? 0,
    streamMsPerEpoch: row.streamMsPerEpoch,
    epochMsMean: row.msPerEpochMean,
    share: row.streamShare,
    ...(row.outsideEpochShare !== undefined ? { outsideEpochShare: row.outsideEpochShare } : {}),
    budget: BUDGETS.streamingShare,
  };
}

function pctText(share: number | undefined): string {
  return share === undefined ? '–' : `${(share * 100).toFixed(2)} %`;
}
