#!/usr/bin/env node
// Compiles the fast engine's AssemblyScript kernels next to the trainer bundle that loads them,
// in two flavours from the one source: dist/fast-kernels.wasm (strict SIMD: runs on every
// runtime with WebAssembly SIMD, and is the parity oracle's match) and
// dist/fast-kernels-relaxed.wasm (relaxed SIMD: f32x4.relaxed_madd, an FMA where the CPU has one;
// loaded only when a probe says the runtime validates relaxed SIMD). Build products (a few KB
// each), never committed. Both import a shared memory (threads feature, 4 GiB maximum) so worker
// threads can run the same kernels on the same heap; measured at the same speed single-threaded as
// an unshared memory (dense matmuls at 16, 128 and 512 wide, within 1 %).
// Usable as a script (`node scripts/build-wasm.mjs`) or imported
// (`buildWasm()`) by tests.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Source and output paths, relative to the repository root. */
export const WASM_SOURCE = 'src/trainer/fast/wasm/kernels.ts';
export const WASM_OUTPUT = 'dist/fast-kernels.wasm';
export const WASM_RELAXED_OUTPUT = 'dist/fast-kernels-relaxed.wasm';

async function compile(outFile, features) {
  const asc = (await import('assemblyscript/asc')).default;
  mkdirSync(dirname(outFile), { recursive: true });
  let errors = '';
  const { error } = await asc.main(
    [join(root, WASM_SOURCE), '-O3', '--runtime', 'stub', '--importMemory', '--noExportMemory', '--sharedMemory', '--maximumMemory', '65536', ...['threads', ...features].flatMap((f) => ['--enable', f]), '--outFile', outFile],
    { stderr: { write: (s) => { errors += String(s); return true; } } },
  );
  if (error) throw new Error(`build-wasm: ${WASM_SOURCE} (${features.join(', ')}) failed to compile: ${error.message}\n${errors}`);
  return outFile;
}

/** Compiles both flavours; throws with asc's diagnostics when compilation fails. Returns the strict file. */
export async function buildWasm(outFile = join(root, WASM_OUTPUT), relaxedFile = join(dirname(outFile), 'fast-kernels-relaxed.wasm')) {
  await compile(outFile, ['simd']);
  await compile(relaxedFile, ['simd', 'relaxed-simd']);
  return outFile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = await buildWasm();
    console.log(`build-wasm: wrote ${out} and ${join(dirname(out), 'fast-kernels-relaxed.wasm')}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
