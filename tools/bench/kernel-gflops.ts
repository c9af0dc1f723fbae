/**
 * Per-kernel GFLOP/s of the fast engine's dense matmuls against the bound of the instructions
 * they use, on the layer shapes the scaling workloads train (batch 200). Run alone:
 * `npx tsx tools/bench/kernel-gflops.ts [--reps N] [--json]` (add `node --experimental-wasm-relaxed-simd
 * --import tsx` on Node 20 to time the relaxed build too), or as part of `npm run bench -- --only scaling`.
 *
 * The bound: every kernel issues f32x4 multiply-adds, 4 lanes × 2 flop = 8 flop each. The strict
 * build spends two instructions on one (mul, add), the relaxed build one (FMA). This CPU (AMD Zen 4/5
 * class, by its AVX-512 flags) has two FP multiply/FMA pipes and two FP add pipes, so per cycle it
 * retires 2 mul + 2 add (16 flop) or 2 FMA (16 flop): the same 16 flop/cycle for both builds at
 * 128-bit width. The bound is 16 flop × the measured clock, which is timed here with a chain of
 * dependent 1-cycle integer ops because /proc/cpuinfo in a VM reports the nominal (TSC) clock, not
 * the boost clock the core actually runs at.
 */
import { createHeap, HeapLayout } from '../../src/trainer/fast/heap';
import type { Kernels, WasmKernelName } from '../../src/trainer/fast/kernels';
import { createWasmKernels, loadKernelModule, supportsRelaxedSimd } from '../../src/trainer/fast/kernels-wasm';
import { Mulberry32 } from '../../src/shared/prng';

/** Flop per cycle of 128-bit multiply-adds on two FMA/mul pipes plus two add pipes (see the file comment). */
export const FLOP_PER_CYCLE = 16;

/** One timed kernel call. */
export interface KernelGflopsRow {
  /** Which wasm build ran it. */
  kernels: WasmKernelName;
  kernel: 'denseForward' | 'denseGradWeights' | 'denseGradInput';
  /** `rows × nIn → nOut`. */
  shape: string;
  rows: number;
  nIn: number;
  nOut: number;
  /** 2 · rows · nIn · nOut. */
  flops: number;
  msMin: number;
  msMedian: number;
  /** From the minimum time (the least disturbed repetition on a shared machine). */
  gflops: number;
  gflopsMedian: number;
  /** gflops / bound. */
  ofBound: number;
}

/** The whole table, with the bound it is measured against. */
export interface KernelGflopsReport {
  clockGHz: number;
  /** /proc/cpuinfo's MHz line, for comparison with the measured clock. */
  nominalGHz?: number;
  flopPerCycle: number;
  boundGflops: number;
  relaxedSimd: boolean;
  rows: KernelGflopsRow[];
  /** Why a flavour is missing, when it is. */
  notes: string[];
}

/** The dense layers of the scaling workloads: seed 64→16→16→1, 64→128→128→1, 64→512→512→1, at batch 200. */
export const KERNEL_SHAPES: { rows: number; nIn: number; nOut: number }[] = [
  { rows: 200, nIn: 64, nOut: 16 },
  { rows: 200, nIn: 16, nOut: 16 },
  { rows: 200, nIn: 16, nOut: 1 },
  { rows: 200, nIn: 64, nOut: 128 },
  { rows: 200, nIn: 128, nOut: 128 },
  { rows: 200, nIn: 64, nOut: 512 },
  { rows: 200, nIn: 512, nOut: 512 },
];

/**
 * A wasm function f(n, y, z) that runs n iterations of 8 × `x = (x + y) ^ z`: 16 dependent
 * integer ops of one cycle latency each on any x86 core, so an iteration costs 16 cycles however
 * wide the core is (the loop counter runs alongside). Written out as bytes because wasm, unlike
 * JS, puts no overflow checks or tagging on the chain (the same loop in JS measured 0.4 "GHz").
 */
