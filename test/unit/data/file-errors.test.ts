import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileError, isFileInputError } from '../../../src/shared/file-errors';
import { loadProblem, workspace } from './helpers';
import { runUnprivileged, sharedTempDir } from '../unprivileged';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

test('every input errno becomes a FitwatchError naming the file and what to do; other errors are left alone', () => {
  const ctx = { what: 'data.path "train.csv"', absPath: '/ws/train.csv', location: { file: 'train.csv' } };
  const cases: [string, 'open' | 'read', string, RegExp][] = [
    ['EACCES', 'open', 'file/permission-denied', /permission denied for \/ws\/train\.csv/],
    ['EPERM', 'open', 'file/permission-denied', /permission denied/],
    ['EMFILE', 'open', 'file/too-many-open-files', /too many files open/],
    ['ENFILE', 'open', 'file/too-many-open-files', /system has too many files open/],
    ['ENOENT', 'read', 'file/vanished', /disappeared while it was being read/],
    ['ENOENT', 'open', 'file/not-found', /does not exist/],
    ['ELOOP', 'open', 'file/link-loop', /loop of symbolic links/],
    ['EISDIR', 'open', 'file/is-a-folder', /is a folder/],
    ['EIO', 'read', 'file/unreadable', /could not be read \(EIO/],
  ];
  for (const [code, phase, expected, message] of cases) {
    const e = fileError(errno(code), ctx, phase);
    assert.equal(e?.problem.code, expected, code);
    assert.match(e?.problem.message ?? '', message, code);
    assert.ok(e?.problem.fix, code);
    assert.equal(e?.problem.location?.file, 'train.csv');
    assert.ok(isFileInputError(errno(code)));
  }
  assert.equal(fileError(errno('ENOENT'), { ...ctx, dangling: true })?.problem.code, 'file/dangling-link');
  assert.equal(fileError(new TypeError('x is undefined'), ctx), undefined);
  assert.equal(fileError(errno('ERR_SOMETHING_ELSE'), ctx), undefined);
  assert.equal(isFileInputError(new Error('plain')), false);
});

test('a dangling data link is bad input that says it is a link to nowhere', async () => {
  const root = await workspace({});
  symlinkSync(join(root, 'moved-away.csv'), join(root, 'train.csv'));
  const p = await loadProblem(root, 'train.csv');
  assert.equal(p.code, 'file/dangling-link');
  assert.match(p.message, /data\.path "train\.csv" is a symbolic link .* whose target does not exist/);
  assert.equal(p.location?.file, 'train.csv');
});

test('an unreadable data file (as an unprivileged user) is bad input with the path, not a bug', () => {
  const root = sharedTempDir('fw-eacces-');
  writeFileSync(join(root, 'train.csv'), 'a,label\n1,0\n2,1\n');
  chmodSync(join(root, 'train.csv'), 0o000);
  mkdirSync(join(root, 'locked'), { mode: 0o000 });
  const r = runUnprivileged(`
    import { loadDataset } from ${JSON.stringify(join(__dirname, '../../../src/data/load-dataset'))};
    for (const path of ['train.csv', 'locked/x.csv']) {
      loadDataset({ kind: 'file', path, labelColumn: -1, header: 'auto', normalize: 'none' },
        { workspaceRoot: ${JSON.stringify(root)}, baseDir: ${JSON.stringify(root)}, loss: 'binaryCrossentropy', validationSplit: 0 })
        .then(() => console.log('loaded?!'), (e) => console.log(JSON.stringify(e.problem ?? String(e))));
    }
  `);
  assert.equal(r.status, 0, r.stderr);
  const problems = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { code: string; message: string; fix: string; location: { file: string } });
  assert.equal(problems.length, 2, r.stdout);
  for (const p of problems) {
    assert.equal(p.code, 'file/permission-denied', JSON.stringify(p));
    assert.match(p.message, /cannot be read: permission denied for /);
    assert.match(p.fix, /chmod u\+r/);
  }
  assert.deepEqual(problems.map((p) => p.location.file).sort(), ['locked/x.csv', 'train.csv']);
});
