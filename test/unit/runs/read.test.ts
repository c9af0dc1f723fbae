import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns, logEachOnce, readRun, type SkippedRun } from '../../../src/runs/read';
import { newRunId, runSlug, RUNS_FOLDER } from '../../../src/runs/run-id';
import { RUN_FILES, type RunInfo } from '../../../src/shared/run';
import { RunWriter, runTemporaries } from '../../../src/trainer/run-writer';
import { makeSpec, SMALL_LAYERS } from '../trainer/spec-fixture';
import { runUnprivileged, sharedTempDir } from '../unprivileged';

function info(id: string): RunInfo {
  return { id, status: 'running', startedAt: '2026-01-01T00:00:00.000Z', epochs: 0, totalEpochs: 10, seed: 3 };
}

test('a run written by RunWriter reads back: history with durations, events, final info', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'fw-run-')), 'r1');
  const w = RunWriter.create(dir, info('r1'), makeSpec(SMALL_LAYERS));
  w.appendEpoch({ epoch: 0, logs: { loss: 0.7, val_loss: 0.8, learning_rate: 0.01 }, durationMs: 120 });
  w.appendEvent({ kind: 'newBest', epoch: 0, message: 'best', data: { monitor: 'val_loss', value: 0.8 } });
  w.appendEpoch({ epoch: 1, logs: { loss: 0.6, val_loss: 0.75, learning_rate: 0.01 }, durationMs: 100 });
  w.finish({ status: 'completed', epochs: 2 });
  assert.equal(readFileSync(join(dir, RUN_FILES.metrics), 'utf8'), 'epoch,learning_rate,loss,val_loss\n0,0.01,0.7,0.8\n1,0.01,0.6,0.75\n');
  const run = readRun(dir);
  assert.equal(run.info.status, 'completed');
  assert.equal(run.info.seed, 3);
  assert.ok(run.info.endedAt);
  assert.deepEqual(
    run.history.map((h) => [h.epoch, h.logs.loss, h.durationMs]),
    [
      [0, 0.7, 120],
      [1, 0.6, 100],
    ],
  );
  assert.deepEqual(
    run.events.map((e) => e.kind),
    ['newBest'],
  );
  assert.equal(JSON.parse(readFileSync(join(dir, RUN_FILES.spec), 'utf8')).name, 'unit');
});

test('a killed run (partial lines, run.json still running) reads with its complete rows', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'fw-run-')), 'r2');
  const w = RunWriter.create(dir, info('r2'), makeSpec(SMALL_LAYERS));
  for (let e = 0; e < 3; e++) w.appendEpoch({ epoch: e, logs: { loss: 1 - e / 10 }, durationMs: 5 });
  w.appendEvent({ kind: 'lrReduced', epoch: 2, message: 'lr' });
  w.close();
  appendFileSync(join(dir, RUN_FILES.metrics), '3,0.6');
  appendFileSync(join(dir, RUN_FILES.events), '{"kind":"newB');
  const run = readRun(dir);
  assert.equal(run.info.status, 'running');
  assert.equal(run.history.length, 3);
  assert.equal(run.info.epochs, 3);
  assert.deepEqual(
    run.events.map((e) => e.kind),
    ['lrReduced'],
  );
});

test("a kill between a temporary file's write and its rename: the run reads the same, and a resume removes only the writers' temporaries", () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'fw-run-')), 'r3');
  const w = RunWriter.create(dir, info('r3'), makeSpec(SMALL_LAYERS));
  for (let e = 0; e < 3; e++) w.appendEpoch({ epoch: e, logs: { loss: 1 - e / 10 }, durationMs: 5 });
  w.finish({ status: 'stopped', epochs: 3 });
  const temps = runTemporaries(dir);
  mkdirSync(join(dir, RUN_FILES.bestModel), { recursive: true });
  for (const p of temps.filter((p) => !p.includes(RUN_FILES.finalModel))) writeFileSync(p, 'half');
  writeFileSync(join(dir, 'notes.tmp'), 'the user’s');
  const run = readRun(dir);
  assert.equal(run.info.status, 'stopped');
  assert.equal(run.history.length, 3);
  RunWriter.resume(dir, 2).finish({ status: 'completed', epochs: 2 });
  assert.deepEqual(
    temps.filter((p) => existsSync(p)),
    [],
  );
  assert.equal(readFileSync(join(dir, 'notes.tmp'), 'utf8'), 'the user’s', 'a .tmp file no writer makes is left alone');
  assert.equal(readRun(dir).history.length, 2);
});

