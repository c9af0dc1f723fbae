import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRunSeries } from '../../../src/shared/run-state';
import { parseHostMessage } from '../../../src/shared/protocol/panel';

const info = { id: 'a', status: 'running', startedAt: '', epochs: 0, totalEpochs: 10 };

test('unknown types and non-objects are ignored', () => {
  for (const m of [null, 1, 'snapshot', { type: 'mystery' }, { type: 'epoch' }]) assert.equal(parseHostMessage(m), undefined);
});

test('a snapshot keeps good records and drops malformed ones', () => {
  const m = parseHostMessage({
    type: 'snapshot',
    run: {
      info,
      history: [
        { epoch: 0, logs: { loss: 1 }, durationMs: 5 },
        { epoch: -1, logs: {}, durationMs: 1 },
        { epoch: 1, logs: { loss: 'x' }, durationMs: 1 },
      ],
      events: 'nope',
      live: true,
    },
    compare: [{ info: { id: 'b' } }],
    choices: [{ id: 'b', label: 'B' }, { id: 3 }],
  });
  assert.ok(m && m.type === 'snapshot');
  assert.equal(m.run.history.length, 1);
  assert.deepEqual(m.run.events, []);
  assert.deepEqual(m.compare, []);
  assert.deepEqual(m.choices, [{ id: 'b', label: 'B' }]);
});

test('epoch, event, info and findings messages are checked', () => {
  assert.ok(parseHostMessage({ type: 'epoch', runId: 'a', record: { epoch: 3, logs: { loss: 1 }, durationMs: 1 } }));
  assert.equal(parseHostMessage({ type: 'epoch', runId: 'a', record: { epoch: 1.5, logs: {}, durationMs: 1 } }), undefined);
  assert.ok(parseHostMessage({ type: 'event', runId: 'a', event: { kind: 'lrReduced', epoch: 1, message: 'm' } }));
  assert.deepEqual(parseHostMessage({ type: 'info', runId: 'a', info, live: 'yes' }), { type: 'info', runId: 'a', info, live: false });
  const f = parseHostMessage({
    type: 'findings',
    runId: 'a',
    findings: [{ code: 'plateau', message: 'm', fixes: [], epochs: { start: 0, end: 1 } }, { code: 1 }],
  });
  assert.ok(f && f.type === 'findings' && f.findings.length === 1);
});

test('an epochs batch keeps its good records and events, dropping malformed ones', () => {
  const m = parseHostMessage({
    type: 'epochs',
    runId: 'a',
    records: [{ epoch: 0, logs: { loss: 1 }, durationMs: 1 }, { epoch: 'x' }, { epoch: 1, logs: { loss: 0.5 }, durationMs: 1 }],
    events: [{ kind: 'newBest', epoch: 1, message: 'best' }, { kind: 3 }],
  });
  assert.ok(m && m.type === 'epochs');
  assert.deepEqual(
    m.records.map((r) => r.epoch),
    [0, 1],
  );
  assert.deepEqual(
    m.events?.map((e) => e.kind),
    ['newBest'],
  );
  const plain = parseHostMessage({ type: 'epochs', runId: 'a', records: [] });
  assert.deepEqual(plain, { type: 'epochs', runId: 'a', records: [] });
  assert.equal(parseHostMessage({ type: 'epochs', runId: 'a', records: 'many' }), undefined);
  assert.equal(parseHostMessage({ type: 'epochs', records: [] }), undefined);
});

test('an export request is understood for PNG only', () => {
  assert.deepEqual(parseHostMessage({ type: 'exportRequest', format: 'png' }), { type: 'exportRequest', format: 'png' });
  assert.equal(parseHostMessage({ type: 'exportRequest', format: 'svg' }), undefined);
});

test('a snapshot keeps the what-if sentences (strings only), and the run state carries them', () => {
  const m = parseHostMessage({
    type: 'snapshot',
    run: { info, history: [], events: [], findings: [], live: false, whatIf: ['With ReduceLROnPlateau the LR would drop at epoch 95.', 7, null] },
    compare: [],
    choices: [],
  });
  assert.ok(m && m.type === 'snapshot');
  assert.deepEqual(m.run.whatIf, ['With ReduceLROnPlateau the LR would drop at epoch 95.']);
  assert.deepEqual(createRunSeries(m.run).whatIf, ['With ReduceLROnPlateau the LR would drop at epoch 95.']);
  const none = parseHostMessage({ type: 'snapshot', run: { info, history: [], events: [], findings: [], live: false }, compare: [], choices: [] });
  assert.ok(none && none.type === 'snapshot');
  assert.deepEqual(createRunSeries(none.run).whatIf, []);
});
