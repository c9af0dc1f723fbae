#!/usr/bin/env node
// Runs every *.test.ts under the given folders with node:test, TypeScript loaded by tsx.
// Node 20's --test does not expand globs, so the files are listed here.
// FITWATCH_TAP=<file> also writes a TAP report there (scripts/test-all.mjs counts from it).
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap((d) => collect(d, []));
if (files.length === 0) {
  console.error(`no *.test.ts files under ${dirs.join(', ')}`);
  process.exit(1);
}
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.FITWATCH_TAP) reporters.push('--test-reporter=tap', `--test-reporter-destination=${process.env.FITWATCH_TAP}`);
// Test files run one at a time: trainer and browser tests each want both cores.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...reporters, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
