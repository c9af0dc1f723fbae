#!/usr/bin/env node
// Bundles each process separately: the extension host (vscode external), the trainer child
// process (tfjs bundled in; its .wasm binaries copied beside it by copy-assets.mjs), the CLI, and
// the webview (browser IIFE). `--watch` rebuilds on change.
// dist/trainer-native.js is the same trainer with tfjs left in node_modules, so that an npm-installed
// @tensorflow/tfjs-node registers its backend with the same tfjs-core; only the CLI forks it (see
// docs/backends.md). The VS Code extension ships dist/trainer.js alone.
import * as esbuild from 'esbuild';
import { existsSync, chmodSync, copyFileSync } from 'node:fs';
import { buildWasm } from './build-wasm.mjs';
import { copyAssets } from './copy-assets.mjs';

const watch = process.argv.includes('--watch');
const external = ['vscode', '@tensorflow/*', 'web-tree-sitter', 'tree-sitter-python'];
// mainFields: prefer ESM builds; jsonc-parser's UMD main hides its requires from esbuild (`Cannot find module './impl/format'`).
/** Constant the trainer reads to know whether tfjs is inside its own bundle (src/trainer/tfjs-flavour.ts). */
const tfjsBundled = (yes) => ({ define: { __FITWATCH_TFJS_BUNDLED__: String(yes) } });
const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, external, logLevel: 'warning', mainFields: ['module', 'main'] };
// Processes that must never load vscode: 'vscode' is not external for them, and no such package
// exists in node_modules, so a stray import from the trainer, predict or the CLI fails the build.
const noVscode = (list) => list.filter((x) => x !== 'vscode');

/** Every bundle; an entry that does not exist yet is an error, not a silent skip. */
const builds = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, ...tfjsBundled(true), external: ['@tensorflow/tfjs-node'], entryPoints: ['src/trainer/main.ts'], outfile: 'dist/trainer.js' },
  { ...node, ...tfjsBundled(false), external: noVscode(external), entryPoints: ['src/trainer/main.ts'], outfile: 'dist/trainer-native.js' },
  // The fast engine's worker threads, started by the trainer (and the bench) from beside their bundle.
  { ...node, external: noVscode(external), entryPoints: ['src/trainer/fast/worker-main.ts'], outfile: 'dist/fast-worker.js' },
  // `fitwatch predict`'s child: loads a saved model with the same bundled tfjs as the trainer.
  { ...node, ...tfjsBundled(true), external: ['@tensorflow/tfjs-node'], entryPoints: ['src/trainer/predict-main.ts'], outfile: 'dist/predict.js' },
  { ...node, external: noVscode(external), entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['tools/bench/main.ts'], outfile: 'dist/bench.js' },
  // The in-editor suite: one bundle for @vscode/test-electron, and a test-profile-only runner
  // extension that runs the same suite inside code-server (see test/vscode/suite/index.ts).
  { ...node, external: [...external, 'mocha'], entryPoints: ['test/vscode/suite/index.ts'], outfile: 'dist-test/suite.js' },
  { ...node, external: [...external, 'mocha'], entryPoints: ['test/vscode/runner/runner.ts'], outfile: 'dist-test/runner/runner.js' },
  { bundle: true, platform: 'browser', format: 'iife', target: 'chrome120', sourcemap: true, logLevel: 'warning',
    entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js' },
];

const only = process.env.FITWATCH_BUILD_ONLY?.split(',');
const selected = only ? builds.filter((b) => only.some((o) => b.outfile.includes(o))) : builds;
const missing = selected.filter((b) => !existsSync(b.entryPoints[0]));
if (missing.length) {
  console.error(`build: missing entry points: ${missing.map((b) => b.entryPoints[0]).join(', ')}`);
  process.exit(1);
}
// The fast engine's SIMD kernels (AssemblyScript → dist/fast-kernels.wasm and its relaxed-SIMD twin
// dist/fast-kernels-relaxed.wasm, beside dist/trainer.js). Without them the trainer falls back to
// plain-JS kernels (and says so), about 30× slower.
if (!only || only.some((o) => ['trainer', 'cli', 'bench', 'fast-worker'].includes(o))) await buildWasm();
copyAssets(); // the Python parser's .wasm files, for the Keras bridge
if (watch) {
  for (const b of selected) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(selected.map((b) => esbuild.build(b)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
  if (existsSync('dist-test/runner')) copyFileSync('test/vscode/runner/package.json', 'dist-test/runner/package.json');
}
