import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  editBlockedReason,
  interruptionText,
  isInterrupted,
  locateRunSpec,
  planResume,
  readSpecSnapshot,
  sameSpec,
  UNTRUSTED_REASON,
} from '../../../src/runs/run-actions';
import { writeCheckpoint } from '../../../src/runs/checkpoint';
import { RUN_FILES, type RunInfo } from '../../../src/shared/run';
import { parseSpec } from '../../../src/shared/spec/index';
import { specSnapshotText } from '../../../src/shared/spec/snapshot';

const base = mkdtempSync(join(tmpdir(), 'fitwatch-run-actions-'));
after(() => rmSync(base, { recursive: true, force: true }));
const ws = join(base, 'ws');
const elsewhere = join(base, 'elsewhere');
const SPEC =
  '// the user\'s comment\n{ "name": "s", "data": { "path": "data/d.csv" }, "model": { "layers": [ { "type": "dense", "units": 1, "activation": "sigmoid" } ] }, "compile": { "loss": "binaryCrossentropy" }, "fit": { "epochs": 50 } }\n';
mkdirSync(join(ws, 'specs/data'), { recursive: true });
mkdirSync(join(elsewhere, '.vscode'), { recursive: true });
writeFileSync(join(ws, 'specs/s.fitwatch.json'), SPEC);
writeFileSync(join(ws, 'specs/data/d.csv'), 'a,b\n1,0\n');
writeFileSync(join(elsewhere, '.vscode/settings.json'), '{ "keep": true }\n');
writeFileSync(join(elsewhere, 'd.csv'), 'a,b\n1,0\n');
mkdirSync(join(ws, '.vscode'));
writeFileSync(join(ws, '.vscode/settings.json'), '{}\n');
symlinkSync(elsewhere, join(ws, 'specs/out'), 'dir');

function runFolder(id: string, info: Partial<RunInfo>, snapshot?: string, checkpoint = false): { dir: string; info: RunInfo } {
  const dir = join(ws, '.fitwatch/runs', id);
  mkdirSync(dir, { recursive: true });
  const full: RunInfo = {
    id,
    status: 'interrupted',
    startedAt: '2026-01-01T00:00:00Z',
    epochs: 20,
    totalEpochs: 50,
    specPath: 'specs/s.fitwatch.json',
    ...info,
  };
  writeFileSync(join(dir, RUN_FILES.info), JSON.stringify(full));
  const parsed = parseSpec(SPEC, 'x.fitwatch.json').spec;
  assert.ok(parsed);
  writeFileSync(join(dir, RUN_FILES.spec), snapshot ?? specSnapshotText(parsed));
  if (checkpoint) {
    const meta = {
      epochs: full.checkpoint?.epochs ?? full.epochs,
      engine: 'fast',
      parameters: 3,
      trainRows: 1,
      learningRate: 0.01,
      shuffleState: 1,
      engineScalars: [],
      callbacks: {},
      timing: { epochMsTotal: 1 },
    };
    writeCheckpoint(dir, { meta, groups: { weights: [Float32Array.from([1, 2, 3])] } });
  }
  return { dir, info: full };
}

test('the run.json specPath attack: a path out of the workspace is refused and names run.json', () => {
  const { dir, info } = runFolder('attack', { specPath: '../../elsewhere/.vscode/settings.json' });
  const r = locateRunSpec(ws, dir, info);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.reason, /specPath "\.\.\/\.\.\/elsewhere\/\.vscode\/settings\.json" in .*run\.json points to .*elsewhere.*outside the workspace/);
  assert.equal(r.problem?.location?.file, join(dir, RUN_FILES.info));
  assert.equal(editBlockedReason(true, r), r.reason, 'Apply fix and Train again are off, with the reason');
  assert.equal(readFileSync(join(elsewhere, '.vscode/settings.json'), 'utf8'), '{ "keep": true }\n', 'nothing outside was touched');
});

test('a link inside the workspace that leads out is refused by its real path', () => {
  writeFileSync(join(elsewhere, 'evil.fitwatch.json'), SPEC);
  const { dir, info } = runFolder('link', { specPath: 'specs/out/evil.fitwatch.json' });
  const r = locateRunSpec(ws, dir, info);
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.reason, /symbolic link/);
});

test('a path inside the workspace that is not a spec is refused too: Apply fix edits specs only', () => {
  const { dir, info } = runFolder('settings', { specPath: '.vscode/settings.json' });
  const r = locateRunSpec(ws, dir, info);
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.reason, /not a \*\.fitwatch\.json spec/);
});

