import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunInfo } from '../../../src/shared/run';
import { groupRuns, runRow, statusIcon, type RunEntry } from '../../../src/host/runs/run-tree-items';

function info(id: string, startedAt: string, extra: Partial<RunInfo> = {}): RunInfo {
  return { id, status: 'completed', startedAt, epochs: 150, totalEpochs: 150, ...extra };
}
const spec = (path: string) => ({ kind: 'spec' as const, path });

test('runs are grouped by spec, script or log; groups and runs newest first', () => {
  const entries: RunEntry[] = [
    { info: info('a1', '2026-12-03T06:00:00Z'), origin: spec('specs/a.fitwatch.json'), live: false, onDisk: true },
    { info: info('b1', '2026-12-03T07:00:00Z'), origin: spec('b.fitwatch.json'), live: false, onDisk: true },
    { info: info('a2', '2026-12-03T08:00:00Z'), origin: spec('specs/a.fitwatch.json'), live: false, onDisk: true },
    { info: info('k1', '2026-12-03T05:00:00Z'), origin: { kind: 'log', path: 'logs/history.csv' }, live: true, onDisk: false },
  ];
  const groups = groupRuns(entries);
  assert.deepEqual(
    groups.map((g) => g.label),
    ['a.fitwatch.json', 'b.fitwatch.json', 'history.csv'],
  );
  assert.equal(groups[0].description, 'spec · specs · 2 runs');
  assert.deepEqual(
    groups[0].runs.map((r) => r.id),
    ['a2', 'a1'],
  );
  assert.equal(groups[2].description, 'Keras log · logs · 1 run');
  assert.equal(groups[2].runs[0].context, 'run.memory');
});

test('a row shows the best metric, the duration and the engine; a label replaces the date', () => {
  const i = info('r1', '2026-12-03T06:57:00Z', {
    bestValue: 0.294,
    bestEpoch: 31,
    monitor: 'val_loss',
    engine: 'fast',
    backend: 'wasm',
    timings: { elapsedMs: 72_000 },
  });
  const row = runRow({ info: i, origin: spec('s.fitwatch.json'), live: false, onDisk: true });
  assert.match(row.description, /^best val_loss 0\.2940 @ 32 · 1m 12s · fast$/);
  assert.equal(row.icon, 'pass');
  const labelled = runRow({ info: i, origin: spec('s.fitwatch.json'), live: false, onDisk: true, label: { label: 'baseline', note: 'before the LR fix' } });
  assert.equal(labelled.label, 'baseline');
  assert.match(labelled.description, /^\d{4}-\d\d-\d\d \d\d:\d\d · best val_loss/);
  assert.match(labelled.tooltip, /note: before the LR fix/);
  const tfjs = runRow({ info: { ...i, engine: 'tfjs' }, origin: spec('s'), live: false, onDisk: true });
  assert.match(tfjs.description, /tfjs\/wasm$/);
});

test('status icons; a running run with no trainer attached reads as interrupted', () => {
  assert.equal(statusIcon('running', true), 'sync~spin');
  assert.equal(statusIcon('running', false), 'circle-slash');
  assert.equal(statusIcon('failed', false), 'error');
  const row = runRow({ info: info('r', '2026-12-03T06:00:00Z', { status: 'running', epochs: 3 }), origin: spec('s'), live: false, onDisk: true });
  assert.match(row.description, /interrupted$/);
  assert.equal(row.context, 'run.disk');
});
