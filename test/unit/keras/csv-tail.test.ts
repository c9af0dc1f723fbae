import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvTailParser } from '../../../src/keras/csv-tail';
import { FitwatchError } from '../../../src/shared/location';

test('rows are reported only once their newline arrives, whatever the chunking', () => {
  const p = new CsvTailParser('log.csv');
  assert.deepEqual(p.feed('epoch,lo').records, []);
  assert.deepEqual(p.feed('ss,lr\n0,0.').records, []);
  assert.deepEqual(p.feed('5,0.01\r\n1,0.4').records, [{ epoch: 0, logs: { loss: 0.5, learning_rate: 0.01 }, durationMs: 0 }]);
  assert.deepEqual(p.feed(',0.01\n').records, [{ epoch: 1, logs: { loss: 0.4, learning_rate: 0.01 }, durationMs: 0 }]);
});

test('after reset the header is read again; a bad row is an error while the good rows still count', () => {
  const p = new CsvTailParser('log.csv');
  p.feed('epoch,loss\n0,0.5\n');
  p.reset();
  const { records, errors } = p.feed('epoch,val_loss\n0,x\n1,0.3\n');
  assert.deepEqual(records, [{ epoch: 1, logs: { val_loss: 0.3 }, durationMs: 0 }]);
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof FitwatchError && /line 2/.test(errors[0].message) && /'val_loss' holds 'x'/.test(errors[0].message));
  const headless = new CsvTailParser('log.csv').feed('0,0.5\n');
  assert.ok(headless.errors[0] instanceof FitwatchError && /before any CSVLogger header/.test(headless.errors[0].message));
});
