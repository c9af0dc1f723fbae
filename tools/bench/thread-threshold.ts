/**
 * Where splitting a matmul's rows across worker threads starts to pay: each dense kernel at batch
 * 200 on square layers of growing width, timed on the main thread alone and split over 2 threads,
 * alternating so both see the same machine load. The smallest work (rows · nIn · nOut) at which all
 * three kernels are faster split is what THREAD_MIN_WORK (src/trainer/fast/kernels-threaded.ts)
 * records. Run: `npx tsx tools/bench/thread-threshold.ts [--threads N] [--reps N]`.
 */
import { createHeap, HeapLayout, KERNEL_SCRATCH_BYTES } from '../../src/trainer/fast/heap';
import type { Kernels } from '../../src/trainer/fast/kernels';
import { createThreadedKernels } from '../../src/trainer/fast/kernels-threaded';
import { bindWasmExports, loadKernelModule, wrapWasmKernels } from '../../src/trainer/fast/kernels-wasm';
import { ThreadPool } from '../../src/trainer/fast/thread-pool';
import { Mulberry32 } from '../../src/shared/prng';

const ROWS = 200;
const WIDTHS = [16, 24, 32, 48, 64, 96, 128, 192, 256, 512];
type KernelName = 'denseForward' | 'denseGradWeights' | 'denseGradInput';

/** Median microseconds of one call, over `reps` calls after a warm-up. */
function medianUs(fn: () => void, reps: number): number {
  for (let i = 0; i < Math.max(3, reps / 10); i++) fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) * 1000);
  }
  return t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const threads = opt('--threads', 2);
  const reps = opt('--reps', 200);
  const loaded = loadKernelModule('auto');
  if (typeof loaded === 'string') throw new Error(loaded);
  const max = 512;
  const layout = new HeapLayout();
  const a = layout.alloc(ROWS * max);
  const w = layout.alloc(max * max);
  const b = layout.alloc(max);
  const z = layout.alloc(ROWS * max);
  const dw = layout.alloc(max * max);
  const db = layout.alloc(max);
  const workers = Array.from({ length: threads - 1 }, () => ({
    scratch: layout.alloc(KERNEL_SCRATCH_BYTES / 4),
    dw: layout.alloc(max * max),
    db: layout.alloc(max),
  }));
  const heap = createHeap(layout.pages ?? 0, true);
  const rng = new Mulberry32(3);
  for (let i = 0; i < heap.f32.length && i < layout.bytes / 4; i++) heap.f32[i] = rng.next() * 2 - 1;
  const exports = bindWasmExports(loaded, heap);
  const single = wrapWasmKernels(loaded, exports);
  if (!heap.memory) throw new Error('no wasm memory');
  const pool = await ThreadPool.start({
    module: loaded.module,
    memory: heap.memory,
    scratchByteOffsets: workers.map((p) => p.scratch * 4),
    scratchBytes: KERNEL_SCRATCH_BYTES,
  });
  const split = createThreadedKernels(single, exports, pool, { dw: workers.map((p) => p.dw), db: workers.map((p) => p.db) }, 0);
  const call = (k: Kernels, name: KernelName, n: number): (() => void) =>
    name === 'denseForward'
      ? () => k.denseForward(a, w, b, z, ROWS, n, n)
      : name === 'denseGradWeights'
        ? () => k.denseGradWeights(a, z, dw, db, ROWS, n, n)
        : () => k.denseGradInput(z, w, a, ROWS, n, n);
  console.log(`${loaded.flavour}, batch ${ROWS}, ${threads} threads against 1, median µs per call (${reps} calls, alternating blocks of 3)`);
  for (const n of WIDTHS) {
    const work = ROWS * n * n;
    const cells: string[] = [];
    for (const name of ['denseForward', 'denseGradWeights', 'denseGradInput'] as const) {
      const one: number[] = [];
      const many: number[] = [];
      for (let block = 0; block < 3; block++) {
        one.push(medianUs(call(single, name, n), Math.max(5, Math.round(reps / 3))));
        many.push(medianUs(call(split, name, n), Math.max(5, Math.round(reps / 3))));
      }
      const m1 = one.sort((x, y) => x - y)[1];
      const mN = many.sort((x, y) => x - y)[1];
      cells.push(`${name.replace('dense', '').padEnd(11)} ${m1.toFixed(1).padStart(7)} → ${mN.toFixed(1).padStart(7)} (×${(m1 / mN).toFixed(2)})`);
    }
    console.log(`${String(n).padStart(4)} wide, work ${work.toLocaleString('en-US').padStart(11)}: ${cells.join('  ')}`);
  }
  await pool.close();
}

void main();
