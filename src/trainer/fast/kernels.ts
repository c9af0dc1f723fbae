/**
 * The arithmetic the fast engine needs from a backend, on float indices into one heap.
 * Two implementations: wasm SIMD (`kernels-wasm.ts`, the fast one, in a strict and a relaxed-SIMD
 * build) and plain JS (`kernels-js.ts`, the fallback when the .wasm is missing, and the oracle for tests).
 * A bias index of 0 means "no bias" (index 0 lies in the heap's reserved area).
 */
/**
 * The two wasm builds: `wasm-simd` multiplies then adds (two roundings, every runtime with SIMD);
 * `wasm-relaxed-simd` uses f32x4.relaxed_madd, a fused multiply-add on CPUs with FMA.
 */
export type WasmKernelName = 'wasm-simd' | 'wasm-relaxed-simd';

export interface Kernels {
  /** Which implementation this is, for logs, run.json (`versions.fast`) and benchmarks. */
  readonly name: WasmKernelName | 'js';
  /** dst[r] = src[idx[r]] for `count` rows of `width` floats; `idx` indexes the heap's u32 view. */
  gatherRows(src: number, idx: number, count: number, width: number, dst: number): void;
  /** z = a·w (+ b): a [rows×nIn], w [nIn×nOut], z [rows×nOut]. */
  denseForward(a: number, w: number, b: number, z: number, rows: number, nIn: number, nOut: number): void;
  /** dw = aᵀ·dz (overwritten); db = column sums of dz when b ≠ 0. */
  denseGradWeights(a: number, dz: number, dw: number, db: number, rows: number, nIn: number, nOut: number): void;
  /** da = dz·wᵀ given the transposed kernel wt [nOut×nIn]. */
  denseGradInput(dz: number, wt: number, da: number, rows: number, nIn: number, nOut: number): void;
  /** dst [cols×rows] = srcᵀ. */
  transpose(src: number, dst: number, rows: number, cols: number): void;
  /** y = max(z, 0) over n floats (y may equal z). */
  reluForward(z: number, y: number, n: number): void;
  /** g = z > 0 ? g : 0 (tfjs relu gradient: dy · step(x)). */
  reluBackward(z: number, g: number, n: number): void;
  /** tfjs Adam step over n parameters (see wasm/kernels.ts for the formula). */
  adamUpdate(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    oneMinusAccB1: number,
    oneMinusAccB2: number,
  ): void;
}
