import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpec } from '../../../src/shared/spec/index';
import { BASE, broken } from './base-spec';
import { summary } from './helpers';

test('every problem is reported at once, in file order', () => {
  let text = broken('{ "sample": "seed" }', '{ "sample": "seed", "rows": 0 }');
  text = broken('"activation": "relu"', '"activation": "Relu", "use_bias": false', text);
  text = broken('"learningRate": 0.01', '"learning_rate": 0.01', text);
  text = broken('"epochs": 10', '"epochs": -1', text);
  text = broken('"validationSplit": 0.2', '"validationSplit": 0.2, "verbose": 2', text);
  text = broken('"factor": 0.5', '"factor": 0.5, "patience": "5"', text);
  const r = parseSpec(text, 'many.fitwatch.json');
  assert.equal(r.spec, undefined);
  assert.deepEqual(summary(r.problems), [
    'spec/out-of-range@2:39',
    'spec/unknown-value@5:53',
    'spec/unknown-field@5:61',
    'spec/unknown-field@9:77',
    'spec/out-of-range@10:22',
    'spec/unknown-field@10:68',
    'spec/wrong-type@11:68',
  ]);
  const fixes = r.problems.map((p) => p.fix ?? '');
  assert.match(fixes[1], /Did you mean "relu"\?/);
  assert.match(fixes[2], /Rename it to 'useBias'/);
  assert.match(fixes[3], /Rename it to 'learningRate'/);
  assert.match(fixes[5], /always shows every epoch/);
  assert.match(fixes[6], /Remove the quotes: 5\./);
});

test('errors in several sections do not hide each other, and a broken field does not cause knock-on errors', () => {
  // units is invalid: the output-units check for binaryCrossentropy must not fire on top of it.
  let text = broken('"units": 1, "activation": "sigmoid"', '"units": "one", "activation": "sigmoid"');
  text = broken('"loss": "binaryCrossentropy", ', '', text);
  text = broken('"data": { "sample": "seed" },', '"data": { "path": "/x.csv" },', text);
  const r = parseSpec(text, 'k.fitwatch.json');
  assert.deepEqual(summary(r.problems), ['spec/absolute-path@2:21', 'spec/wrong-type@6:35', 'spec/missing-field@9:3']);
});

test('warnings keep the spec; errors and warnings are reported together', () => {
  const warnOnly = parseSpec(broken('"validationSplit": 0.2', '"validationSplit": 0'), 'w.fitwatch.json');
  assert.ok(warnOnly.spec);
  assert.deepEqual(summary(warnOnly.problems, 'warning'), ['spec/monitor-without-validation@11:18']);
  const both = parseSpec(broken('"epochs": 10, "batchSize": 200, "validationSplit": 0.2', '"epochs": 0, "validationSplit": 0'), 'w.fitwatch.json');
  assert.equal(both.spec, undefined);
  assert.deepEqual(summary(both.problems), ['spec/out-of-range@10:22']);
  assert.deepEqual(summary(both.problems, 'warning'), ['spec/monitor-without-validation@11:18']);
});

test('the error list is the same however often the text is parsed (no shared state)', () => {
  const text = broken('"units": 16', '"units": 0');
  assert.deepEqual(parseSpec(text, 'a').problems, parseSpec(text, 'a').problems);
  assert.deepEqual(parseSpec(BASE, 'a').problems, []);
});
