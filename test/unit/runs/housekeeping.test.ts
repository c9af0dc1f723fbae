import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRunsGitignore, FITWATCH_GITIGNORE, prepareRunsFolder, runsToRemove } from '../../../src/runs/housekeeping';
import { writeRunLabel } from '../../../src/runs/run-label';

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'fitwatch-hk-'));
}

function addRun(root: string, id: string, specPath: string, status = 'completed'): string {
  const dir = join(root, '.fitwatch', 'runs', id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ id, specPath, status, startedAt: '', epochs: 1, totalEpochs: 1 }));
  return dir;
}

test('the first run writes .fitwatch/.gitignore; an existing one is never overwritten', () => {
  const root = workspace();
  assert.equal(ensureRunsGitignore(root), true);
  assert.equal(readFileSync(join(root, '.fitwatch', '.gitignore'), 'utf8'), FITWATCH_GITIGNORE);
  writeFileSync(join(root, '.fitwatch', '.gitignore'), 'runs/\n!keep\n');
  assert.equal(ensureRunsGitignore(root), false);
  assert.equal(readFileSync(join(root, '.fitwatch', '.gitignore'), 'utf8'), 'runs/\n!keep\n');
});

test('retention keeps the newest N runs of the spec, the new run included', () => {
  const runs = ['r1', 'r2', 'r3', 'r4'].map((id) => ({ id, specPath: 'a.fitwatch.json', status: 'completed', labelled: false }));
  assert.deepEqual(runsToRemove(runs, { specPath: 'a.fitwatch.json', keep: 3 }), ['r1', 'r2']);
  assert.deepEqual(runsToRemove(runs, { specPath: 'a.fitwatch.json', keep: 5 }), []);
  assert.deepEqual(runsToRemove(runs, { specPath: 'a.fitwatch.json', keep: 0 }), [], '0 keeps every run');
  assert.deepEqual(runsToRemove(runs, { specPath: 'b.fitwatch.json', keep: 1 }), [], 'other specs are left alone');
  assert.deepEqual(runsToRemove(runs, { keep: 1 }), [], 'a run without a spec removes nothing');
});

test('labelled, running and protected runs are never removed, and still count', () => {
  const runs = [
    { id: 'r1', specPath: 's', status: 'completed', labelled: true },
    { id: 'r2', specPath: 's', status: 'running', labelled: false },
    { id: 'r3', specPath: 's', status: 'completed', labelled: false },
    { id: 'r4', specPath: 's', status: 'completed', labelled: false },
    { id: 'r5', specPath: 's', status: 'stopped', labelled: false },
  ];
  assert.deepEqual(runsToRemove(runs, { specPath: 's', keep: 2, protect: ['r4'] }), ['r3', 'r5']);
  assert.deepEqual(runsToRemove(runs, { specPath: 's', keep: 1 }), ['r3', 'r4', 'r5']);
});

test('prepareRunsFolder removes the old folders and keeps labelled ones and other specs', () => {
  const root = workspace();
  const labelled = addRun(root, '20260101-000000-000-a', 'a.fitwatch.json');
  writeRunLabel(labelled, { label: 'baseline' });
  addRun(root, '20260101-000001-000-a', 'a.fitwatch.json');
  addRun(root, '20260101-000002-000-a', 'a.fitwatch.json');
  addRun(root, '20260101-000003-000-b', 'b.fitwatch.json');
  const r = prepareRunsFolder(root, { specPath: 'a.fitwatch.json', keep: 2 });
  assert.equal(r.wroteGitignore, true);
  assert.deepEqual(r.removed, ['20260101-000001-000-a', '20260101-000002-000-a']);
  assert.deepEqual(readdirSync(join(root, '.fitwatch', 'runs')).sort(), ['20260101-000000-000-a', '20260101-000003-000-b']);
  assert.ok(existsSync(join(labelled, 'label.json')));
});

test('an unreadable label.json counts as a label, so the run is kept', () => {
  const root = workspace();
  const dir = addRun(root, '20260101-000000-000-a', 'a.fitwatch.json');
  writeFileSync(join(dir, 'label.json'), '{ not json');
  addRun(root, '20260101-000001-000-a', 'a.fitwatch.json');
  assert.deepEqual(prepareRunsFolder(root, { specPath: 'a.fitwatch.json', keep: 1 }).removed, ['20260101-000001-000-a']);
});
