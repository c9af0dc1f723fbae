import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvHeader, csvKeys, csvRow, parseMetricsCsv } from '../../../src/runs/metrics-csv';

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
