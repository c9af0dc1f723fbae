import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EpochRecord } from '../../../src/shared/metrics';
import type { RunView } from '../../../src/shared/protocol/panel';
import { GrowableColumn, createRunSeries, emptyPanelState, reducePanel } from '../../../src/shared/run-state';

function rec(epoch: number, logs: Record<string, number>): EpochRecord {
  return { epoch, logs, durationMs: 10 };
}

function view(id: string, history: EpochRecord[], live = true): RunView {
  return { info: { id, status: 'running', startedAt: '', epochs: history.length, totalEpochs: 1000 }, history, events: [], findings: [], live };
}

test('GrowableColumn grows past its capacity and keeps values', () => {
  const c = new GrowableColumn(2);
  for (let i = 0; i < 1000; i++) c.set(i, i * 2);
  assert.equal(c.length, 1000);
  assert.equal(c.get(999), 1998);
  assert.equal(c.view().length, 1000);
  assert.equal(c.nonFinite, 0);
  assert.equal(c.rewrites, 0);
});

test('GrowableColumn leaves NaN gaps, counts non-finite rows and rewrites', () => {
  const c = new GrowableColumn(4);
  c.set(0, 1);
  c.set(3, 4);
  assert.equal(c.length, 4);
  assert.ok(Number.isNaN(c.get(1)));
  assert.equal(c.nonFinite, 2);
  c.set(1, 2);
  assert.equal(c.nonFinite, 1);
  assert.equal(c.rewrites, 1);
  c.set(4, Infinity);
  assert.equal(c.nonFinite, 2);
  assert.throws(() => c.set(-1, 0), /outside/);
});

test('a snapshot builds the main run and overlays; epochs append to the main run only', () => {
  const s = emptyPanelState();
  const change = reducePanel(s, {
    type: 'snapshot',
    run: view('a', [rec(0, { loss: 1, val_loss: 1.1 })]),
    compare: [view('b', [rec(0, { loss: 2 }), rec(1, { loss: 1.5 })], false)],
    choices: [{ id: 'b', label: 'run b' }],
  });
  assert.equal(change.structure, true);
  assert.equal(s.main?.length, 1);
  assert.equal(s.compare.length, 1);
  assert.equal(s.compare[0].length, 2);

  const c2 = reducePanel(s, { type: 'epoch', runId: 'a', record: rec(1, { loss: 0.8, val_loss: 0.9 }) });
  assert.deepEqual([c2.data, c2.structure], [true, false]);
  assert.deepEqual(Array.from(s.main?.columns.get('loss')?.view() ?? []), [1, 0.8]);

  const ignored = reducePanel(s, { type: 'epoch', runId: 'other', record: rec(2, { loss: 0 }) });
  assert.equal(ignored.data, false);
  assert.equal(s.main?.length, 2);
});

test('a new metric key is a structural change, earlier rows read as gaps', () => {
  const s = emptyPanelState();
  reducePanel(s, { type: 'snapshot', run: view('a', [rec(0, { loss: 1 })]), compare: [], choices: [] });
  const c = reducePanel(s, { type: 'epoch', runId: 'a', record: rec(1, { loss: 0.9, learning_rate: 0.01 }) });
  assert.equal(c.structure, true);
  const lr = s.main?.columns.get('learning_rate');
  assert.ok(lr && Number.isNaN(lr.get(0)) && lr.get(1) === 0.01);
  assert.deepEqual(s.main?.keys, ['loss', 'learning_rate']);
});

test('a missing key in a later record leaves a gap, keeping every column at the run length', () => {
  const run = createRunSeries(view('a', [rec(0, { loss: 1, val_loss: 1 }), rec(1, { loss: 0.5 })]));
  assert.equal(run.columns.get('val_loss')?.length, 2);
  assert.ok(Number.isNaN(run.columns.get('val_loss')?.get(1) ?? 0));
});

test('streaming 10,000 epochs keeps every value', () => {
  const s = emptyPanelState();
  reducePanel(s, { type: 'snapshot', run: view('a', []), compare: [], choices: [] });
  for (let e = 0; e < 10_000; e++) reducePanel(s, { type: 'epoch', runId: 'a', record: rec(e, { loss: 1 / (e + 1) }) });
  const col = s.main?.columns.get('loss');
  assert.equal(col?.length, 10_000);
  assert.equal(col?.get(9_999), 1 / 10_000);
  assert.equal(s.main?.info.epochs, 10_000);
});

