import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KERNEL_SCRATCH_BYTE_OFFSET, KERNEL_SCRATCH_BYTES, type Heap } from './heap';
import type { Kernels, WasmKernelName } from './kernels';
import { errorMessage } from '../../shared/error-message';

/** File name of the strict-SIMD kernels, written next to the trainer bundle by scripts/build-wasm.mjs. */
export const WASM_FILE = 'fast-kernels.wasm';
/** The same kernels built with relaxed SIMD (FMA multiply-adds); loaded only where the runtime validates it. */
export const WASM_RELAXED_FILE = 'fast-kernels-relaxed.wasm';

/** The exports of wasm/kernels.ts; pointers are byte offsets. */
export interface KernelExports {
  relaxedSimd(): number;
  setScratch(ptr: number, bytes: number): void;
  gatherRows(src: number, idx: number, count: number, width: number, dst: number): void;
  denseForward(a: number, w: number, b: number, z: number, rows: number, nIn: number, nOut: number): void;
  denseGradWeights(a: number, dz: number, dw: number, db: number, rows: number, nIn: number, nOut: number): void;
  denseGradInput(dz: number, wt: number, da: number, rows: number, nIn: number, nOut: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  reluForward(z: number, y: number, n: number): void;
  reluBackward(z: number, g: number, n: number): void;
  adamUpdate(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number): void;
  addInPlace(dst: number, src: number, n: number): void;
}

/**
 * The smallest module that uses relaxed SIMD: one function `(v128, v128, v128) → v128` whose body
 * is `f32x4.relaxed_madd` (opcode 0xfd 0x105). A runtime that validates it can run the relaxed
 * build; Node 20's V8 11.3 ships relaxed SIMD behind --experimental-wasm-relaxed-simd only.
 */
const RELAXED_SIMD_PROBE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version 1
  ...[0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b], // type: (v128 v128 v128) → v128
  ...[0x03, 0x02, 0x01, 0x00], // one function of type 0
  ...[0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b], // local.get 0 1 2; f32x4.relaxed_madd; end
]);

/** True when this runtime's WebAssembly validates relaxed SIMD instructions. */
export function supportsRelaxedSimd(): boolean {
  return WebAssembly.validate(RELAXED_SIMD_PROBE);
}

/** Which wasm build to load: the best this runtime runs (`auto`), or one flavour exactly. */
export type KernelFlavourChoice = 'auto' | WasmKernelName;

/** A compiled kernel module and the flavour it is. */
export interface KernelModule {
  module: WebAssembly.Module;
  flavour: WasmKernelName;
  /** With `auto` on the strict build: why the relaxed one was not used. */
  relaxedUnused?: string;
}

/** Where a .wasm may be: beside the bundle (dist/trainer.js), or dist/ at the repo root when run from source. */
export function wasmCandidates(file = WASM_FILE): string[] {
  return [join(__dirname, file), join(__dirname, '..', '..', '..', 'dist', file)];
}

const cachedModules = new Map<string, WebAssembly.Module>();

/** Compiles one flavour's file, or says why it is unavailable. */
function compileFile(file: string, what: string): WebAssembly.Module | string {
  const cached = cachedModules.get(file);
  if (cached) return cached;
  const path = wasmCandidates(file).find((p) => existsSync(p));
  if (!path) return `${file} was not found (looked in ${wasmCandidates(file).join(', ')}); run \`node scripts/build-wasm.mjs\``;
  try {
    const module = new WebAssembly.Module(readFileSync(path));
    cachedModules.set(file, module);
    return module;
  } catch (e) {
    return `${path} could not be compiled (${errorMessage(e)}); this Node may lack WebAssembly ${what}`;
  }
}

/**
 * The compiled kernels, or a reason they are unavailable (the engine then runs its JS kernels).
 * `auto` takes the relaxed build when the probe validates and the file compiles, else the strict
 * one; the strict build is also what every runtime without relaxed SIMD runs.
 */
export function loadKernelModule(choice: KernelFlavourChoice = 'auto'): KernelModule | string {
  let relaxedUnused: string | undefined;
  if (choice !== 'wasm-simd') {
    const relaxed = supportsRelaxedSimd() ? compileFile(WASM_RELAXED_FILE, 'relaxed SIMD') : 'this runtime does not validate relaxed SIMD';
    if (typeof relaxed !== 'string') return { module: relaxed, flavour: 'wasm-relaxed-simd' };
    if (choice === 'wasm-relaxed-simd') return relaxed;
    relaxedUnused = relaxed;
  }
  const strict = compileFile(WASM_FILE, 'SIMD');
  if (typeof strict === 'string') return strict;
  return relaxedUnused === undefined ? { module: strict, flavour: 'wasm-simd' } : { module: strict, flavour: 'wasm-simd', relaxedUnused };
}

/** Which kernels a new fast model will use, and why not wasm SIMD if so (for the trainer's ready message). */
export function fastKernelStatus(): { kernels: WasmKernelName | 'js'; reason?: string } {
  const loaded = loadKernelModule();
  return typeof loaded === 'string' ? { kernels: 'js', reason: loaded } : { kernels: loaded.flavour };
}

/**
 * One instance of the kernels on `memory`, with its own packing scratch (byte offset and size):
 * the main thread's and each worker thread's. Throws when the module is not the flavour expected.
 */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory, scratchByteOffset: number, scratchBytes: number): KernelExports {
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`fast-kernels.wasm aborted at ${line}:${col}`);
      },
    },
  });
  const k = instance.exports as unknown as KernelExports;
  k.setScratch(scratchByteOffset, scratchBytes);
  return k;
}

/** The flavour a kernel instance says it was built as. */
export function kernelName(k: KernelExports): WasmKernelName {
  return k.relaxedSimd() === 1 ? 'wasm-relaxed-simd' : 'wasm-simd';
}

/** Binds the wasm kernels to a heap created with `forWasm`; float indices become byte offsets here. */
export function createWasmKernels(loaded: KernelModule, heap: Heap): Kernels {
  return wrapWasmKernels(loaded, bindWasmExports(loaded, heap));
}

/** The main thread's kernel instance on a heap (scratch at KERNEL_SCRATCH_BYTE_OFFSET). */
export function bindWasmExports(loaded: KernelModule, heap: Heap): KernelExports {
  if (!heap.memory) throw new Error('createWasmKernels needs a heap backed by WebAssembly.Memory');
  const k = instantiateKernels(loaded.module, heap.memory, KERNEL_SCRATCH_BYTE_OFFSET, KERNEL_SCRATCH_BYTES);
  // The module says what it was built as, so the name reported in logs and run.json is the
  // code that runs, not the file name that was asked for.
  const name = kernelName(k);
  if (name !== loaded.flavour) throw new Error(`fast engine: expected the ${loaded.flavour} kernels, the module is ${name}`);
  return k;
}

/** The Kernels interface over an instance's exports (float indices → byte offsets). */
export function wrapWasmKernels(loaded: KernelModule, k: KernelExports): Kernels {
  return {
    name: loaded.flavour,
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
