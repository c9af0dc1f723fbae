import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHostMessage, validatePanelToHost } from '../../../src/shared/protocol/panel';

const info = { id: 'r1', status: 'running', startedAt: '', epochs: 3, totalEpochs: 10 };

test('a snapshot keeps the run actions the host sent, and only well-typed fields', () => {
  const msg = parseHostMessage({
    type: 'snapshot',
    run: {
      info,
      history: [],
      events: [],
      findings: [],
      live: false,
      actions: { editBlocked: 'untrusted', interrupted: 'reload', resumable: 'yes', resumeBlocked: 7, extra: 1 },
    },
    compare: [],
    choices: [],
  });
  assert.equal(msg?.type, 'snapshot');
  if (msg?.type !== 'snapshot') return;
  assert.deepEqual(msg.run.actions, { editBlocked: 'untrusted', interrupted: 'reload' }, 'resumable must be exactly true to enable Resume');
  const plain = parseHostMessage({ type: 'snapshot', run: { info, history: [], events: [], findings: [], live: false }, compare: [], choices: [] });
  assert.equal(plain?.type === 'snapshot' ? plain.run.actions : 'x', undefined);
});

test('the host accepts resume with a run id, and nothing else', () => {
  assert.deepEqual(validatePanelToHost({ type: 'resume', runId: '20260101T000000Z-seed' }), { type: 'resume', runId: '20260101T000000Z-seed' });
  assert.equal(validatePanelToHost({ type: 'resume', runId: '../../etc' }), undefined);
  assert.equal(validatePanelToHost({ type: 'resume' }), undefined);
});