test('an epochs batch appends every record in order with one change for the whole batch', () => {
  const s = emptyPanelState();
  reducePanel(s, { type: 'snapshot', run: view('a', [rec(0, { loss: 1 })]), compare: [], choices: [] });
  const records = Array.from({ length: 250 }, (_, i) => rec(i + 1, { loss: 1 / (i + 2), val_loss: 2 / (i + 2) }));
  const c = reducePanel(s, { type: 'epochs', runId: 'a', records });
  assert.deepEqual([c.data, c.header, c.structure, c.markers], [true, true, true, false], 'val_loss is a new key, no events');
  assert.equal(s.main?.length, 251);
  assert.equal(s.main?.info.epochs, 251);
  assert.equal(s.main?.columns.get('loss')?.get(250), 1 / 251);
  assert.ok(Number.isNaN(s.main?.columns.get('val_loss')?.get(0) ?? 0), 'the row before val_loss appeared is a gap');

  const next = reducePanel(s, {
    type: 'epochs',
    runId: 'a',
    records: [rec(251, { loss: 0.001, val_loss: 0.002 })],
    events: [{ kind: 'newBest', epoch: 251, message: 'best' }],
  });
  assert.deepEqual([next.data, next.structure, next.markers], [true, false, true]);
  assert.deepEqual(
    s.main?.events.map((e) => e.epoch),
    [251],
  );

  const other = reducePanel(s, { type: 'epochs', runId: 'b', records: [rec(252, { loss: 0 })] });
  assert.equal(other.data, false);
  assert.equal(s.main?.length, 252);
});

test('batches and single epochs build the same columns; bad epoch indices in a batch are skipped', () => {
  const single = emptyPanelState();
  const batched = emptyPanelState();
  for (const st of [single, batched]) reducePanel(st, { type: 'snapshot', run: view('a', []), compare: [], choices: [] });
  const records = Array.from({ length: 1000 }, (_, i) => rec(i, { loss: Math.exp(-i / 100), learning_rate: i < 500 ? 0.01 : 0.005 }));
  for (const record of records) reducePanel(single, { type: 'epoch', runId: 'a', record });
  for (let i = 0; i < records.length; i += 37) reducePanel(batched, { type: 'epochs', runId: 'a', records: records.slice(i, i + 37) });
  for (const key of ['loss', 'learning_rate']) {
    assert.deepEqual(Array.from(batched.main?.columns.get(key)?.view() ?? []), Array.from(single.main?.columns.get(key)?.view() ?? []), key);
  }
  assert.equal(batched.main?.length, 1000);
  const c = reducePanel(batched, { type: 'epochs', runId: 'a', records: [rec(-1, { loss: 1 }), rec(1.5, { loss: 1 }), rec(1000, { loss: 9 })] });
  assert.equal(c.data, true);
  assert.equal(batched.main?.length, 1001);
  assert.equal(batched.main?.columns.get('loss')?.get(1000), 9);
});

test('an export request changes nothing in the state', () => {
  const s = emptyPanelState();
  reducePanel(s, { type: 'snapshot', run: view('a', [rec(0, { loss: 1 })]), compare: [], choices: [] });
  assert.deepEqual(reducePanel(s, { type: 'exportRequest', format: 'png' }), {
    structure: false,
    data: false,
    header: false,
    markers: false,
    findings: false,
    choices: false,
  });
});

test('events, info and findings update the main run', () => {
  const s = emptyPanelState();
  reducePanel(s, { type: 'snapshot', run: view('a', []), compare: [], choices: [] });
  assert.equal(reducePanel(s, { type: 'event', runId: 'a', event: { kind: 'lrReduced', epoch: 3, message: 'x' } }).markers, true);
  assert.equal(s.main?.events.length, 1);
  reducePanel(s, { type: 'info', runId: 'a', info: { id: 'a', status: 'completed', startedAt: '', epochs: 0, totalEpochs: 5 }, live: false });
  assert.equal(s.main?.live, false);
  assert.equal(s.main?.info.status, 'completed');
  const f = reducePanel(s, { type: 'findings', runId: 'a', findings: [] });
  assert.equal(f.findings, true);
});
