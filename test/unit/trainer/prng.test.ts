import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityOrder, Prng, shuffleInPlace } from '../../../src/trainer/prng';

test('a seeded shuffle is a permutation and repeats for the same seed', () => {
  const a = identityOrder(1000);
  const b = identityOrder(1000);
  shuffleInPlace(a, new Prng(11));
  shuffleInPlace(b, new Prng(11));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, identityOrder(1000));
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    [...identityOrder(1000)],
  );
});

test('uniform draws stay in [0, 1) and cover the range', () => {
  const p = new Prng(3);
  let min = 1;
  let max = 0;
  for (let i = 0; i < 10000; i++) {
    const v = p.next();
    assert.ok(v >= 0 && v < 1);
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.ok(min < 0.01 && max > 0.99);
});
