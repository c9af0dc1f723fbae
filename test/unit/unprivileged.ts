/**
 * Runs a snippet as an unprivileged user, so permission tests mean something when the tests run
 * as root (CI does): root reads a chmod 000 file, nobody does not. As a normal user it runs as is.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** uid/gid of `nobody` on Debian-like systems. */
const NOBODY = 65534;

/** Whether the snippet runs under setpriv (the tests run as root). */
export const AS_ROOT = process.getuid?.() === 0;

/** A temp folder the unprivileged user can enter and write into. */
export function sharedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

/** Runs TypeScript `code` (imports resolve from the repository) as nobody; returns what it printed. */
export function runUnprivileged(code: string): { status: number | null; stdout: string; stderr: string } {
  const dir = sharedTempDir('fw-unpriv-');
  const file = join(dir, 'snippet.ts');
  writeFileSync(file, code);
  chmodSync(file, 0o644);
  const node = [process.execPath, '--import', 'tsx', file];
  const [cmd, ...args] = AS_ROOT ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node] : node;
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: join(__dirname, '..', '..'), env: { ...process.env, HOME: dir } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