function clockModuleBytes(): Uint8Array<ArrayBuffer> {
  const step = [0x20, 0x03, 0x20, 0x01, 0x6a, 0x20, 0x02, 0x73, 0x21, 0x03]; // x = (x + y) ^ z
  const loop = [0x03, 0x40, ...Array.from({ length: 8 }, () => step).flat()]; // loop, 8 steps
  const next = [0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b]; // n -= 1; br_if loop while n ≠ 0; end
  const body = [0x01, 0x01, 0x7f, ...loop, ...next, 0x20, 0x03, 0x0b]; // one i32 local (x) … return x
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // magic, version 1
  const type = [0x01, 0x08, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]; // (i32 i32 i32) → i32
  const exported = [0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00]; // function 0, exported as "f"
  return new Uint8Array([...header, ...type, ...exported, 0x0a, body.length + 2, 0x01, body.length, ...body]);
}

/**
 * The core clock in GHz from that dependent chain: /proc/cpuinfo in a VM reports the nominal
 * (TSC) clock, not the boost clock the core runs at. The fastest of many tries counts, so a
 * time slice lost to another process on the shared machine does not lower it.
 */
export function measureClockGHz(): number {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(clockModuleBytes()));
  const f = instance.exports.f as (n: number, y: number, z: number) => number;
  const n = 5_000_000;
  let best = Infinity;
  for (let attempt = 0; attempt < 30; attempt++) {
    const t0 = performance.now();
    f(n, 0x9e3779b9 | 0, 0x7f4a7c15);
    best = Math.min(best, performance.now() - t0);
  }
  return (n * 16) / (best * 1e6);
}

function nominalGHz(): number | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, Linux only.
    const text = (require('node:fs') as typeof import('node:fs')).readFileSync('/proc/cpuinfo', 'utf8');
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(text);
    return m ? Number(m[1]) / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Times `fn` `reps` times after a warm-up; returns min and median ms. */
