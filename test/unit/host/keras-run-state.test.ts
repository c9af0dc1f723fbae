import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kerasRunId, KERAS_RUN_PREFIX } from '../../../src/keras/run-id';
import { KerasRun } from '../../../src/host/keras/run-state';
import type { EpochRecord } from '../../../src/shared/metrics';
import { RUN_ID_PATTERN } from '../../../src/shared/protocol/panel';

const rec = (epoch: number, loss: number, valLoss?: number, durationMs = 0): EpochRecord => ({
  epoch,
  logs: valLoss === undefined ? { loss } : { loss, val_loss: valLoss },
  durationMs,
});

const newRun = (live = false): KerasRun =>
  new KerasRun({ id: 'keras-train-log-00000000', name: 'train.log (Keras)', source: '/w/train.log', live, startedAt: new Date('2026-01-02T03:04:05Z') });

test('Keras run ids pass the panel’s run-id check, read like the file, and differ per path', () => {
  const a = kerasRunId('train.log', '/w/a/train.log');
  const b = kerasRunId('train.log', '/w/b/train.log');
  assert.ok(a.startsWith(`${KERAS_RUN_PREFIX}train-log-`), a);
  assert.notEqual(a, b);
  assert.equal(a, kerasRunId('train.log', '/w/a/train.log'));
  for (const id of [a, b, kerasRunId('Ünïcode & spaces.TXT', 'x'), kerasRunId('', ''), kerasRunId('x'.repeat(300), 'k')]) assert.match(id, RUN_ID_PATTERN);
  assert.match(kerasRunId('', 'k'), /^keras-log-[0-9a-f]{8}$/);
});

test('an imported log: epochs, planned total, best val_loss, and a partial log counts as stopped', () => {
  const run = newRun();
  run.replace([rec(0, 0.6, 0.65), rec(1, 0.4, 0.45), rec(2, 0.3, 0.5)]);
  run.setPlannedEpochs(1000);
  assert.equal(run.info.epochs, 3);
  assert.equal(run.info.totalEpochs, 1000);
  assert.equal(run.info.monitor, 'val_loss');
  assert.equal(run.info.bestEpoch, 1);
  assert.equal(run.info.bestValue, 0.45);
  assert.equal(run.info.backend, 'keras');
  assert.equal(run.info.startedAt, '2026-01-02T03:04:05.000Z');
  assert.equal(run.finishedStatus(), 'stopped');
  run.finish(run.finishedStatus());
  const view = run.view();
  assert.equal(view.live, false);
  assert.equal(view.info.status, 'stopped');
  assert.equal(view.history.length, 3);
  assert.deepEqual(view.events, []);
});

test('a log that reached its planned epochs, or does not say, is completed; loss is the monitor without val_loss', () => {
  const run = newRun();
  run.replace([rec(0, 0.5), rec(1, 0.3)]);
  assert.equal(run.info.monitor, 'loss');
  assert.equal(run.info.totalEpochs, 2);
  assert.equal(run.finishedStatus(), 'completed');
  run.setPlannedEpochs(2);
  assert.equal(run.finishedStatus(), 'completed');
  run.setPlannedEpochs(Number.NaN);
  assert.equal(run.info.totalEpochs, 2);
  assert.equal(run.plannedEpochCount, 2);
  assert.equal(newRun().plannedEpochCount, 0);
});

test('a tailed run grows by appends; a resumed epoch number replaces the rows from there; a reset empties it', () => {
  const run = newRun(true);
  assert.equal(run.view().live, true);
  assert.equal(run.info.status, 'running');
  run.append([rec(0, 0.6, 0.7, 1000), rec(1, 0.5, 0.6, 1000)]);
  run.append([rec(2, 0.45, 0.55, 2000)]);
  assert.deepEqual(
    run.history.map((r) => r.epoch),
    [0, 1, 2],
  );
  assert.deepEqual(run.info.timings, { elapsedMs: 4000, meanEpochMs: 4000 / 3 });
  run.append([rec(1, 0.52, 0.61), rec(2, 0.44, 0.5)]);
  assert.deepEqual(
    run.history.map((r) => [r.epoch, r.logs.loss]),
    [
      [0, 0.6],
      [1, 0.52],
      [2, 0.44],
    ],
  );
  assert.equal(run.info.bestValue, 0.5);
  run.replace([]);
  assert.equal(run.info.epochs, 0);
  assert.equal(run.info.bestEpoch, undefined);
  assert.equal(run.info.timings, undefined);
  run.finish('stopped');
  assert.equal(run.view().live, false);
  assert.equal(run.info.status, 'stopped');
  assert.ok(run.info.endedAt);
});
