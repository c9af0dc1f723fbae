/**
 * The wasm kernels with the three dense matmuls split by rows across worker threads, when one
 * call's work is large enough to pay for the hand-off. Forward and input gradient: each thread
 * writes its own contiguous rows of the output, every element summed exactly as single-threaded.
 * Weight gradient: each thread sums its rows into its own partial dw/db, then the main thread adds
 * the partials onto its own in thread order, so results are bit-identical run to run for a given
 * thread count (and within float rounding of the single-threaded sum). Element-wise kernels stay
 * on the main thread.
 */
import type { Kernels } from './kernels';
import type { KernelExports } from './kernels-wasm';
import { OP_FORWARD, OP_GRAD_INPUT, OP_GRAD_WEIGHTS } from './thread-protocol';
import type { ThreadPool } from './thread-pool';

/**
 * Multiply-adds (rows · nIn · nOut) of one matmul from which it is split across threads. Measured
 * with tools/bench/thread-threshold.ts (batch 200, square layers, 2 threads against 1, wasm-simd,
 * 2026-12-04, load average 0.0–0.4 on this 2-core VM): the split adds about 16 µs (16 wide: 2.5 →
 * 18.8 µs), loses at 819,200 (64 wide: 34.8 → 46.1 µs, ×0.75), wins at 1,843,200 (96 wide: 74.3 →
 * 65.5 µs, ×1.13; 128 wide ×1.40, 512 wide ×1.6–1.9). The constant sits between, above the seed's
 * largest matmul (batch 200 · 64 · 16 = 204,800, and 1024 · 64 · 16 ≈ 1.05 M in evaluation chunks),
 * so the seed never splits.
 */
export const THREAD_MIN_WORK = 1_500_000;

/** Rows of one slice are a multiple of this: 4 keeps every slice 16-byte aligned, 5 fills the GEMM's 5-row tiles. */
const ROW_ALIGN = 20;

/** True when a matmul of this shape is split across threads at `minWork`. */
export function splitsWork(rows: number, nIn: number, nOut: number, minWork = THREAD_MIN_WORK): boolean {
  return rows * nIn * nOut >= minWork && rows >= 2 * ROW_ALIGN;
}

/** Contiguous row slices, [start, count], one per thread at most; the first is the main thread's. */
export function rowSlices(rows: number, threads: number): [number, number][] {
  const per = Math.ceil(rows / threads / ROW_ALIGN) * ROW_ALIGN;
  const slices: [number, number][] = [];
  for (let start = 0; start < rows; start += per) slices.push([start, Math.min(per, rows - start)]);
  return slices;
}

/** Where each worker sums its share of a weight gradient (float indices, sized for the largest layer). */
export interface PartialGradients {
  dw: number[];
  db: number[];
}

/** Threaded matmuls over `base` (the main thread's wasm kernels, `k` their raw exports). */
export function createThreadedKernels(base: Kernels, k: KernelExports, pool: ThreadPool, partials: PartialGradients, minWork = THREAD_MIN_WORK): Kernels {
  const threads = pool.size + 1;
  return {
    ...base,
    denseForward(a, w, b, z, rows, nIn, nOut) {
      if (!splitsWork(rows, nIn, nOut, minWork)) return base.denseForward(a, w, b, z, rows, nIn, nOut);
      const slices = rowSlices(rows, threads);
      for (let i = 1; i < slices.length; i++) {
        const [r0, n] = slices[i];
        pool.post(i - 1, OP_FORWARD, [(a + r0 * nIn) * 4, w * 4, b * 4, (z + r0 * nOut) * 4, n, nIn, nOut]);
      }
      k.denseForward(a * 4, w * 4, b * 4, z * 4, slices[0][1], nIn, nOut);
      pool.wait(slices.length - 1);
    },
    denseGradInput(dz, wt, da, rows, nIn, nOut) {
      if (!splitsWork(rows, nIn, nOut, minWork)) return base.denseGradInput(dz, wt, da, rows, nIn, nOut);
      const slices = rowSlices(rows, threads);
      for (let i = 1; i < slices.length; i++) {
        const [r0, n] = slices[i];
        pool.post(i - 1, OP_GRAD_INPUT, [(dz + r0 * nOut) * 4, wt * 4, (da + r0 * nIn) * 4, n, nIn, nOut]);
      }
      k.denseGradInput(dz * 4, wt * 4, da * 4, slices[0][1], nIn, nOut);
      pool.wait(slices.length - 1);
    },
    denseGradWeights(a, dz, dw, db, rows, nIn, nOut) {
      if (!splitsWork(rows, nIn, nOut, minWork)) return base.denseGradWeights(a, dz, dw, db, rows, nIn, nOut);
      const slices = rowSlices(rows, threads);
      for (let i = 1; i < slices.length; i++) {
        const [r0, n] = slices[i];
        pool.post(i - 1, OP_GRAD_WEIGHTS, [(a + r0 * nIn) * 4, (dz + r0 * nOut) * 4, partials.dw[i - 1] * 4, db ? partials.db[i - 1] * 4 : 0, n, nIn, nOut]);
      }
      k.denseGradWeights(a * 4, dz * 4, dw * 4, db * 4, slices[0][1], nIn, nOut);
      pool.wait(slices.length - 1);
      // Fixed order (worker 1, 2, …): the same sums in the same order every run.
      for (let i = 1; i < slices.length; i++) {
        k.addInPlace(dw * 4, partials.dw[i - 1] * 4, nIn * nOut);
        if (db) k.addInPlace(db * 4, partials.db[i - 1] * 4, nOut);
      }
    },
  };
}
