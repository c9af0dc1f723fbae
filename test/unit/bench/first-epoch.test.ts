import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedSpecForCsv } from '../../../tools/bench/first-epoch';
import { SEED_SPEC_TEXT } from '../../../src/cli/sample-spec';
import { parseSpec } from '../../../src/shared/spec';

test('the seed CSV spec is the seed spec with data pointing at the CSV, and it parses', () => {
  const text = seedSpecForCsv('seed.csv');
  const parsed = parseSpec(text, '/ws/seed.fitwatch.json');
  assert.deepEqual(parsed.problems, []);
  const spec = parsed.spec;
  assert.ok(spec);
  assert.equal(spec.data.kind, 'file');
  assert.equal(spec.data.kind === 'file' ? spec.data.path : undefined, 'seed.csv');
  const seed = parseSpec(SEED_SPEC_TEXT, 'seed.fitwatch.json').spec;
  assert.ok(seed);
  assert.deepEqual(spec.model, seed.model);
  assert.deepEqual(spec.compile, seed.compile);
  assert.deepEqual(spec.fit, seed.fit);
  assert.match(text, /\/\/ Dense\(16, input_dim=X.shape\[1\], activation='relu'\)/, 'comments are kept');
});
