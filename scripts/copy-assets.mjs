#!/usr/bin/env node
// Copies the runtime files the extension loads by path into dist/: tree-sitter's runtime and
// its Python grammar (WebAssembly), used by the Keras bridge to read Python scripts. The
// packaged extension ships dist/ only, not these packages' node_modules folders.
// Called by scripts/build.mjs; also runs on its own: `node scripts/copy-assets.mjs`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** [source, name in dist/]: web-tree-sitter's exports map hides package.json, so its main file locates it. */
const ASSETS = [
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
