/**
 * The wasm kernels against the JS oracle on one flavour, over wide and odd shapes. Used by
 * kernels.test.ts in-process, and run as a script (`node --experimental-wasm-relaxed-simd
 * --import tsx test/unit/fast/kernel-parity.ts wasm-relaxed-simd`) so the relaxed build is checked
 * even where the test's own Node needs a flag for relaxed SIMD.
 */
import { createHeap, HeapLayout } from '../../../src/trainer/fast/heap';
import type { WasmKernelName } from '../../../src/trainer/fast/kernels';
import { createJsKernels } from '../../../src/trainer/fast/kernels-js';
import { createWasmKernels, loadKernelModule } from '../../../src/trainer/fast/kernels-wasm';
import { Mulberry32 } from '../../../src/shared/prng';

/**
 * Relative tolerance against the oracle, the same for both builds. The oracle sums in f64, so the
 * difference is the wasm f32 error: each of the K steps rounds the running sum once (and, in the
 * strict build, the product once more), and those errors add up like a random walk, about
 * √K · 2⁻²⁴ · |partial sums| ≈ 23 · 6e-8 ≈ 1.4e-6 relative at K = 512 (measured: ≤ 1.4e-5 over
 * every shape here, both builds). FMA drops the product rounding, so it can only shrink that error;
 * 1e-4 keeps today's bound and a margin for the worst-case drift.
 */
export const KERNEL_TOLERANCE = 1e-4;

/** Sizes that hit every path: the 1-output heads, tails of 1–3 and 7 columns, 16-wide blocks, packed tiles, K blocks. */
export const PARITY_SIZES = [1, 3, 17, 64, 130, 512];
export const PARITY_ROWS = [1, 7, 200];

/** What one flavour's run found: the shapes checked, the worst relative error, the first failures. */
export interface ParityResult {
  flavour: WasmKernelName;
  shapes: number;
  worst: number;
  failures: string[];
}

/** Runs forward, weight gradient, transpose and input gradient on every rows × nIn × nOut and compares with the JS kernels. */
export function kernelParity(flavour: WasmKernelName, sizes = PARITY_SIZES, rowCounts = PARITY_ROWS): ParityResult {
  const loaded = loadKernelModule(flavour);
  if (typeof loaded === 'string') throw new Error(`${flavour} unavailable: ${loaded}`);
  const result: ParityResult = { flavour, shapes: 0, worst: 0, failures: [] };
  for (const rows of rowCounts) {
    for (const nIn of sizes) {
      for (const nOut of sizes) {
        const layout = new HeapLayout();
        const a = layout.alloc(rows * nIn);
        const w = layout.alloc(nIn * nOut);
        const b = layout.alloc(nOut);
        const z = layout.alloc(rows * nOut);
        const dz = layout.alloc(rows * nOut);
        const dw = layout.alloc(nIn * nOut);
        const db = layout.alloc(nOut);
        const wt = layout.alloc(nIn * nOut);
        const da = layout.alloc(rows * nIn);
        const z0 = layout.alloc(rows * nOut);
        const pages = layout.pages ?? 0;
        const hw = createHeap(pages, true);
        const hj = createHeap(pages, false);
        const rng = new Mulberry32(rows * 1_000_003 + nIn * 1009 + nOut);
        for (let i = a; i < layout.bytes / 4; i++) hw.f32[i] = hj.f32[i] = rng.next() * 2 - 1;
        const kw = createWasmKernels(loaded, hw);
        const kj = createJsKernels(hj);
        for (const k of [kw, kj]) {
          k.denseForward(a, w, b, z, rows, nIn, nOut);
          // Without a bias the bias buffer must not be read.
          k.denseForward(a, w, 0, z0, rows, nIn, nOut);
          k.denseGradWeights(a, dz, dw, db, rows, nIn, nOut);
          k.transpose(w, wt, nIn, nOut);
          k.denseGradInput(dz, wt, da, rows, nIn, nOut);
        }
        result.shapes++;
        const outputs: [string, number, number][] = [
          ['z', z, rows * nOut],
          ['z (no bias)', z0, rows * nOut],
          ['dw', dw, nIn * nOut],
          ['db', db, nOut],
          ['wt', wt, nIn * nOut],
          ['da', da, rows * nIn],
        ];
        for (const [what, at, n] of outputs) {
          for (let i = 0; i < n; i++) {
            const x = hw.f32[at + i];
            const y = hj.f32[at + i];
            const err = Math.abs(x - y) / Math.max(1, Math.abs(y));
            // NaN fails too: `!(err <= tol)`.
            if (!(err <= KERNEL_TOLERANCE) && result.failures.length < 10)
              result.failures.push(`${rows}×${nIn}→${nOut} ${what}[${i}]: ${flavour} ${x} vs js ${y}`);
            if (err > result.worst) result.worst = err;
          }
        }
      }
    }
  }
  return result;
}

if (require.main === module) {
  const flavour = (process.argv[2] ?? 'wasm-simd') as WasmKernelName;
  console.log(JSON.stringify(kernelParity(flavour)));
}
