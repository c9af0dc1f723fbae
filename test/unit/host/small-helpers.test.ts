import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideTrain, UNTRUSTED_REASON } from '../../../src/host/training/train-decision';
import { formatBest, runChoice, runPickItem } from '../../../src/host/runs/run-labels';
import { readSuppressed } from '../../../src/host/training/finding-notices';
import { decodePngDataUrl } from '../../../src/host/runs/data-url';
import { datasetStem, guessLabelsFile, isDatasetFile, isSpecFile, relativeInside, specDisplayName, specFileNameFor } from '../../../src/shared/dataset-files';
import type { RunInfo } from '../../../src/shared/run';

test('untrusted workspaces never train, whatever the caller asks', () => {
  assert.deepEqual(decideTrain({ trusted: false, specName: 's', ifRunning: 'restart' }), { action: 'refuse', reason: UNTRUSTED_REASON });
});

test('a second Train on a live spec asks by default, and explicit choices win', () => {
  const running = { epoch: 83, totalEpochs: 1000 };
  const ask = decideTrain({ trusted: true, specName: 'seed', running });
  assert.equal(ask.action, 'askRestart');
  assert.match(ask.action === 'askRestart' ? ask.prompt : '', /seed is already training \(epoch 83\/1000\)/);
  assert.equal(decideTrain({ trusted: true, specName: 'seed', running, ifRunning: 'restart' }).action, 'restart');
  assert.equal(decideTrain({ trusted: true, specName: 'seed', running, ifRunning: 'keep' }).action, 'keep');
  assert.equal(decideTrain({ trusted: true, specName: 'seed', running, ifRunning: 'parallel' }).action, 'start');
  assert.equal(decideTrain({ trusted: true, specName: 'seed' }).action, 'start');
});

const info: RunInfo = {
  id: 'seed-20260101-000000',
  specName: 'seed',
  status: 'completed',
  startedAt: '2026-01-01T10:05:00',
  epochs: 456,
  totalEpochs: 1000,
  bestEpoch: 455,
  bestValue: 0.1317,
  monitor: 'val_loss',
  backend: 'wasm',
  engine: 'fast',
  dataset: { source: 'data/seed.csv', rows: 50000, features: 64, task: 'binary', trainRows: 40000, valRows: 10000 },
};

test('run pick items show spec name, date, status and best val_loss', () => {
  const item = runPickItem(info);
  assert.equal(item.label, 'seed');
  assert.equal(item.description, '2026-01-01 10:05 · completed · best val_loss 0.1317 @ 456');
  assert.equal(item.detail, '456/1000 epochs · wasm/fast · data/seed.csv (50000×64) · seed-20260101-000000');
  assert.equal(item.runId, info.id);
  assert.equal(runPickItem({ ...info, status: 'running' }, false).description.includes('interrupted'), true);
  assert.equal(formatBest({ ...info, bestValue: undefined }), '');
  assert.deepEqual(runChoice(info), { id: info.id, label: '2026-01-01 10:05 · best val_loss 0.1317 @ 456' });
});

test('silenced finding codes are read from globalState; anything malformed there is ignored', () => {
  assert.deepEqual(readSuppressed(['plateau', 3]), ['plateau']);
  assert.deepEqual(readSuppressed(undefined), []);
  assert.deepEqual(readSuppressed({ plateau: true }), []);
});

test('PNG data URLs are checked before being written', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  assert.deepEqual(Array.from(decodePngDataUrl(`data:image/png;base64,${png.toString('base64')}`)), Array.from(png));
  assert.throws(() => decodePngDataUrl('data:text/html;base64,PGgxPg=='), /not a base64 PNG data URL/);
  assert.throws(() => decodePngDataUrl(`data:image/png;base64,${Buffer.from('GIF89a-not-png').toString('base64')}`), /not a PNG image/);
});

test('dataset and spec names', () => {
  assert.equal(isDatasetFile('data/Seed.CSV'), true);
  assert.equal(isDatasetFile('model.json'), false);
  assert.equal(isSpecFile('a/seed.fitwatch.json'), true);
  assert.equal(datasetStem('data/X_train.npy'), 'X_train');
  assert.equal(specFileNameFor('data/seed.csv'), 'seed.fitwatch.json');
  assert.equal(specDisplayName('/w/seed.fitwatch.json'), 'seed');
  assert.equal(guessLabelsFile('X_train.npy', ['X_train.npy', 'y_train.npy']), 'y_train.npy');
  assert.equal(guessLabelsFile('X.npy', ['X.npy']), undefined);
  assert.equal(guessLabelsFile('a.csv', ['y.csv']), undefined);
  assert.equal(relativeInside('/w/', '/w/data/a.csv'), 'data/a.csv');
  assert.equal(relativeInside('C:\\w', 'C:\\w\\a.csv'), 'a.csv');
  assert.equal(relativeInside('/w', '/other/a.csv'), undefined);
});
