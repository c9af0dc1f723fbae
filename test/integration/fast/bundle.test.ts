/**
 * Bundled like dist/trainer.js (esbuild, cjs), the engine finds fast-kernels.wasm next to the
 * bundle and trains on wasm SIMD; without the file it says why and falls back to JS kernels.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildWasmForTests } from '../../unit/fast/helpers';

const root = join(__dirname, '..', '..', '..');

before(() => buildWasmForTests());

/** Bundles a tiny program that trains one epoch and prints which kernels ran. */
async function bundleInto(dir: string): Promise<string> {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { createFastModel, fastKernelStatus } from ${JSON.stringify(join(root, 'src/trainer/fast'))};
import { benchmarkFastEngine } from ${JSON.stringify(join(root, 'tools/bench/fast-benchmark'))};
void (async () => {
  const r = await benchmarkFastEngine({ rows: 2000, features: 8, epochs: 2 });
  console.log(JSON.stringify({ status: fastKernelStatus(), kernels: r.kernels, loss: r.lastLogs.loss, create: typeof createFastModel }));
})();
`,
  );
  const outfile = join(dir, 'trainer.js');
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    external: ['@tensorflow/*'],
  });
  return outfile;
}

function run(file: string): { status: { kernels: string; reason?: string }; kernels: string; loss: number } {
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: tmpdir() });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { status: { kernels: string; reason?: string }; kernels: string; loss: number };
}

describe('fast engine inside a bundle', () => {
  it('loads fast-kernels.wasm from beside the bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fitwatch-fast-bundle-'));
    try {
      const file = await bundleInto(dir);
      copyFileSync(join(root, 'dist', 'fast-kernels.wasm'), join(dir, 'fast-kernels.wasm'));
      const out = run(file);
      assert.deepEqual(out.status, { kernels: 'wasm-simd' });
      assert.equal(out.kernels, 'wasm-simd');
      assert.ok(Number.isFinite(out.loss) && out.loss < 0.7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to JS kernels with a reason when the .wasm is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fitwatch-fast-bundle-'));
    try {
      const out = run(await bundleInto(dir));
      assert.equal(out.status.kernels, 'js');
      assert.match(out.status.reason ?? '', /fast-kernels\.wasm was not found .*build-wasm/);
      assert.equal(out.kernels, 'js');
      assert.ok(Number.isFinite(out.loss) && out.loss < 0.7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
