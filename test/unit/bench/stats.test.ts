import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, quantile, summarizeTimes } from '../../../tools/bench/stats';

test('median and quantiles interpolate between sorted values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(quantile([10, 20, 30, 40, 50], 0.95), 48);
  assert.equal(quantile([7], 0.3), 7);
  assert.throws(() => quantile([], 0.5), /empty list/);
  assert.throws(() => quantile([1], 1.5), /q must be in \[0, 1\], got 1.5/);
});

test('summarizeTimes leaves the warm-up epoch out of median and min', () => {
  assert.deepEqual(summarizeTimes([90, 12, 10, 11]), { msPerEpochMedian: 11, msPerEpochMin: 10, firstEpochMs: 90 });
  assert.deepEqual(summarizeTimes([42]), { msPerEpochMedian: 42, msPerEpochMin: 42, firstEpochMs: 42 });
  assert.throws(() => summarizeTimes([]), /no epoch timings/);
});