test('a folder without run.json still reads, as a failed run that says why', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-run-'));
  writeFileSync(join(dir, RUN_FILES.metrics), 'epoch,loss\n0,1.0\n');
  const run = readRun(dir);
  assert.equal(run.info.status, 'failed');
  assert.match(run.info.error ?? '', /run\.json/);
  assert.equal(run.history.length, 1);
});

test('listRuns returns run folders oldest first; run ids sort by time', () => {
  const root = mkdtempSync(join(tmpdir(), 'fw-ws-'));
  const later = newRunId('Seed: 64 → 16', new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)));
  const earlier = newRunId('seed', new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 999)));
  assert.equal(later, '20260102-030405-006-seed-64-16');
  assert.ok(earlier < later);
  for (const id of [later, earlier]) {
    mkdirSync(join(root, RUNS_FOLDER, id), { recursive: true });
    writeFileSync(join(root, RUNS_FOLDER, id, RUN_FILES.info), JSON.stringify(info(id)));
  }
  assert.deepEqual(
    listRuns(root).map((r) => r.info.id),
    [earlier, later],
  );
  assert.deepEqual(listRuns(join(root, 'nothing-here')), []);
  assert.equal(runSlug('  ?? '), 'run');
});

test('listRuns skips broken entries and names each once: dangling links, half-written and unreadable folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'fw-ws-'));
  const runs = join(root, RUNS_FOLDER);
  const good = ['20260101-000000-000-a', '20260101-000001-000-b'];
  for (const id of good) {
    mkdirSync(join(runs, id), { recursive: true });
    writeFileSync(join(runs, id, RUN_FILES.info), JSON.stringify(info(id)));
  }
  symlinkSync(join(root, 'gone'), join(runs, '20260101-000002-000-dangling'));
  mkdirSync(join(runs, '20260101-000003-000-half'));
  mkdirSync(join(runs, '20260101-000004-000-torn'));
  writeFileSync(join(runs, '20260101-000004-000-torn', RUN_FILES.info), '{"id": "20260101-0000');
  mkdirSync(join(runs, '20260101-000005-000-foreign'));
  writeFileSync(join(runs, '20260101-000005-000-foreign', RUN_FILES.info), '[1, 2]');
  const outside = mkdtempSync(join(tmpdir(), 'fw-outside-'));
  writeFileSync(join(outside, RUN_FILES.info), JSON.stringify(info('x')));
  symlinkSync(outside, join(runs, '20260101-000006-000-escape'));
  writeFileSync(join(runs, 'notes.txt'), 'a stray file is not a run');
  const skipped: SkippedRun[] = [];
  const listed = listRuns(root, { onSkip: (s) => skipped.push(s) });
  assert.deepEqual(
    listed.map((r) => r.info.id),
    good,
  );
  assert.deepEqual(
    skipped.map((s) => [s.name, s.reason]),
    [
      ['20260101-000002-000-dangling', 'a symbolic link whose target does not exist'],
      ['20260101-000003-000-half', 'no run.json (a run folder still being created, or a half-written one)'],
      ['20260101-000004-000-torn', 'run.json is not valid JSON (half-written or damaged)'],
      ['20260101-000005-000-foreign', 'run.json is not a Fitwatch run description (no id or status)'],
      ['20260101-000006-000-escape', `a symbolic link to ${realpathSync(outside)}, outside the workspace`],
    ],
  );
  // Listing twice through logEachOnce names each entry once.
  const lines: string[] = [];
  const once = logEachOnce((l) => lines.push(l));
  listRuns(root, { onSkip: once });
  listRuns(root, { onSkip: once });
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^Skipped .*20260101-000002-000-dangling: a symbolic link whose target does not exist\.$/);
  // Without a callback, one dangling link still does not break the list.
  assert.equal(listRuns(root).length, 2);
});

