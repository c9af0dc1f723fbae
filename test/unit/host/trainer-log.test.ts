import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStartedLine, trainerLogLines } from '../../../src/host/training/trainer-log';

test('the run-started line carries the run id and folder the e2e tests look for', () => {
  assert.equal(runStartedLine('r1', '.fitwatch/runs/r1', 'plateau.fitwatch.json'), 'Run r1 started in .fitwatch/runs/r1 (spec plateau.fitwatch.json)');
});

test('epochs are logged exactly like Keras verbose=2', () => {
  const lines = trainerLogLines(
    { type: 'epoch', totalEpochs: 1000, record: { epoch: 82, durationMs: 120, logs: { loss: 0.2036, acc: 0.9146, val_loss: 0.2375, val_acc: 0.8901 } } },
    'r1',
  );
  assert.deepEqual(lines, ['Epoch 83/1000 - 0s - loss: 0.2036 - acc: 0.9146 - val_loss: 0.2375 - val_acc: 0.8901']);
});

test('backend fallback, done and error are one readable line each', () => {
  assert.deepEqual(
    trainerLogLines(
      {
        type: 'ready',
        protocol: 1,
        backend: 'wasm',
        engine: 'fast',
        fallbackReason: 'tfjs-node is not installed',
        versions: {},
        monitor: 'val_loss',
        direction: 'min',
      },
      'r1',
    ),
    ['Engine: fast, backend: wasm; fallback: tfjs-node is not installed'],
  );
  assert.deepEqual(
    trainerLogLines({ type: 'done', reason: 'earlyStopped', epochs: 120, bestEpoch: 99, bestValue: 0.1317, monitor: 'val_loss', elapsedMs: 185_000 }, 'r1'),
    ['Run r1 stopped early after 120 epochs in 3m 05s; best val_loss 0.1317 at epoch 100.'],
  );
  const [err] = trainerLogLines(
    {
      type: 'error',
      problem: {
        severity: 'error',
        code: 'data/missing',
        message: 'data/x.csv does not exist.',
        fix: 'Check data.path.',
        location: { file: 'a.fitwatch.json', line: 4, column: 13 },
      },
    },
    'r1',
  );
  assert.equal(err, 'Run r1 failed: a.fitwatch.json:4:13: error: data/x.csv does not exist. Check data.path.');
  assert.deepEqual(trainerLogLines({ type: 'health', epoch: 3, layers: [] }, 'r1'), []);
});