test("the run's own spec resolves; `..` that stays inside is fine", () => {
  const { dir, info } = runFolder('fine', { specPath: 'specs/../specs/s.fitwatch.json' });
  const r = locateRunSpec(ws, dir, info);
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.specFile, join(ws, 'specs/s.fitwatch.json'));
  assert.equal(editBlockedReason(true, r), undefined);
  assert.equal(editBlockedReason(false, r), UNTRUSTED_REASON, 'an untrusted workspace turns them off even for a good path');
  const none = locateRunSpec(ws, dir, { ...info, specPath: undefined });
  assert.equal(none.ok, false);
});

test('the spec snapshot reads back as the spec it was taken from (sameSpec ignores comments and defaults)', () => {
  const { dir } = runFolder('snap', {});
  const snap = readSpecSnapshot(dir);
  assert.ok(!('problem' in snap), JSON.stringify(snap));
  if ('problem' in snap) return;
  const original = parseSpec(SPEC, 's.fitwatch.json').spec;
  assert.ok(original);
  assert.ok(sameSpec(snap.spec, original));
  const edited = parseSpec(SPEC.replace('"epochs": 50', '"epochs": 60'), 's.fitwatch.json').spec;
  assert.ok(edited && !sameSpec(snap.spec, edited), 'a changed spec is not the same');
});

test('planResume: an interrupted run with a checkpoint resumes with its snapshot, spec file and checked data path', () => {
  const { dir, info } = runFolder('resumable', {}, undefined, true);
  const plan = planResume(ws, dir, info, false);
  assert.ok(plan.ok, JSON.stringify(plan));
  if (!plan.ok) return;
  assert.equal(plan.specFile, join(ws, 'specs/s.fitwatch.json'));
  assert.equal(plan.fromEpoch, 20);
  assert.equal(plan.spec.fit.epochs, 50);
});

test('planResume refuses, saying why: live, finished, no checkpoint, done, data or spec outside the workspace', () => {
  const ok = runFolder('r-live', {}, undefined, true);
  assert.match(String((planResume(ws, ok.dir, ok.info, true) as { reason?: string }).reason), /still training/);
  const done = runFolder('r-done', { status: 'completed', epochs: 50 }, undefined, true);
  assert.match(String((planResume(ws, done.dir, done.info, false) as { reason?: string }).reason), /completed/);
  const noCkpt = runFolder('r-nockpt', {});
  assert.match(String((planResume(ws, noCkpt.dir, noCkpt.info, false) as { reason?: string }).reason), /no checkpoint/);
  const all = runFolder('r-all', { checkpoint: { epochs: 50, bytes: 1, meanWriteMs: 1, writes: 1 } }, undefined, true);
  assert.match(String((planResume(ws, all.dir, all.info, false) as { reason?: string }).reason), /nothing left/);
  const torn = runFolder('r-torn', {});
  writeFileSync(join(torn.dir, RUN_FILES.checkpoint), 'FWCK');
  assert.match(String((planResume(ws, torn.dir, torn.info, false) as { reason?: string }).reason), /cannot be read/);
  // A snapshot edited by hand to read data from elsewhere (the parser may refuse it first; either way no resume).
  const good = parseSpec(SPEC, 'x.fitwatch.json').spec;
  assert.ok(good);
  for (const [id, path] of [
    ['r-data', '../../elsewhere/d.csv'],
    ['r-data-link', 'out/d.csv'],
  ] as const) {
    const data = runFolder(id, {}, specSnapshotText(good).replace('"data/d.csv"', JSON.stringify(path)), true);
    const r = planResume(ws, data.dir, data.info, false);
    assert.equal(r.ok, false, `a data path out of the workspace is never trained: ${path}`);
    if (!r.ok) assert.match(r.reason, /outside the workspace|symbolic link|\.\./, r.reason);
  }
  const spec = runFolder('r-spec', { specPath: '../../elsewhere/x.fitwatch.json' }, undefined, true);
  assert.equal(planResume(ws, spec.dir, spec.info, false).ok, false);
});

test("interruption words: the window's record, then run.json's reason, then a plain fallback", () => {
  const info: RunInfo = { id: 'x', status: 'interrupted', startedAt: '', epochs: 7, totalEpochs: 10, interruption: 'its host went away' };
  assert.equal(interruptionText(info, 'The window was reloaded at epoch 7.'), 'The window was reloaded at epoch 7.');
  assert.equal(interruptionText(info), 'Its host went away.');
  assert.equal(interruptionText({ ...info, error: 'ENOSPC: no space left' }), 'Its host went away. ENOSPC: no space left.');
  assert.match(interruptionText({ ...info, interruption: undefined }), /after 7 of 10 epochs/);
  assert.ok(isInterrupted(info, false));
  assert.ok(isInterrupted({ ...info, status: 'running' }, false));
  assert.ok(!isInterrupted({ ...info, status: 'running' }, true));
  assert.ok(!isInterrupted({ ...info, status: 'stopped' }, false));
});
