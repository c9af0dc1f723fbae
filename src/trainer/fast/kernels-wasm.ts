import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Heap } from './heap';
import type { Kernels } from './kernels';
import { errorMessage } from '../../shared/error-message';

/** File name of the compiled kernels, written next to the trainer bundle by scripts/build-wasm.mjs. */
export const WASM_FILE = 'fast-kernels.wasm';

/** The exports of wasm/kernels.ts; pointers are byte offsets. */
interface KernelExports {
  gatherRows(src: number, idx: number, count: number, width: number, dst: number): void;
  denseForward(a: number, w: number, b: number, z: number, rows: number, nIn: number, nOut: number): void;
  denseGradWeights(a: number, dz: number, dw: number, db: number, rows: number, nIn: number, nOut: number): void;
  denseGradInput(dz: number, wt: number, da: number, rows: number, nIn: number, nOut: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  reluForward(z: number, y: number, n: number): void;
  reluBackward(z: number, g: number, n: number): void;
  adamUpdate(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number): void;
}

/** Where the .wasm may be: beside the bundle (dist/trainer.js), or dist/ at the repo root when run from source. */
export function wasmCandidates(): string[] {
  return [join(__dirname, WASM_FILE), join(__dirname, '..', '..', '..', 'dist', WASM_FILE)];
}

let cachedModule: WebAssembly.Module | undefined;

/** The compiled module, or a reason it is unavailable (the engine then runs its JS kernels). */
export function loadKernelModule(): WebAssembly.Module | string {
  if (cachedModule) return cachedModule;
  const file = wasmCandidates().find((p) => existsSync(p));
  if (!file) return `${WASM_FILE} was not found (looked in ${wasmCandidates().join(', ')}); run \`node scripts/build-wasm.mjs\``;
  try {
    cachedModule = new WebAssembly.Module(readFileSync(file));
    return cachedModule;
  } catch (e) {
    return `${file} could not be compiled (${errorMessage(e)}); this Node may lack WebAssembly SIMD`;
  }
}

/** Which kernels a new fast model will use, and why not wasm SIMD if so (for the trainer's ready message). */
export function fastKernelStatus(): { kernels: 'wasm-simd' | 'js'; reason?: string } {
  const module = loadKernelModule();
  return typeof module === 'string' ? { kernels: 'js', reason: module } : { kernels: 'wasm-simd' };
}

/** Binds the wasm kernels to a heap created with `forWasm`; float indices become byte offsets here. */
export function createWasmKernels(module: WebAssembly.Module, heap: Heap): Kernels {
  if (!heap.memory) throw new Error('createWasmKernels needs a heap backed by WebAssembly.Memory');
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory: heap.memory,
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`fast-kernels.wasm aborted at ${line}:${col}`);
      },
    },
  });
  const k = instance.exports as unknown as KernelExports;
  return {
    name: 'wasm-simd',
    gatherRows: (src, idx, count, width, dst) => k.gatherRows(src * 4, idx * 4, count, width, dst * 4),
    denseForward: (a, w, b, z, rows, nIn, nOut) => k.denseForward(a * 4, w * 4, b * 4, z * 4, rows, nIn, nOut),
    denseGradWeights: (a, dz, dw, db, rows, nIn, nOut) => k.denseGradWeights(a * 4, dz * 4, dw * 4, db * 4, rows, nIn, nOut),
    denseGradInput: (dz, wt, da, rows, nIn, nOut) => k.denseGradInput(dz * 4, wt * 4, da * 4, rows, nIn, nOut),
    transpose: (src, dst, rows, cols) => k.transpose(src * 4, dst * 4, rows, cols),
    reluForward: (z, y, n) => k.reluForward(z * 4, y * 4, n),
    reluBackward: (z, g, n) => k.reluBackward(z * 4, g * 4, n),
    adamUpdate: (p, g, m, v, n, lr, b1, b2, eps, c1, c2) => k.adamUpdate(p * 4, g * 4, m * 4, v * 4, n, lr, b1, b2, eps, c1, c2),
  };
}
