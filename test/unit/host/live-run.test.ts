import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveRun } from '../../../src/host/training/live-run';
import type { DatasetSummary } from '../../../src/shared/dataset';

function newRun(): LiveRun {
  return new LiveRun({ id: 'seed-1', specPath: 'seed.fitwatch.json', specName: 'seed', totalEpochs: 1000, startedAt: new Date('2026-01-01T00:00:00Z') });
}

const summary: DatasetSummary = {
  source: 'data/seed.csv',
  format: 'csv',
  rows: 50000,
  features: 64,
  featureNames: [],
  labelName: 'y',
  task: 'binary',
  trainRows: 40000,
  valRows: 10000,
  normalize: 'standard',
  featureStats: [],
  loadMs: 120,
  warnings: [],
};

test('ready and dataset fill the run info and produce one info message each', () => {
  const run = newRun();
  const a = run.apply({ type: 'ready', protocol: 1, backend: 'wasm', engine: 'fast', versions: {}, monitor: 'val_acc', direction: 'max' });
  const b = run.apply({ type: 'dataset', summary, parameters: 1329 });
  assert.equal(a.length, 1);
  assert.equal(b.length, 1);
  assert.equal(run.info.backend, 'wasm');
  assert.equal(run.info.engine, 'fast');
  // The monitor and its direction are the trainer's, not guessed from the spec or the name.
  assert.equal(run.info.monitor, 'val_acc');
  assert.equal(run.info.direction, 'max');
  assert.deepEqual(run.info.dataset, { source: 'data/seed.csv', rows: 50000, features: 64, task: 'binary', trainRows: 40000, valRows: 10000 });
  assert.equal(run.info.timings?.loadMs, 120);
  assert.equal(run.parameters, 1329);
});

test('each epoch is one O(1) panel message and updates epochs and timings', () => {
  const run = newRun();
  const losses = [0.5, 0.3, 0.35];
  for (let e = 0; e < 3; e++) {
    const record = { epoch: e, logs: { loss: 1 - e * 0.1, val_loss: losses[e], learning_rate: 0.01 }, durationMs: 100 };
    const out = run.apply({ type: 'epoch', totalEpochs: 1000, record });
    assert.deepEqual(out, [{ type: 'epochs', runId: run.info.id, records: [record] }]);
  }
  assert.equal(run.info.epochs, 3);
  // The host does not compute a best from the curve: that is the trainer's newBest.
  assert.equal(run.info.bestEpoch, undefined);
  assert.equal(run.info.timings?.firstEpochMs, 100);
  assert.equal(run.info.timings?.meanEpochMs, 100);
  assert.equal(run.learningRate, 0.01);
  assert.equal(run.progress().last?.epoch, 2);
  assert.deepEqual(run.progress().durationsMs, [100, 100, 100]);
});

test("the best epoch is the trainer's latest newBest, whatever the curve's direction", () => {
  const run = newRun();
  run.apply({ type: 'ready', protocol: 1, backend: 'wasm', engine: 'fast', versions: {}, monitor: 'loss', direction: 'min' });
  for (let e = 0; e < 3; e++)
    run.apply({ type: 'epoch', totalEpochs: 1000, record: { epoch: e, logs: { loss: 0.5 - e * 0.1, val_loss: 0.2 + e }, durationMs: 10 } });
  // ReduceLROnPlateau on `loss`: the trainer tracks loss even though val_loss is logged.
  run.apply({ type: 'event', event: { kind: 'newBest', epoch: 2, message: 'loss improved', data: { monitor: 'loss', value: 0.3, previous: 0.4 } } });
  assert.equal(run.info.monitor, 'loss');
  assert.equal(run.info.bestEpoch, 2);
  assert.equal(run.info.bestValue, 0.3);
});

test('an LR event updates the current learning rate and is forwarded', () => {
  const run = newRun();
  const out = run.apply({ type: 'event', event: { kind: 'lrReduced', epoch: 4, message: 'lr 0.01 → 0.005', data: { oldLr: 0.01, newLr: 0.005 } } });
  assert.equal(out[0].type, 'event');
  assert.equal(run.learningRate, 0.005);
  assert.equal(run.events.length, 1);
});

test("done ends the run with the trainer's best, and a later exit is not a crash", () => {
  const run = newRun();
  run.apply({ type: 'done', reason: 'earlyStopped', epochs: 40, bestEpoch: 30, bestValue: 0.13, monitor: 'val_loss', elapsedMs: 5000 });
  assert.equal(run.live, false);
  assert.equal(run.info.status, 'earlyStopped');
  assert.equal(run.info.bestEpoch, 30);
  assert.ok(run.info.endedAt);
  assert.deepEqual(run.markExited(0, null), []);
  assert.equal(run.info.status, 'earlyStopped');
});

test('an error marks the run failed with the formatted problem', () => {
  const run = newRun();
  const out = run.apply({
    type: 'error',
    problem: {
      severity: 'error',
      code: 'data/missing',
      message: 'data/seed.csv does not exist.',
      location: { file: 'seed.fitwatch.json', line: 3, column: 13 },
    },
  });
  assert.equal(out.length, 1);
  assert.equal(run.info.status, 'failed');
  assert.equal(run.info.error, 'seed.fitwatch.json:3:13: error: data/seed.csv does not exist.');
});

test('an exit without done is a crash with the exit code', () => {
  const run = newRun();
  const out = run.markExited(null, 'SIGKILL');
  assert.equal(out.length, 1);
  assert.equal(run.info.status, 'failed');
  assert.match(run.info.error ?? '', /SIGKILL/);
});

test('the panel info message is a copy, so later changes do not alter what was sent', () => {
  const run = newRun();
  const [msg] = run.apply({ type: 'ready', protocol: 1, backend: 'cpu', engine: 'tfjs', versions: {}, monitor: 'val_loss', direction: 'min' });
  run.apply({ type: 'done', reason: 'stopped', epochs: 0, monitor: 'val_loss', elapsedMs: 1 });
  assert.equal(msg.type === 'info' && msg.info.status, 'running');
});

test('findings replace the previous list', () => {
  const run = newRun();
  const f = { code: 'plateau' as const, severity: 'warning' as const, epochs: { start: 0, end: 1 }, evidence: {}, rule: 'r', message: 'm', fixes: [] };
  assert.deepEqual(run.setFindings([f]), { type: 'findings', runId: 'seed-1', findings: [f] });
  run.setFindings([]);
  assert.deepEqual(run.view().findings, []);
});
