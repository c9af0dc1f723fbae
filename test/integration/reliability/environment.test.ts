/**
 * The environment fails, not Fitwatch: a full disk (a tiny tmpfs), a read-only workspace, an
 * unreadable data file and an unwritable workspace for an unprivileged user (setpriv), and a
 * `.fitwatch` that is a symbolic link. Each exits 2 with the path and what to do, never "a bug
 * in Fitwatch" (exit 3), leaves no `running` run.json and no temporary files. CI runs as root,
 * which these need for mount and setpriv; elsewhere they skip with the reason.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpoint } from '../../../src/runs/checkpoint';
import { withLiveness } from '../../../src/runs/liveness';
import { readRunInfo } from '../../../src/runs/read';
import { makeWorkspace, specText } from '../trainer/workspace';
import { childPids, CLI_JS, REPO, spawnCli } from './processes';

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'cli,trainer' }, stdio: 'inherit' });
});

const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
after(() => {
  for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
});

/** Mounts a tmpfs of `size` at a fresh folder; returns the folder, or a reason it could not. */
function tmpfs(size: string): string | { skip: string } {
  if (!isRoot) return { skip: 'mounting a tmpfs needs root (CI runs as root)' };
  const dir = mkdtempSync(join(tmpdir(), 'fw-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { skip: `mount -t tmpfs failed: ${r.stderr.trim()}` };
  mounts.push(dir);
  return dir;
}

/** Every line the CLI printed, parsed. */
function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The problems (`error` lines) of a --json run, as text. */
function errors(stdout: string): string {
  return jsonLines(stdout)
    .filter((l) => l.type === 'error')
    .map((l) => JSON.stringify(l.problem))
    .join('\n');
}

/** Runs the CLI to the end (spawnSync; optional uid/gid), --json. */
function cli(args: string[], cwd: string, as?: { uid: number; gid: number }): { code: number | null; stdout: string; stderr: string } {
  const argv = [CLI_JS, ...args, '--json'];
  const r = as
    ? spawnSync('setpriv', [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups', process.execPath, ...argv], { cwd, encoding: 'utf8', timeout: 60_000 })
    : spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Files in a tree whose names end with .tmp. */
function tmpFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.tmp'));
}

test('a full disk mid-run (tiny tmpfs): exit 2 naming ENOSPC and the path, run.json interrupted, no .tmp files; after freeing space the run resumes', async (t) => {
  const dir = tmpfs('1m');
  if (typeof dir !== 'string') return t.skip(dir.skip);
  const src = makeWorkspace({ rows: 600 });
  const root = join(dir, 'ws');
  mkdirSync(root);
  cpSync(join(src, 'data.csv'), join(root, 'data.csv'));
  writeFileSync(join(root, 'full.fitwatch.json'), specText({ epochs: 100_000, seed: 3 }));
  // Fill the disk but for ~200 KB: the run starts, then its metrics outgrow what is left.
  const filler = join(dir, 'filler');
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4096', 'count=200000'], { encoding: 'utf8' });
  rmSync(filler);
  spawnSync(
    'dd',
    [
      'if=/dev/zero',
      `of=${filler}`,
      'bs=1024',
      `count=${Math.max(0, Number(spawnSync('df', ['--output=avail', '-k', dir], { encoding: 'utf8' }).stdout.trim().split('\n')[1]) - 200)}`,
    ],
    { encoding: 'utf8' },
  );
  const r = cli(['train', 'full.fitwatch.json'], root);
  assert.equal(r.code, 2, `exit ${r.code}: ${r.stdout.slice(-600)} ${r.stderr}`);
  const msg = errors(r.stdout);
  assert.match(msg, /ENOSPC/);
  assert.match(msg, /disk is full/);
  assert.match(msg, new RegExp(root.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  assert.doesNotMatch(r.stdout + r.stderr, /bug in Fitwatch/);
  const runs = join(root, '.fitwatch', 'runs');
  const [id] = readdirSync(runs);
  const runDir = join(runs, id);
  const info = withLiveness(readRunInfo(runDir));
  assert.equal(info.status, 'interrupted', JSON.stringify(info));
  assert.match(info.interruption ?? '', /ENOSPC/);
  assert.deepEqual(tmpFiles(root), []);
  const cp = readCheckpoint(runDir);
  assert.ok(cp && cp.meta.epochs > 0, 'a checkpoint to resume from');
  rmSync(filler);
  const resumed = cli(['train', '--resume', runDir, '--epochs', String(cp.meta.epochs + 5)], root);
  assert.equal(resumed.code, 0, resumed.stdout.slice(-600) + resumed.stderr);
  assert.equal(readRunInfo(runDir).status, 'completed');
});

test('a read-only workspace: exit 2 before the data is loaded, naming the folder and EROFS', async (t) => {
  const dir = tmpfs('4m');
  if (typeof dir !== 'string') return t.skip(dir.skip);
  const src = makeWorkspace({ rows: 600 });
  cpSync(join(src, 'data.csv'), join(dir, 'data.csv'));
  writeFileSync(join(dir, 'ro.fitwatch.json'), specText({ epochs: 5 }));
  const remount = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
  if (remount.status !== 0) return t.skip(`remount read-only failed: ${remount.stderr.trim()}`);
  const r = cli(['train', 'ro.fitwatch.json'], dir);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const msg = errors(r.stdout);
  assert.match(msg, /EROFS/);
  assert.match(msg, /read-only/);
  assert.match(msg, /\.fitwatch/);
  assert.doesNotMatch(r.stdout + r.stderr, /bug in Fitwatch/);
  const types = jsonLines(r.stdout).map((l) => l.type);
  assert.ok(!types.includes('dataset') && !types.includes('run'), `no data loaded, no run folder announced: ${types.join(',')}`);
});

test('as an unprivileged user (setpriv): an unwritable workspace and an unreadable data file both exit 2 with the path', async (t) => {
  if (!isRoot) return t.skip('setpriv to another user needs root (CI runs as root)');
  const nobody = { uid: 65534, gid: 65534 };
  // A workspace the user may read but not write.
  const locked = makeWorkspace({ rows: 200 });
  writeFileSync(join(locked, 'w.fitwatch.json'), specText({ epochs: 3 }));
  chmodSync(locked, 0o755);
  const r1 = cli(['train', 'w.fitwatch.json'], locked, nobody);
  assert.equal(r1.code, 2, r1.stdout + r1.stderr);
  assert.match(errors(r1.stdout), /EACCES/);
  assert.match(errors(r1.stdout), /permission denied/);
  assert.doesNotMatch(r1.stdout + r1.stderr, /bug in Fitwatch/);
  // A writable workspace whose data file the user may not read.
  const open = makeWorkspace({ rows: 200 });
  writeFileSync(join(open, 'u.fitwatch.json'), specText({ epochs: 3 }));
  chmodSync(open, 0o777);
  chmodSync(join(open, 'data.csv'), 0o000);
  const r2 = cli(['train', 'u.fitwatch.json'], open, nobody);
  assert.equal(r2.code, 2, r2.stdout + r2.stderr);
  assert.match(errors(r2.stdout), /data\.csv/);
  assert.doesNotMatch(r2.stdout + r2.stderr, /bug in Fitwatch/);
  // The run folder made for the failed run is removed again: no `running` leftovers.
  const runs = join(open, '.fitwatch', 'runs');
  for (const id of existsSync(runs) ? readdirSync(runs) : []) assert.notEqual(withLiveness(readRunInfo(join(runs, id))).status, 'running');
});

test('a .fitwatch that is a symbolic link is refused with a clear message; nothing is written through it', () => {
  const root = makeWorkspace({ rows: 200 });
  writeFileSync(join(root, 's.fitwatch.json'), specText({ epochs: 3 }));
  const elsewhere = mkdtempSync(join(tmpdir(), 'fw-elsewhere-'));
  symlinkSync(elsewhere, join(root, '.fitwatch'));
  const r = cli(['train', 's.fitwatch.json'], root);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const msg = errors(r.stdout);
  assert.match(msg, /symbolic link/);
  assert.match(msg, /\.fitwatch/);
  assert.deepEqual(readdirSync(elsewhere), []);
});

test('the CLI after kill -9 of its trainer: exit 1 (the run failed mid-way, not a bug), no stale `running`, no mention of a log it did not print', async () => {
  const root = makeWorkspace({ rows: 2000 });
  writeFileSync(join(root, 'k.fitwatch.json'), specText({ epochs: 100_000, seed: 1 }));
  const run = spawnCli(['train', 'k.fitwatch.json'], root);
  await run.waitForLine((l) => l.type === 'epoch' && Number(l.epoch) >= 3);
  const [trainer] = childPids(run.child.pid as number);
  process.kill(trainer, 'SIGKILL');
  const exit = await run.exited;
  assert.equal(exit.code, 1);
  const crash = run.lines.find((l) => l.type === 'error');
  assert.ok(crash, 'a cli/trainer-killed problem');
  assert.doesNotMatch(JSON.stringify(crash), /bug in Fitwatch/);
  const text = JSON.stringify(crash);
  assert.doesNotMatch(text, /log is above/);
  assert.match(text, /--resume/);
  const runs = join(root, '.fitwatch', 'runs');
  const [id] = readdirSync(runs);
  const info = JSON.parse(readFileSync(join(runs, id, 'run.json'), 'utf8')) as { status: string };
  assert.equal(info.status, 'interrupted');
});
