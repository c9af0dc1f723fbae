import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRunsFolder, requireRunPath, requireRunsFolder, resolveRunPath } from '../../../src/runs/run-paths';
import { FitwatchError } from '../../../src/shared/location';

/** A workspace with a spec and data inside, and a "secret" settings file outside it. */
function layout(): { ws: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'fw-paths-')));
  const ws = join(base, 'ws');
  const outside = join(base, 'elsewhere');
  mkdirSync(join(ws, 'specs', 'sub'), { recursive: true });
  mkdirSync(join(outside, '.vscode'), { recursive: true });
  writeFileSync(join(ws, 'specs', 'a.fitwatch.json'), '{}');
  writeFileSync(join(ws, 'data.csv'), 'a,b\n1,2\n');
  writeFileSync(join(outside, '.vscode', 'settings.json'), '{}');
  return { ws, outside };
}

test('a workspace-relative specPath resolves inside the workspace', () => {
  const { ws } = layout();
  const r = requireRunPath(ws, 'specs/a.fitwatch.json', { field: 'specPath', mustExist: true });
  assert.equal(r.absPath, join(ws, 'specs', 'a.fitwatch.json'));
  assert.equal(r.relPath, 'specs/a.fitwatch.json');
  assert.equal(r.exists, true);
});

test('the "../../<somewhere>/settings.json" specPath attack is refused, naming the field, the target and the workspace', () => {
  const { ws, outside } = layout();
  const r = resolveRunPath(ws, '../elsewhere/.vscode/settings.json', { field: 'specPath', source: '.fitwatch/runs/x/run.json' });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.problem.code, 'runs/path-outside-workspace');
  assert.match(r.problem.message, /specPath "\.\.\/elsewhere\/\.vscode\/settings\.json" in \.fitwatch\/runs\/x\/run\.json/);
  assert.ok(r.problem.message.includes(join(outside, '.vscode', 'settings.json')));
  assert.ok(r.problem.message.includes(ws));
  assert.deepEqual(r.problem.location?.jsonPath, ['specPath']);
  // Deeper climbs and absolute paths are the same attack.
  assert.equal(resolveRunPath(ws, '../../../../../../etc/passwd', { field: 'specPath' }).ok, false);
  assert.equal(resolveRunPath(ws, join(outside, '.vscode', 'settings.json'), { field: 'specPath' }).ok, false);
  assert.throws(() => requireRunPath(ws, '../elsewhere/.vscode/settings.json', { field: 'specPath' }), FitwatchError);
});

test('".." that stays inside the workspace is fine; data.path resolves against the spec folder', () => {
  const { ws } = layout();
  const r = requireRunPath(ws, '../data.csv', { field: 'data.path', baseDir: join(ws, 'specs'), mustExist: true });
  assert.equal(r.relPath, 'data.csv');
  assert.equal(requireRunPath(ws, 'specs/sub/../a.fitwatch.json', { field: 'specPath' }).relPath, 'specs/a.fitwatch.json');
  // A file named "..foo" is not a climb.
  writeFileSync(join(ws, '..foo.csv'), '1\n');
  assert.equal(requireRunPath(ws, '..foo.csv', { field: 'data.path' }).relPath, '..foo.csv');
});

test('a symlink inside the workspace that points outside is refused by its real path', () => {
  const { ws, outside } = layout();
  symlinkSync(join(outside, '.vscode', 'settings.json'), join(ws, 'specs', 'link.fitwatch.json'));
  const r = resolveRunPath(ws, 'specs/link.fitwatch.json', { field: 'specPath' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.problem.message, /symbolic link to .*elsewhere.*settings\.json/);
  // A linked folder on the way counts too, also for a file that does not exist yet.
  symlinkSync(outside, join(ws, 'out'));
  assert.equal(resolveRunPath(ws, 'out/.vscode/settings.json', { field: 'specPath' }).ok, false);
  assert.equal(resolveRunPath(ws, 'out/new-file.json', { field: 'specPath' }).ok, false);
});

test('a symlink that stays inside the workspace is accepted with its real path', () => {
  const { ws } = layout();
  symlinkSync(join(ws, 'data.csv'), join(ws, 'specs', 'data-link.csv'));
  const r = requireRunPath(ws, 'data-link.csv', { field: 'data.path', baseDir: join(ws, 'specs'), mustExist: true });
  assert.equal(r.realPath, join(ws, 'data.csv'));
  assert.equal(r.relPath, 'specs/data-link.csv');
});

test('a workspace that is itself reached through a link still accepts its own files', () => {
  const { ws } = layout();
  const alias = join(mkdtempSync(join(tmpdir(), 'fw-alias-')), 'ws-link');
  symlinkSync(ws, alias);
  assert.equal(requireRunPath(alias, 'specs/a.fitwatch.json', { field: 'specPath', mustExist: true }).relPath, 'specs/a.fitwatch.json');
});

test('missing and dangling paths are refused only when they must exist, with a message that says which', () => {
  const { ws } = layout();
  assert.equal(resolveRunPath(ws, 'specs/gone.fitwatch.json', { field: 'specPath' }).ok, true);
  const missing = resolveRunPath(ws, 'specs/gone.fitwatch.json', { field: 'specPath', mustExist: true });
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.problem.message, /does not exist/);
  symlinkSync(join(ws, 'nowhere.json'), join(ws, 'dangling.json'));
  const dangling = resolveRunPath(ws, 'dangling.json', { field: 'specPath', mustExist: true });
  assert.equal(dangling.ok, false);
  if (!dangling.ok) assert.match(dangling.problem.message, /symbolic link whose target does not exist/);
});

test('values that are not paths are refused, not thrown', () => {
  const { ws } = layout();
  for (const v of [undefined, 42, '', '   ', 'a\0b', { path: 'x' }]) {
    const r = resolveRunPath(ws, v, { field: 'specPath' });
    assert.equal(r.ok, false, String(v));
    if (!r.ok) assert.equal(r.problem.code, 'runs/bad-path');
  }
});

test('.fitwatch as a symbolic link is refused with a clear message; a real or missing folder is fine', () => {
  const { ws, outside } = layout();
  assert.equal(checkRunsFolder(ws), undefined);
  mkdirSync(join(ws, '.fitwatch', 'runs'), { recursive: true });
  assert.equal(checkRunsFolder(ws), undefined);

  const { ws: ws2 } = layout();
  symlinkSync(outside, join(ws2, '.fitwatch'));
  const p = checkRunsFolder(ws2);
  assert.equal(p?.code, 'runs/folder-is-link');
  assert.match(p?.message ?? '', /\.fitwatch in the workspace is a symbolic link/);
  assert.match(p?.fix ?? '', /real folder/);
  assert.throws(() => requireRunsFolder(ws2), /symbolic link/);

  const { ws: ws3 } = layout();
  mkdirSync(join(ws3, '.fitwatch'));
  symlinkSync(outside, join(ws3, '.fitwatch', 'runs'));
  assert.equal(checkRunsFolder(ws3)?.code, 'runs/folder-is-link');

  const { ws: ws4 } = layout();
  writeFileSync(join(ws4, '.fitwatch'), 'oops');
  assert.equal(checkRunsFolder(ws4)?.code, 'runs/folder-not-a-folder');
});
