#!/usr/bin/env node
// `npm test`: every layer in order, each timed, then one closing line `N passed, N failed`.
// Layers: typecheck, lint, build, unit, package (the VSIX), trainer integration, real Keras, webview in Chromium, end to end
// in a real VS Code (code-server). A layer that fails does not stop the later ones, so one
// run shows everything that is broken.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const results = 'test-results';
mkdirSync(results, { recursive: true });

/** A layer is either a check (one pass/fail) or a node:test suite (counted from its TAP). */
const layers = [
  // Three programs: everything (tests and tools see node and DOM), node code without DOM, the webview without node.
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  // eslint (architecture, types, promises) and prettier's check of the layout: `npm run format` fixes the latter.
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'build', cmd: [process.execPath, 'scripts/build.mjs'] },
  { name: 'unit', suite: ['test/unit'] },
  // `npm run package` (vsce) and its file list against what the bundles load; e2e installs this VSIX.
  { name: 'package', suite: ['test/package'] },
  { name: 'integration', suite: ['test/integration'] },
  // Real Keras 3 / TensorFlow (and torch, scikit-learn) from the pinned venv .venv-test/.
  { name: 'keras', pre: ['bash', 'scripts/setup-python.sh'], suite: ['test/keras'] },
  { name: 'webview', suite: ['test/webview'] },
  { name: 'e2e', pre: ['bash', 'scripts/setup-code-server.sh'], suite: ['test/e2e'] },
];

let passed = 0;
let failed = 0;
const table = [];
for (const layer of layers) {
  if (only.length && !only.includes(layer.name)) continue;
  console.log(`\n=== ${layer.name} ===`);
  const t0 = Date.now();
  let ok = true;
  let counts = { pass: 0, fail: 0 };
  if (layer.pre) ok = spawnSync(layer.pre[0], layer.pre.slice(1), { stdio: 'inherit' }).status === 0;
  if (ok && layer.suite) {
    const tap = join(results, `${layer.name}.tap`);
    rmSync(tap, { force: true });
    const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...layer.suite], {
      stdio: 'inherit',
      env: { ...process.env, FITWATCH_TAP: tap },
    });
    counts = tapCounts(tap);
    ok = r.status === 0 && counts.fail === 0;
    if (r.status !== 0 && counts.fail === 0) counts.fail = 1; // the runner itself failed
  } else if (ok && layer.cmd) {
    ok = spawnSync(layer.cmd[0], layer.cmd.slice(1), { stdio: 'inherit' }).status === 0;
    counts = ok ? { pass: 1, fail: 0 } : { pass: 0, fail: 1 };
  } else if (!ok) {
    counts = { pass: 0, fail: 1 };
  }
  passed += counts.pass;
  failed += counts.fail;
  table.push({ layer: layer.name, ok, ...counts, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
}

console.log('\nlayer         result  pass  fail  seconds');
for (const r of table) {
  console.log(`${r.layer.padEnd(13)} ${(r.ok ? 'ok' : 'FAIL').padEnd(7)} ${String(r.pass).padStart(4)}  ${String(r.fail).padStart(4)}  ${r.seconds.padStart(7)}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** Top-level pass/fail counts from a node:test TAP report. */
function tapCounts(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { pass: 0, fail: 0 };
  }
  const num = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)`, 'm')) ?? [])[1] ?? 0);
  return { pass: num('pass'), fail: num('fail') + num('cancelled') };
}
