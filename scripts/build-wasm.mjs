#!/usr/bin/env node
// Compiles the fast engine's AssemblyScript kernels to dist/fast-kernels.wasm, next to the
// trainer bundle that loads it. The .wasm is a build product (a few KB), never committed.
// Usable as a script (`node scripts/build-wasm.mjs`) or imported (`buildWasm()`) by tests.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Source and output paths, relative to the repository root. */
export const WASM_SOURCE = 'src/trainer/fast/wasm/kernels.ts';
export const WASM_OUTPUT = 'dist/fast-kernels.wasm';

/** Compiles the kernels; throws with asc's diagnostics when compilation fails. */
export async function buildWasm(outFile = join(root, WASM_OUTPUT)) {
  const asc = (await import('assemblyscript/asc')).default;
  mkdirSync(dirname(outFile), { recursive: true });
  let errors = '';
  const { error } = await asc.main(
    [join(root, WASM_SOURCE), '-O3', '--runtime', 'stub', '--importMemory', '--noExportMemory', '--enable', 'simd', '--outFile', outFile],
    { stderr: { write: (s) => { errors += String(s); return true; } } },
  );
  if (error) throw new Error(`build-wasm: ${WASM_SOURCE} failed to compile: ${error.message}\n${errors}`);
  return outFile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = await buildWasm();
    console.log(`build-wasm: wrote ${out}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