function time(fn: () => void, reps: number): { min: number; median: number } {
  for (let i = 0; i < 3; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { min: t[0], median: t[Math.floor(t.length / 2)] };
}

/** Kernels of one flavour on a heap big enough for the largest shape, filled with values in [−1, 1]. */
function setUp(flavour: WasmKernelName): { k: Kernels; at: (floats: number) => number } | string {
  const loaded = loadKernelModule(flavour);
  if (typeof loaded === 'string') return loaded;
  const layout = new HeapLayout();
  const max = Math.max(...KERNEL_SHAPES.map((s) => s.rows * Math.max(s.nIn, s.nOut)), ...KERNEL_SHAPES.map((s) => s.nIn * s.nOut));
  const buffers = Array.from({ length: 4 }, () => layout.alloc(max));
  const heap = createHeap(layout.pages ?? 0, true);
  const rng = new Mulberry32(7);
  for (const b of buffers) for (let i = 0; i < max; i++) heap.f32[b + i] = rng.next() * 2 - 1;
  let next = 0;
  return { k: createWasmKernels(loaded, heap), at: () => buffers[next++ % buffers.length] };
}

/** Times each kernel on each shape for every wasm flavour this runtime loads. */
export function measureKernelGflops(reps = 200, log: (line: string) => void = () => undefined): KernelGflopsReport {
  const clockBefore = measureClockGHz();
  const report: KernelGflopsReport = {
    clockGHz: clockBefore,
    nominalGHz: nominalGHz(),
    flopPerCycle: FLOP_PER_CYCLE,
    boundGflops: clockBefore * FLOP_PER_CYCLE,
    relaxedSimd: supportsRelaxedSimd(),
    rows: [],
    notes: [],
  };
  for (const flavour of ['wasm-simd', 'wasm-relaxed-simd'] as const) {
    const s = setUp(flavour);
    if (typeof s === 'string') {
      report.notes.push(`${flavour}: ${s}`);
      log(`  ${flavour}: skipped (${s})`);
      continue;
    }
    const { k, at } = s;
    const [x, y, out, scratch] = [at(0), at(0), at(0), at(0)];
    for (const { rows, nIn, nOut } of KERNEL_SHAPES) {
      const flops = 2 * rows * nIn * nOut;
      // Enough calls per repetition that each one lasts ≳ 0.2 ms, well above the timer's resolution.
      const calls = Math.max(1, Math.ceil(2e7 / flops));
      const runs: [KernelGflopsRow['kernel'], () => void][] = [
        ['denseForward', () => k.denseForward(x, y, scratch, out, rows, nIn, nOut)],
        ['denseGradWeights', () => k.denseGradWeights(x, y, out, scratch, rows, nIn, nOut)],
        ['denseGradInput', () => k.denseGradInput(x, y, out, rows, nIn, nOut)],
      ];
      for (const [kernel, fn] of runs) {
        const t = time(() => {
          for (let c = 0; c < calls; c++) fn();
        }, reps);
        const msMin = t.min / calls;
        const msMedian = t.median / calls;
        const gflops = flops / (msMin * 1e6);
        const row: KernelGflopsRow = {
          kernels: k.name === 'js' ? flavour : k.name,
          kernel,
          shape: `${rows} × ${nIn} → ${nOut}`,
          rows,
          nIn,
          nOut,
          flops,
          msMin,
          msMedian,
          gflops,
          gflopsMedian: flops / (msMedian * 1e6),
          ofBound: 0,
        };
        report.rows.push(row);
        log(
          `  ${row.kernels.padEnd(18)} ${kernel.padEnd(17)} ${row.shape.padEnd(17)} ${msMin.toFixed(4).padStart(8)} ms min ${msMedian.toFixed(4).padStart(8)} median  ${gflops.toFixed(1).padStart(5)} GFLOP/s`,
        );
      }
    }
  }
  // The boost clock moves with the other processes' load: the higher of the two readings
  // (before and after the timings) makes the share of the bound a conservative figure.
  report.clockGHz = Math.max(clockBefore, measureClockGHz());
  report.boundGflops = report.clockGHz * FLOP_PER_CYCLE;
  for (const row of report.rows) row.ofBound = row.gflops / report.boundGflops;
  log(`  clock ${report.clockGHz.toFixed(2)} GHz measured (nominal ${report.nominalGHz?.toFixed(2) ?? '?'}), bound ${report.boundGflops.toFixed(1)} GFLOP/s`);
  return report;
}

/** The Markdown table of a report (the bench's summary and docs/performance.md quote it). */
export function formatKernelGflops(r: KernelGflopsReport): string {
  const lines = [
    `Kernels against the bound: ${r.flopPerCycle} flop/cycle × ${r.clockGHz.toFixed(2)} GHz measured (nominal ${r.nominalGHz?.toFixed(2) ?? '?'} GHz) = ${r.boundGflops.toFixed(1)} GFLOP/s; relaxed SIMD ${r.relaxedSimd ? 'supported' : 'not supported'} by this runtime.`,
    '',
    '| kernels | kernel | shape | Mflop | ms (min) | ms (median) | GFLOP/s (min) | GFLOP/s (median) | % of bound |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of r.rows) {
    lines.push(
      `| ${row.kernels} | ${row.kernel} | ${row.shape} | ${(row.flops / 1e6).toFixed(2)} | ${row.msMin.toFixed(4)} | ${row.msMedian.toFixed(4)} | ${row.gflops.toFixed(1)} | ${row.gflopsMedian.toFixed(1)} | ${(row.ofBound * 100).toFixed(0)} % |`,
    );
  }
  if (r.notes.length > 0) lines.push('', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

// Run as a script only: in dist/bench.js (one esbuild bundle) `require.main === module` holds for
// every bundled file, which would run this table again inside `npm run bench` and print it to stdout.
if (/kernel-gflops\.ts$/.test(process.argv[1] ?? '')) {
  const args = process.argv.slice(2);
  const repsAt = args.indexOf('--reps');
  const report = measureKernelGflops(repsAt >= 0 ? Number(args[repsAt + 1]) : 200, (l) => console.error(l));
  console.log(args.includes('--json') ? JSON.stringify(report) : formatKernelGflops(report));
}
