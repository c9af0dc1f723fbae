import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isInside, realPathOf, resolveInsideWorkspace } from '../../../src/runs/run-paths';

const base = mkdtempSync(join(tmpdir(), 'fitwatch-run-paths-'));
after(() => rmSync(base, { recursive: true, force: true }));
const ws = join(base, 'ws');
const outside = join(base, 'outside');
mkdirSync(join(ws, 'specs'), { recursive: true });
mkdirSync(join(outside, '.vscode'), { recursive: true });
writeFileSync(join(ws, 'specs/a.fitwatch.json'), '{}');
writeFileSync(join(outside, '.vscode/settings.json'), '{}');
symlinkSync(outside, join(ws, 'link-out'), 'dir');
symlinkSync(join(ws, 'specs'), join(ws, 'link-in'), 'dir');
const opts = { what: 'the spec', source: '.fitwatch/runs/r1/run.json' };

test('a path inside the workspace resolves, `..` that stays inside included', () => {
  const r = resolveInsideWorkspace(ws, 'specs/a.fitwatch.json', opts);
  assert.ok(r.ok);
  assert.equal(r.path, join(ws, 'specs/a.fitwatch.json'));
  const dots = resolveInsideWorkspace(ws, 'specs/../specs/a.fitwatch.json', opts);
  assert.ok(dots.ok, 'a .. that stays inside is fine');
  const fromBase = resolveInsideWorkspace(ws, '../specs/a.fitwatch.json', { ...opts, base: join(ws, 'other') });
  assert.ok(fromBase.ok, 'relative to a base inside the workspace');
});

test('the run.json specPath attack: ../../<somewhere>/settings.json is refused with the file that named it', () => {
  const r = resolveInsideWorkspace(ws, '../outside/.vscode/settings.json', opts);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.problem.code, 'run/path-outside-workspace');
  assert.match(r.problem.message, /run\.json names the spec "\.\.\/outside\/\.vscode\/settings\.json", which is outside the workspace/);
  assert.equal(r.problem.location?.file, opts.source);
  assert.equal(resolveInsideWorkspace(ws, '../../etc/passwd', opts).ok, false);
  assert.equal(resolveInsideWorkspace(ws, join(outside, '.vscode/settings.json'), opts).ok, false, 'an absolute path outside');
  assert.equal(resolveInsideWorkspace(ws, '..\\outside\\.vscode\\settings.json', opts).ok, false, 'Windows separators');
  assert.equal(resolveInsideWorkspace(ws, '', opts).ok, false);
  assert.equal(resolveInsideWorkspace(ws, 'a\0b', opts).ok, false);
});

test('symlinks are judged by their real path', () => {
  const r = resolveInsideWorkspace(ws, 'link-out/.vscode/settings.json', opts);
  assert.equal(r.ok, false, 'a link inside the workspace that leads out');
  if (!r.ok) assert.match(r.problem.message, /symbolic link/);
  const notYet = resolveInsideWorkspace(ws, 'link-out/new/file.json', opts);
  assert.equal(notYet.ok, false, 'a path that does not exist yet, below a link that leads out');
  const inside = resolveInsideWorkspace(ws, 'link-in/a.fitwatch.json', opts);
  assert.ok(inside.ok, 'a link that stays inside is fine');
  if (inside.ok) assert.equal(inside.real, realPathOf(join(ws, 'specs/a.fitwatch.json')));
});

test('a workspace that is itself reached through a symlink still holds its own files', () => {
  const alias = join(base, 'ws-alias');
  symlinkSync(ws, alias, 'dir');
  assert.ok(resolveInsideWorkspace(alias, 'specs/a.fitwatch.json', opts).ok);
  assert.equal(resolveInsideWorkspace(alias, 'link-out/.vscode/settings.json', opts).ok, false);
});

test('isInside compares whole segments', () => {
  assert.ok(isInside('/a/b', '/a/b'));
  assert.ok(isInside('/a/b', '/a/b/c'));
  assert.ok(!isInside('/a/b', '/a/bc'));
  assert.ok(!isInside('/a/b', '/a'));
  assert.ok(isInside('/a/b', '/a/b/..c'), 'a name starting with two dots is inside');
});
