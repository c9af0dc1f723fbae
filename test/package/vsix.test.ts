import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseSpec } from '../../src/shared/spec';
import { SEED_SPEC_TEXT } from '../../src/cli/sample-spec';
import { TrainerProcess } from '../../src/trainer/client';
import type { TrainerToHost } from '../../src/shared/protocol/trainer';
import { BUNDLES, FILES_NOT_SHIPPED, manifestPaths, NOT_SHIPPED, referencedFileNames, requiredPackages } from './runtime-files';
import { ensureVsix, REPO, vsceLs } from './vsix';

/** The budget for the packaged extension. */
const MAX_VSIX_BYTES = 5 * 1024 * 1024;
/** A listed file at least this big must be something the runtime loads. */
const LARGE = 16 * 1024;

let vsix = '';
let listed: string[] = [];
let bundleTexts: Record<string, string> = {};
/** The listed files alone, copied outside the repo (no node_modules above it): the installed copy. */
let installed = '';

before(() => {
  vsix = ensureVsix(); // also builds dist/ (vscode:prepublish)
  listed = vsceLs();
  bundleTexts = Object.fromEntries(BUNDLES.map((b) => [b, readFileSync(join(REPO, b), 'utf8')]));
  installed = mkdtempSync(join(tmpdir(), 'fitwatch-vsix-'));
  for (const f of listed) {
    mkdirSync(dirname(join(installed, f)), { recursive: true });
    cpSync(join(REPO, f), join(installed, f));
  }
});
after(() => rmSync(installed, { recursive: true, force: true }));

test(`npm run package makes a VSIX of at most ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
  const size = statSync(vsix).size;
  assert.ok(size <= MAX_VSIX_BYTES, `fitwatch.vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
  assert.ok(listed.length <= 60, `${listed.length} files: ${listed.join(', ')}`);
});

test('every bundle, and every file package.json points at, is packaged', () => {
  for (const f of [...BUNDLES, ...manifestPaths(REPO)]) assert.ok(listed.includes(f), `${f} is not in vsce ls`);
});

test('every file a bundle loads by name is packaged beside it', () => {
  const byName = new Map(listed.map((f) => [f.split('/').pop() ?? f, f]));
  for (const [bundle, text] of Object.entries(bundleTexts)) {
    for (const name of referencedFileNames(text)) {
      // Every WebAssembly binary counts; other names only when the build wrote them into dist/
      // (tfjs mentions many files, e.g. model.json, that it never loads here).
      if (name in FILES_NOT_SHIPPED) continue;
      if (name.endsWith('.wasm') || distHas(name)) assert.ok(byName.has(name), `${bundle} names ${name}, which is not packaged`);
    }
  }
});

test('every package a bundle requires resolves inside the packaged files, or is deliberately not shipped', () => {
  for (const [bundle, text] of Object.entries(bundleTexts)) {
    const req = createRequire(join(installed, bundle));
    for (const pkg of requiredPackages(text)) {
      if (pkg in NOT_SHIPPED) continue;
      let resolved = '';
      assert.doesNotThrow(() => (resolved = req.resolve(pkg)), `${bundle} requires ${pkg}, which the packaged files cannot resolve`);
      assert.ok(resolved.startsWith(installed), `${pkg} resolved outside the package: ${resolved}`);
    }
  }
  // tfjs is inside the trainer bundle, not beside it.
  assert.deepEqual(
    listed.filter((f) => f.startsWith('node_modules/@tensorflow/')),
    [],
  );
});

