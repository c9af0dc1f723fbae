import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'trainer,cli' }, stdio: 'inherit' });
});

test('diagnose --script prints the Keras 3 checks of the script as warnings at their lines, the script unchanged', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-diagnose-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const script = readFileSync(join(REPO, 'test/fixtures/keras/scripts/seed.py'), 'utf8');
  writeFileSync(join(dir, 'train.py'), script);
  writeFileSync(join(dir, 'log.csv'), readFileSync(join(REPO, 'test/fixtures/keras/csvlogger.csv')));
  const r = spawnSync(process.execPath, [CLI, 'diagnose', 'log.csv', '--script', 'train.py', '--json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; problem?: { code: string; message: string; fix?: string; location?: { file: string; line?: number } } });
  const warning = lines.find((l) => l.type === 'warning' && l.problem?.code === 'keras/lr-keyword');
  assert.ok(warning?.problem, r.stdout);
  assert.deepEqual([warning.problem.location?.file, warning.problem.location?.line], ['train.py', 13]);
  assert.match(warning.problem.fix ?? '', /learning_rate=/);
  assert.equal(readFileSync(join(dir, 'train.py'), 'utf8'), script);
});
