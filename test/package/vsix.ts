/**
 * The VSIX under test: `npm run package` output (fitwatch.vsix at the repo root), made again when
 * a bundle, the manifest or the ignore file is newer. Shared by the package test and the e2e layer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Root of this repository. */
export const REPO = resolve(__dirname, '../..');
/** Where `npm run package` writes the VSIX. */
export const VSIX = join(REPO, 'fitwatch.vsix');
/** The vsce CLI from devDependencies. */
export const VSCE = join(REPO, 'node_modules/@vscode/vsce/vsce');

const INPUTS = ['package.json', '.vscodeignore', 'README.md', 'dist/extension.js', 'dist/trainer.js', 'dist/webview.js'];

/** Whether fitwatch.vsix is missing or older than what goes into it. */
export function vsixIsStale(): boolean {
  if (!existsSync(VSIX)) return true;
  const made = statSync(VSIX).mtimeMs;
  return INPUTS.some((f) => !existsSync(join(REPO, f)) || statSync(join(REPO, f)).mtimeMs > made);
}

/** Runs `npm run package` (vsce package, which builds first) when needed; returns the VSIX path. */
export function ensureVsix(): string {
  if (!vsixIsStale()) return VSIX;
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(VSIX)) throw new Error(`npm run package failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return VSIX;
}

/** `vsce ls`: the files the VSIX holds, as vsce decides from .vscodeignore. */
export function vsceLs(): string[] {
  const r = spawnSync(process.execPath, [VSCE, 'ls'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce ls failed (${r.status}):\n${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
}
