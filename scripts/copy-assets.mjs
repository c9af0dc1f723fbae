#!/usr/bin/env node
// Copies the runtime files the extension loads by path into dist/: tree-sitter's runtime and
// its Python grammar (WebAssembly), used by the Keras bridge to read Python scripts, and the
// binaries of tfjs' WebAssembly backend, which the trainer bundle (tfjs inside) loads from its
// own folder (setWasmPaths). The packaged extension ships dist/ only, not these packages'
// node_modules folders.
// Called by scripts/build.mjs; also runs on its own: `node scripts/copy-assets.mjs`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** [source, name in dist/]: web-tree-sitter's exports map hides package.json, so its main file locates it. */
const wasmBackend = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
const ASSETS = [
  // All three flavours: tfjs picks one at run time from the WebAssembly features it detects.
  ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => [join(wasmBackend, f), f]),
  [join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), 'tree-sitter.wasm'],
  [join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), 'tree-sitter-python.wasm'],
];

/** Copies every asset into `outDir` (default dist/); a missing source is an error naming it. */
export function copyAssets(outDir = 'dist') {
  mkdirSync(outDir, { recursive: true });
  for (const [from, name] of ASSETS) {
    if (!existsSync(from)) throw new Error(`copy-assets: ${from} is missing; reinstall the dependencies (npm ci).`);
    copyFileSync(from, join(outDir, name));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) copyAssets();