test('nothing else large is packaged, and no maps, sources, tests or type declarations', () => {
  const loaded = new Set(Object.values(bundleTexts).flatMap(referencedFileNames));
  // The manifest's files (icon, walkthrough media) and the images the walkthrough's markdown shows.
  for (const f of manifestPaths(REPO)) loaded.add(f.split('/').pop() ?? f);
  for (const md of listed.filter((f) => f.startsWith('media/') && f.endsWith('.md'))) {
    for (const m of readFileSync(join(REPO, md), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) loaded.add(m[1].split('/').pop() ?? m[1]);
  }
  const required = new Set(Object.values(bundleTexts).flatMap(requiredPackages));
  for (const f of listed) {
    assert.doesNotMatch(f, /\.(map|ts|tsx|pyc)$|(^|\/)(tests?|__pycache__|src)\//, `${f} should not ship`);
    if (f.endsWith('.d.ts')) assert.fail(`${f} should not ship`);
    const size = statSync(join(REPO, f)).size;
    if (size < LARGE || BUNDLES.includes(f as (typeof BUNDLES)[number])) continue;
    const name = f.split('/').pop() ?? f;
    const pkg = f.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1];
    assert.ok(loaded.has(name) || (pkg && required.has(pkg)) || f === 'README.md', `${f} (${Math.round(size / 1024)} KB) is packaged but nothing loads it`);
  }
});

test('the bench and native trainer bundles stay out of the extension; the CLI (the task type runs it) ships', () => {
  for (const f of ['dist/bench.js', 'dist/trainer-native.js']) assert.ok(!listed.includes(f), `${f} is packaged`);
  assert.ok(listed.includes('dist/cli.js'));
  assert.ok(!listed.some((f) => f.startsWith('dist-test/') || f.startsWith('test/') || f.startsWith('tools/')));
});

/** Trains the seed sample for two epochs with the packaged trainer alone; returns its ready message. */
async function trainPackaged(engine: 'fast' | 'tfjs', wide?: { threads: number }): Promise<Extract<TrainerToHost, { type: 'ready' }>> {
  const parsed = parseSpec(SEED_SPEC_TEXT, 'seed.fitwatch.json');
  assert.ok(parsed.spec, 'the seed spec parses');
  const seed = { ...parsed.spec, fit: { ...parsed.spec.fit, epochs: 2 } };
  // `wide`: the seed with a 256-wide hidden layer, wide enough for the fast engine to split it.
  const spec = wide
    ? {
        ...seed,
        model: {
          layers: [
            { type: 'dense' as const, units: 256, activation: 'relu' as const, useBias: true },
            ...seed.model.layers.filter((l) => l.type === 'dense').slice(-1),
          ],
        },
      }
    : seed;
  const workspace = join(installed, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const trainer = new TrainerProcess({ trainerPath: join(installed, 'dist/trainer.js') });
  const messages: TrainerToHost[] = [];
  trainer.onMessage((m) => messages.push(m));
  trainer.start({
    spec,
    workspaceRoot: workspace,
    runDir: join(workspace, `.fitwatch/runs/${engine}${wide ? '-wide' : ''}`),
    runId: `${engine}${wide ? '-wide' : ''}`,
    engine,
    ...(wide ? { threads: wide.threads } : {}),
    backend: 'auto',
    healthEvery: 0,
  });
  const exit = await trainer.exited;
  const problems = messages.filter((m) => m.type === 'error');
  assert.deepEqual(problems, [], trainer.stderr);
  assert.equal(exit.code, 0, trainer.stderr);
  assert.equal(messages.filter((m) => m.type === 'epoch').length, 2);
  const ready = messages.find((m): m is Extract<TrainerToHost, { type: 'ready' }> => m.type === 'ready');
  assert.ok(ready, 'the trainer said which backend runs');
  return ready;
}

test('the packaged trainer trains with the fast engine and with tfjs on WebAssembly, from the packaged files only', async () => {
  const fast = await trainPackaged('fast');
  assert.equal(fast.engine, 'fast');
  assert.doesNotMatch(fast.fallbackReason ?? '', /fast-kernels\.wasm/, 'the fast engine found its kernels beside the bundle');
  // Either wasm build may run (relaxed SIMD where the runtime validates it); both are packaged.
  assert.equal(fast.backend, 'wasm');
  assert.match(fast.versions.fast ?? '', /^wasm-(relaxed-)?simd$/);
  for (const f of ['dist/fast-kernels.wasm', 'dist/fast-kernels-relaxed.wasm', 'dist/fast-worker.js']) assert.ok(listed.includes(f), `${f} is not packaged`);
  assert.equal(fast.versions.fastThreads, '1', 'the seed runs on one thread');
  const threaded = await trainPackaged('fast', { threads: 2 });
  assert.equal(threaded.versions.fastThreads, '2', 'a 256-wide layer splits over the packaged worker thread');
  const tfjs = await trainPackaged('tfjs');
  assert.equal(tfjs.engine, 'tfjs');
  assert.equal(tfjs.backend, 'wasm', 'auto in the extension is WebAssembly first');
  assert.doesNotMatch(tfjs.fallbackReason ?? '', /npm|tfjs-node/, 'no advice the editor user cannot act on');
});

test('the packaged Python parser loads from the packaged files only', async () => {
  const req = createRequire(join(installed, 'dist/extension.js'));
  const ts = req('web-tree-sitter') as typeof import('web-tree-sitter');
  await ts.Parser.init({ locateFile: () => join(installed, 'dist/tree-sitter.wasm') });
  const parser = new ts.Parser();
  parser.setLanguage(await ts.Language.load(join(installed, 'dist/tree-sitter-python.wasm')));
  assert.equal(parser.parse('model.fit(x, y, epochs=3)\n')?.rootNode.type, 'module');
});

/** Whether the build wrote a file of this name into dist/. */
function distHas(name: string): boolean {
  try {
    return statSync(join(REPO, 'dist', name)).isFile();
  } catch {
    return false;
  }
}
