/**
 * parseRunEvent, the one reader of run events (trainer IPC, events.jsonl, the Keras runner, the
 * panel): each kind's data is checked against its fields, so no reader guesses between names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEventOf, parseRunEvent } from '../../../src/shared/protocol/trainer';

test('each kind keeps its own fields and drops strangers', () => {
  const e = parseRunEvent({ kind: 'lrReduced', epoch: 4, message: 'm', data: { oldLr: 0.01, newLr: 0.005, monitor: 'val_loss', extra: 1 } });
  assert.deepEqual(e, { kind: 'lrReduced', epoch: 4, message: 'm', data: { oldLr: 0.01, newLr: 0.005, monitor: 'val_loss' } });
  assert.ok(e && isEventOf(e, 'lrReduced') && e.data?.newLr === 0.005);
  const best = parseRunEvent({ kind: 'newBest', epoch: 2, message: 'b', data: { monitor: 'val_loss', value: 0.3 } });
  assert.deepEqual(best?.data, { monitor: 'val_loss', value: 0.3 });
  assert.deepEqual(parseRunEvent({ kind: 'stopRequested', epoch: 1, message: 's' }), { kind: 'stopRequested', epoch: 1, message: 's' });
});

test('data that does not match its kind is dropped, the event kept: its message still reads', () => {
  assert.deepEqual(parseRunEvent({ kind: 'newBest', epoch: 2, message: 'b', data: { value: 'low' } }), { kind: 'newBest', epoch: 2, message: 'b' });
  assert.deepEqual(parseRunEvent({ kind: 'restoredBest', epoch: 9, message: 'r', data: { best: 0.2 } }), { kind: 'restoredBest', epoch: 9, message: 'r' });
});

test("the Keras runner's earlier from/to names for a rate change read as oldLr/newLr", () => {
  assert.deepEqual(parseRunEvent({ kind: 'lrSet', epoch: 3, message: 'set', data: { from: 0.01, to: 0.005 } })?.data, { oldLr: 0.01, newLr: 0.005 });
  // Only for rate changes: a resumed event has no from/to.
  assert.equal(parseRunEvent({ kind: 'resumed', epoch: 3, message: 'r', data: { from: 3, to: 4 } })?.data, undefined);
});

test('JSON null in a number field is NaN again; not-events are refused', () => {
  const d = parseRunEvent({ kind: 'diverged', epoch: 0, message: 'x', data: { loss: 'NaN', learningRate: null } });
  assert.ok(d && isEventOf(d, 'diverged') && Number.isNaN(d.data?.learningRate));
  for (const bad of [
    null,
    3,
    {},
    { kind: 'later', epoch: 0, message: '' },
    { kind: 'newBest', epoch: '1', message: '' },
    { kind: 'newBest', epoch: 1 },
    { kind: 'toString', epoch: 1, message: '' },
  ]) {
    assert.equal(parseRunEvent(bad), undefined, JSON.stringify(bad));
  }
});
