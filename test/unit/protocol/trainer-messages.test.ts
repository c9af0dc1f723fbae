import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainerToHost } from '../../../src/shared/protocol/trainer';

const ready = { type: 'ready', protocol: 1, backend: 'wasm', engine: 'fast', versions: { fast: 'wasm-simd' }, monitor: 'val_loss', direction: 'min' };

test('every well-formed trainer message passes unchanged', () => {
  const epoch = { type: 'epoch', totalEpochs: 10, record: { epoch: 3, logs: { loss: 0.5, val_loss: 0.6 }, durationMs: 12 } };
  const done = { type: 'done', reason: 'earlyStopped', epochs: 40, bestEpoch: 30, bestValue: 0.13, monitor: 'val_loss', elapsedMs: 5000 };
  const event = { type: 'event', event: { kind: 'lrReduced', epoch: 4, message: 'lr', data: { oldLr: 0.01, newLr: 0.005 } } };
  const health = { type: 'health', epoch: 3, layers: [{ layer: 'dense_1', gradNorm: 0.1, weightNorm: 2 }] };
  const error = { type: 'error', problem: { severity: 'error', code: 'data/missing', message: 'gone' } };
  for (const m of [ready, epoch, done, event, health, error]) assert.deepEqual(parseTrainerToHost(m), m);
});

test('JSON over IPC turns NaN into null; the epoch and event values read back as NaN', () => {
  const m = parseTrainerToHost({ type: 'epoch', totalEpochs: 10, record: { epoch: 0, logs: { loss: null }, durationMs: 1 } });
  assert.ok(m?.type === 'epoch' && Number.isNaN(m.record.logs.loss));
  const e = parseTrainerToHost({ type: 'event', event: { kind: 'diverged', epoch: 0, message: 'x', data: { loss: 'NaN', learningRate: null } } });
  assert.ok(e?.type === 'event' && e.event.kind === 'diverged' && Number.isNaN(e.event.data?.learningRate));
});

test('malformed or unknown messages are refused, not half-used', () => {
  for (const bad of [
    null,
    'ready',
    { type: 'nope' },
    { ...ready, direction: 'up' },
    { ...ready, monitor: undefined },
    { ...ready, backend: 'gpu' },
    { type: 'epoch', totalEpochs: 10, record: { epoch: -1, logs: {}, durationMs: 1 } },
    { type: 'epoch', totalEpochs: 10, record: { epoch: 1, logs: { loss: '0.5' }, durationMs: 1 } },
    { type: 'event', event: { kind: 'teleport', epoch: 1, message: '' } },
    { type: 'done', reason: 'bored', epochs: 1, monitor: 'loss', elapsedMs: 1 },
    { type: 'error', problem: { message: 'no code' } },
  ]) {
    assert.equal(parseTrainerToHost(bad), undefined, JSON.stringify(bad));
  }
});
