/**
 * Benchmarks the fast engine against its own JS kernels and the PyTorch reference on this
 * machine, then prints the scaling table. Run: `npx tsx tools/bench/fast-scaling.ts [--epochs N] [--no-torch] [--torch-threads 2,1] [--quick]`.
 * The PyTorch side is tools/bench/torch_reference.py under /usr/bin/python3 (python3-torch);
 * override with FITWATCH_TORCH_REFERENCE. Runs are sequential so they do not share the 2 cores.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchmarkFastEngine, type FastBenchmarkOptions } from './fast-benchmark';
import { formatKernelGflops, measureKernelGflops } from './kernel-gflops';

interface Row {
  workload: string;
  engine: string;
  medianMs: number;
  minMs: number;
  note: string;
}

/** The torch reference's median/min ms per epoch, or why it could not run. */
function torchReference(epochs: number, hidden: number[], threads: number): { medianMs: number; minMs: number } | string {
  const script = process.env.FITWATCH_TORCH_REFERENCE ?? resolve(__dirname, 'torch_reference.py');
  if (!existsSync(script)) return `no ${script}`;
  const r = spawnSync('/usr/bin/python3', [script, '--epochs', String(epochs), '--hidden', hidden.join(','), '--threads', String(threads)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return `torch_reference.py failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop() ?? ''}`;
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(last) as { median_ms_per_epoch: number; min_ms_per_epoch: number };
  return { medianMs: parsed.median_ms_per_epoch, minMs: parsed.min_ms_per_epoch };
}

async function fast(workload: string, o: FastBenchmarkOptions, rows: Row[]): Promise<void> {
  const r = await benchmarkFastEngine(o);
  rows.push({
    workload,
    engine: `fast (${r.kernels})`,
    medianMs: r.medianMsPerEpoch,
    minMs: r.minMsPerEpoch,
    note: `loss ${r.lastLogs.loss.toFixed(4)} val_acc ${r.lastLogs.val_acc.toFixed(4)}`,
  });
  print(rows.at(-1));
}

/** PyTorch with each requested thread count (a loaded machine punishes its 2-thread default). */
function torch(workload: string, epochs: number, hidden: number[], rows: Row[], threadCounts: number[]): void {
  for (const threads of threadCounts) {
    const engine = `pytorch ${threads}T`;
    const t = torchReference(epochs, hidden, threads);
    rows.push(typeof t === 'string' ? { workload, engine, medianMs: NaN, minMs: NaN, note: t } : { workload, engine, ...t, note: '' });
    print(rows.at(-1));
  }
}

function print(r: Row | undefined): void {
  if (r)
    console.log(
      `${r.workload.padEnd(34)} ${r.engine.padEnd(18)} median ${r.medianMs.toFixed(1).padStart(8)} ms/epoch  min ${r.minMs.toFixed(1).padStart(8)}  ${r.note}`,
    );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const epochsAt = args.indexOf('--epochs');
  const epochs = epochsAt >= 0 ? Number(args[epochsAt + 1]) : 20;
  const withTorch = !args.includes('--no-torch');
  const quick = args.includes('--quick');
  const threadsAt = args.indexOf('--torch-threads');
  const threads = threadsAt >= 0 ? args[threadsAt + 1].split(',').map(Number) : [2, 1];
  const rows: Row[] = [];
  const seed = 'seed 50k×64 →16→16→1';
  await fast(seed, { epochs, kernels: 'wasm' }, rows);
  if (withTorch) torch(seed, epochs, [16, 16], rows, threads);
  await fast(seed, { epochs: Math.min(epochs, 5), kernels: 'js' }, rows);
  if (!quick) {
    for (const h of [128, 512]) {
      const name = `50k×64 →${h}→${h}→1`;
      const e = h === 512 ? 3 : 5;
      await fast(name, { epochs: e, hidden: [h, h], kernels: 'wasm' }, rows);
      if (withTorch) torch(name, e, [h, h], rows, threads);
    }
    await fast('500k×64 →16→16→1', { epochs: 3, rows: 500_000, kernels: 'wasm' }, rows);
  }
  const fastSeed = rows.find((r) => r.workload === seed && r.engine.startsWith('fast (wasm'));
  for (const t of rows.filter((r) => r.workload === seed && r.engine.startsWith('pytorch') && Number.isFinite(r.medianMs))) {
    if (fastSeed)
      console.log(
        `seed workload: fast / ${t.engine} = ${(fastSeed.medianMs / t.medianMs).toFixed(2)}× by median, ${(fastSeed.minMs / t.minMs).toFixed(2)}× by min`,
      );
  }
  console.log('\n| workload | engine | median ms/epoch | min ms/epoch |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.workload} | ${r.engine} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} |`);
  if (!quick) console.log(`\n${formatKernelGflops(measureKernelGflops())}`);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
