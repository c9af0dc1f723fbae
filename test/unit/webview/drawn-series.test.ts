import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DrawnSeriesCache, drawable } from '../../../src/webview/drawn-series';

const x = Float64Array.from({ length: 10_000 }, (_, i) => i + 1);
const col = Float64Array.from(x, (e) => 1 / e);

test('an unchanged series gets the very same array back, and its values are not re-read', () => {
  const cache = new DrawnSeriesCache();
  const layout = cache.layout(x, 500);
  assert.ok(layout.layout, 'decimated');
  assert.equal(layout.x.length, 1000);
  let reads = 0;
  const version = { source: col, length: 10_000, rewrites: 0, weight: 0, smooth: false };
  const a = cache.get('cmp:a:loss', layout, version, () => (reads++, col));
  const b = cache.get('cmp:a:loss', cache.layout(x, 500), version, () => (reads++, col));
  assert.equal(a, b);
  assert.equal(reads, 1);
  assert.notEqual(
    cache.get('cmp:a:loss', layout, { ...version, length: 10_001 }, () => col),
    a,
    'a new row recomputes',
  );
  assert.notEqual(
    cache.get('cmp:a:loss', layout, { ...version, weight: 0.6, smooth: true }, () => col),
    a,
    'a new weight recomputes',
  );
  assert.notEqual(
    cache.get('cmp:a:loss', cache.layout(x, 400), version, () => col),
    a,
    'a new width recomputes',
  );
});

test('another column under the same series id (a run switch) is never served the old array', () => {
  const cache = new DrawnSeriesCache();
  const layout = cache.layout(x, 500);
  const other = Float64Array.from(x, (e) => 2 / e);
  const version = { source: col, length: 10_000, rewrites: 0, weight: 0, smooth: false };
  const a = cache.get('main:loss', layout, version, () => col);
  const b = cache.get('main:loss', layout, { ...version, source: other }, () => other);
  assert.notEqual(a, b);
  assert.equal(b[0], 2, "the new run's first value");
  assert.equal(
    cache.get('main:loss', layout, { ...version, source: other }, () => other),
    b,
    'and cached again for it',
  );
});

test('a zoom window draws only its rows, decimated when there are many', () => {
  const cache = new DrawnSeriesCache();
  const narrow = cache.layout(x, 500, 2000, 2600);
  assert.equal(narrow.layout, undefined, '600 rows in 500 px: drawn as they are');
  assert.equal(cache.layout(x, 500, 2000, 2600).x, narrow.x, 'the same x array while nothing changed');
  assert.equal(narrow.x[0], 2001);
  assert.equal(narrow.x.length, 600);
  const v = cache.get('main:loss', narrow, { source: col, length: 10_000, rewrites: 0, weight: 0, smooth: false }, () => col);
  assert.equal(v.length, 600);
  assert.equal(v[0], 1 / 2001);
  const wide = cache.layout(x, 100, 1000, 9000);
  assert.ok(wide.layout);
  assert.equal(wide.x[0], 1001);
  assert.equal(wide.x[wide.x.length - 1], 9000);
  const w = cache.get('main:loss', wide, { source: col, length: 10_000, rewrites: 0, weight: 0, smooth: false }, () => col);
  assert.equal(w.length, wide.x.length);
  assert.equal(w[0], 1 / 1001, 'the first bucket starts at the window');
});

test('drawable trims a NaN tail and turns inner NaN into gaps', () => {
  assert.deepEqual(Array.from(drawable(Float64Array.from([1, 2, NaN, NaN]))), [1, 2]);
  assert.deepEqual(drawable(Float64Array.from([1, NaN, 3])), [1, null, 3]);
});
