import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDataset } from '../../../src/data/load-dataset';
import { FitwatchError } from '../../../src/shared/location';
import { loadProblem, workspace } from './helpers';

const CSV = 'a,label\n1,0\n2,1\n';

test('paths resolve against the spec folder (baseDir), errors use workspace-relative names', async () => {
  const root = await workspace({ 'specs/data/d.csv': CSV });
  const d = await loadDataset(
    { kind: 'file', path: 'data/d.csv', labelColumn: -1, header: 'auto', normalize: 'none' },
    { workspaceRoot: root, baseDir: join(root, 'specs'), loss: 'binaryCrossentropy', validationSplit: 0 },
  );
  assert.equal(d.summary.source, 'specs/data/d.csv');
});

test('a missing file names the resolved path and what it was relative to', async () => {
  const root = await workspace({ 'specs/x.txt': '' });
  let caught: unknown;
  try {
    await loadDataset(
      { kind: 'file', path: 'nope.csv', labelColumn: -1, header: 'auto', normalize: 'none' },
      { workspaceRoot: root, baseDir: join(root, 'specs'), loss: 'binaryCrossentropy', validationSplit: 0 },
    );
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof FitwatchError);
  assert.equal(caught.problem.code, 'data/not-found');
  assert.equal(caught.problem.location?.file, 'specs/nope.csv');
  assert.ok(caught.message.includes(join(root, 'specs', 'nope.csv')));
  assert.match(caught.message, /relative to the spec's folder specs/);
});

test('a path outside the workspace is refused, also through a symlink', async () => {
  const outside = await workspace({ 'secret.csv': CSV });
  const root = await workspace({});
  await symlink(join(outside, 'secret.csv'), join(root, 'link.csv'));
  await mkdir(join(root, 'sub'));
  await writeFile(join(root, 'sub', 'ok.csv'), CSV);
  const up = await loadProblem(root, '../' + outside.split('/').pop() + '/secret.csv');
  assert.equal(up.code, 'data/outside-workspace');
  assert.match(up.message, /outside the workspace/);
  const viaLink = await loadProblem(root, 'link.csv');
  assert.equal(viaLink.code, 'data/outside-workspace');
  assert.match(viaLink.message, /is a link to .*secret\.csv, which is outside the workspace/);
  const abs = await loadProblem(root, join(outside, 'secret.csv'));
  assert.equal(abs.code, 'data/outside-workspace');
});

test('a folder, or labelsPath on a CSV, is refused with a fix', async () => {
  const root = await workspace({ 'dir/a.csv': CSV, 'd.csv': CSV });
  const dir = await loadProblem(root, 'dir');
  assert.equal(dir.code, 'data/not-a-file');
  const lp = await loadProblem(root, 'd.csv', { data: { labelsPath: 'y.npy' } });
  assert.equal(lp.code, 'data/labels-path-not-npy');
});

test('an aborted signal stops the load', async () => {
  const root = await workspace({ 'd.csv': CSV });
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    loadDataset(
      { kind: 'file', path: 'd.csv', labelColumn: -1, header: 'auto', normalize: 'none' },
      { workspaceRoot: root, baseDir: root, loss: 'binaryCrossentropy', validationSplit: 0, signal: ac.signal },
    ),
    { name: 'AbortError' },
  );
});