test('listRuns skips a run folder it may not read, and says so (run as an unprivileged user)', () => {
  const root = sharedTempDir('fw-ws-');
  const dir = join(root, RUNS_FOLDER, '20260101-000000-000-locked');
  mkdirSync(dir, { recursive: true });
  for (const p of [join(root, '.fitwatch'), join(root, RUNS_FOLDER), dir]) chmodSync(p, 0o755);
  writeFileSync(join(dir, RUN_FILES.info), JSON.stringify(info('locked')));
  chmodSync(join(dir, RUN_FILES.info), 0o000);
  const r = runUnprivileged(`
    import { listRuns } from ${JSON.stringify(join(__dirname, '../../../src/runs/read'))};
    const skipped: unknown[] = [];
    const runs = listRuns(${JSON.stringify(root)}, { onSkip: (s) => skipped.push(s.reason) });
    console.log(JSON.stringify({ runs: runs.length, skipped }));
  `);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { runs: 0, skipped: ['run.json cannot be read (permission denied)'] });
});

test('listRuns of a runs folder that is a dangling link returns no runs and names it', () => {
  const root = mkdtempSync(join(tmpdir(), 'fw-ws-'));
  mkdirSync(join(root, '.fitwatch'));
  symlinkSync(join(root, 'gone'), join(root, RUNS_FOLDER));
  const skipped: SkippedRun[] = [];
  assert.deepEqual(listRuns(root, { onSkip: (s) => skipped.push(s) }), []);
  // ENOENT through a dangling link reads like "no runs yet": nothing to name.
  assert.equal(skipped.length, 0);
  rmSync(join(root, RUNS_FOLDER));
  writeFileSync(join(root, RUNS_FOLDER), 'a file');
  listRuns(root, { onSkip: (s) => skipped.push(s) });
  assert.match(skipped[0]?.reason ?? '', /the runs folder cannot be listed \(ENOTDIR\)/);
});

test('rows written within the window reach the disk before a checkpoint or run.json counts them, and at the end', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'fw-run-')), 'r-window');
  const w = RunWriter.create(dir, info('r-window'), makeSpec(SMALL_LAYERS));
  const rows = (): number => readFileSync(join(dir, RUN_FILES.metrics), 'utf8').trim().split('\n').length - 1;
  w.appendEpoch({ epoch: 0, logs: { loss: 0.7 }, durationMs: 1 });
  assert.equal(rows(), 1, 'the first row is written at once');
  w.appendEpoch({ epoch: 1, logs: { loss: 0.6 }, durationMs: 1 });
  w.appendEvent({ kind: 'newBest', epoch: 1, message: 'best', data: { monitor: 'loss', value: 0.6 } });
  assert.equal(rows(), 1, 'the next rows within the window wait (one write per file per window, not per row)');
  w.flushRows();
  assert.equal(rows(), 2, 'a checkpoint flushes first');
  assert.equal(readFileSync(join(dir, RUN_FILES.events), 'utf8').trim().split('\n').length, 1);
  w.appendEpoch({ epoch: 2, logs: { loss: 0.5 }, durationMs: 1 });
  w.update({ epochs: 3 });
  assert.equal(rows(), 3, 'run.json is never ahead of metrics.csv');
  w.appendEpoch({ epoch: 3, logs: { loss: 0.4 }, durationMs: 1 });
  w.finish({ status: 'completed', epochs: 4 });
  assert.equal(rows(), 4, 'finish writes what waited');
  assert.equal(readFileSync(join(dir, RUN_FILES.timings), 'utf8').trim().split('\n').length, 5);
});
