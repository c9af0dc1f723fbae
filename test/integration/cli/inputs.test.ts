import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AS_ROOT, sharedTempDir } from '../../unit/unprivileged';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const CSV = 'a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,1,0\n2,3,1\n';

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'trainer,cli' }, stdio: 'inherit' });
});

function cli(args: string[], cwd: string, unprivileged = false): { status: number | null; stdout: string; stderr: string } {
  const cmd = [process.execPath, CLI, ...args];
  const [exe, ...rest] = unprivileged && AS_ROOT ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...cmd] : cmd;
  const r = spawnSync(exe, rest, { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a symlinked .fitwatch is refused with exit 2 before anything is written through it', () => {
  const root = mkdtempSync(join(tmpdir(), 'fw-link-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'fw-elsewhere-'));
  writeFileSync(join(root, 'data.csv'), CSV);
  symlinkSync(elsewhere, join(root, '.fitwatch'));
  const r = cli(['train', 'data.csv', '--epochs', '1'], root);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /\.fitwatch in the workspace is a symbolic link .*Fitwatch does not write runs through a link/);
  assert.doesNotMatch(r.stderr, /This is a bug/);
  assert.deepEqual(readdirSync(elsewhere), []);
});

test('a dangling data link and an unreadable data file are bad input (exit 2, the path, what to do), never "a bug"', () => {
  const root = sharedTempDir('fw-inputs-');
  symlinkSync(join(root, 'moved.csv'), join(root, 'gone.csv'));
  let r = cli(['train', 'gone.csv', '--epochs', '1'], root);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /gone\.csv is a symbolic link .* whose target does not exist/);

  writeFileSync(join(root, 'locked.csv'), CSV);
  chmodSync(join(root, 'locked.csv'), 0o000);
  r = cli(['train', 'locked.csv', '--epochs', '1'], root, true);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /locked\.csv: error: .*permission denied for .*locked\.csv\. Make it readable/);
  assert.doesNotMatch(r.stderr, /This is a bug/);

  // The same through a spec: the trainer reports it, and the CLI still exits 2.
  mkdirSync(join(root, 'specs'));
  chmodSync(join(root, 'specs'), 0o777);
  writeFileSync(
    join(root, 'specs', 's.fitwatch.json'),
    JSON.stringify({
      data: { path: '../locked.csv' },
      model: { layers: [{ type: 'dense', units: 1, activation: 'sigmoid' }] },
      compile: { loss: 'binaryCrossentropy' },
      fit: { epochs: 1 },
    }),
  );
  chmodSync(join(root, 'specs', 's.fitwatch.json'), 0o644);
  r = cli(['train', 'specs/s.fitwatch.json'], root, true);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /permission denied for .*locked\.csv/);
  assert.doesNotMatch(r.stderr, /This is a bug/);
});
