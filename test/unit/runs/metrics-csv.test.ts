import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochRecord } from '../../../src/shared/metrics';
import { csvHeader, csvKeys, csvRow, historyCsv, parseMetricsCsv } from '../../../src/runs/metrics-csv';

test('the header is epoch then the log keys sorted as Python sorts them (CSVLogger)', () => {
  const keys = csvKeys({ val_loss: 1, loss: 2, acc: 3, val_acc: 4, learning_rate: 5 });
  assert.equal(csvHeader(keys), 'epoch,acc,learning_rate,loss,val_acc,val_loss\n');
});

test('rows hold the 0-based epoch and Python float reprs; a missing key is NA', () => {
  const keys = ['acc', 'learning_rate', 'loss', 'val_loss'];
  assert.equal(csvRow(82, keys, { acc: 0.9146, learning_rate: 1e-5, loss: 0.2036, val_loss: NaN }), '82,0.9146,1e-05,0.2036,nan\n');
  assert.equal(csvRow(0, keys, { acc: 1, learning_rate: 0.01, loss: Infinity }), '0,1.0,0.01,inf,NA\n');
});

test('parsing round-trips, skips NA cells and drops a partial last line', () => {
  const keys = ['acc', 'loss'];
  const text = csvHeader(keys) + csvRow(0, keys, { acc: 0.5, loss: 0.7 }) + csvRow(1, keys, { loss: NaN }) + '2,0.6';
  const rows = parseMetricsCsv(text);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], { epoch: 0, logs: { acc: 0.5, loss: 0.7 } });
  assert.deepEqual(Object.keys(rows[1].logs), ['loss']);
  assert.ok(Number.isNaN(rows[1].logs.loss));
});

test('a file with only a partial header, or nothing, has no rows', () => {
  assert.deepEqual(parseMetricsCsv(''), []);
  assert.deepEqual(parseMetricsCsv('epoch,lo'), []);
  assert.deepEqual(parseMetricsCsv('epoch,loss\n'), []);
});

test('a whole history (a Keras run held in memory) exports as CSVLogger text that parses back', () => {
  const history: EpochRecord[] = [
    { epoch: 0, durationMs: 10, logs: { loss: 0.7, val_loss: 0.69 } },
    { epoch: 1, durationMs: 10, logs: { loss: 0.5, val_loss: 0.52, learning_rate: 0.01 } },
    { epoch: 2, durationMs: 10, logs: { loss: 0.4 } },
  ];
  const text = historyCsv(history);
  assert.equal(text, 'epoch,loss,val_loss\n0,0.7,0.69\n1,0.5,0.52\n2,0.4,NA\n', 'keys fixed by the first epoch, as CSVLogger does');
  assert.equal(historyCsv([]), '');
  const back = parseMetricsCsv(text);
  assert.deepEqual(
    back.map((r) => r.epoch),
    [0, 1, 2],
  );
  assert.equal(back[1].logs.val_loss, 0.52);
  assert.equal(back[2].logs.val_loss, undefined);
});
