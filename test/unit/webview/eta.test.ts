import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateRemainingMs, formatDuration, typicalEpochMs } from '../../../src/shared/eta';

test('a slow first epoch does not inflate the estimate', () => {
  assert.equal(typicalEpochMs([5000, 100, 100, 100]), 100);
  assert.equal(estimateRemainingMs([5000, 100, 100, 100], 996), 99_600);
});

test('one slow recent epoch does not swing it (median)', () => {
  assert.equal(typicalEpochMs([900, 100, 100, 3000, 100, 100]), 100);
});

test('uses only the recent window, so it follows a real speed change', () => {
  const durations = [...new Array(50).fill(100), ...new Array(20).fill(300)];
  assert.equal(typicalEpochMs(durations), 300);
});

test('the only epoch is used when there is just one; none gives undefined', () => {
  assert.equal(typicalEpochMs([800]), 800);
  assert.equal(estimateRemainingMs([], 10), undefined);
  assert.equal(estimateRemainingMs([NaN, NaN], 10), undefined);
  assert.equal(estimateRemainingMs([100, 100], 0), 0);
});

test('count limits the rows read from a preallocated buffer', () => {
  const buf = new Float64Array([900, 50, 50, 0, 0, 0]);
  assert.equal(typicalEpochMs(buf, 3), 50);
});

test('formatDuration is short and readable', () => {
  assert.equal(formatDuration(850), '850ms');
  assert.equal(formatDuration(42_000), '42s');
  assert.equal(formatDuration(185_000), '3m 05s');
  assert.equal(formatDuration(3_720_000), '1h 02m');
  assert.equal(formatDuration(-1), '–');
});
