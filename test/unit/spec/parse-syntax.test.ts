import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpec } from '../../../src/shared/spec/index';
import { BASE, broken } from './base-spec';
import { summary } from './helpers';

test('comments and trailing commas are accepted', () => {
  const text = `// header comment
{
  /* block
     comment */
  "data": { "sample": "seed", },  // trailing comma in an object
  "model": { "layers": [
    { "type": "dense", "units": 1, "activation": "sigmoid", },
  ], },                           // trailing comma in an array
  "compile": { "loss": "binaryCrossentropy", },
}
`;
  const r = parseSpec(text, 'c.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec?.model.layers.length, 1);
});

test('CRLF line endings count as one line break', () => {
  const r = parseSpec(broken('"units": 16', '"units": 0').replace(/\n/g, '\r\n'), 'crlf.fitwatch.json');
  assert.deepEqual(summary(r.problems), ['spec/out-of-range@5:35']);
});

test('a missing comma is a syntax error at the next token, and nothing else is reported', () => {
  const r = parseSpec(broken('"epochs": 10,', '"epochs": 10'), 's.fitwatch.json');
  assert.equal(r.spec, undefined);
  assert.deepEqual(summary(r.problems), ['spec/syntax@10:25']);
  assert.match(r.problems[0].message, /JSON syntax error: ',' was expected/);
  assert.match(r.problems[0].fix ?? '', /commas/);
});

test('Python-style single quotes and True are syntax errors that say how JSON spells them', () => {
  const r = parseSpec(broken('"activation": "relu"', "'activation': 'relu'"), 's.fitwatch.json');
  assert.equal(r.problems[0].code, 'spec/syntax');
  assert.equal(r.problems[0].location?.line, 5);
  assert.equal(r.problems[0].location?.column, 39);
  assert.match(r.problems[0].fix ?? '', /double quotes/);
  const t = parseSpec(broken('"validationSplit": 0.2', '"validationSplit": 0.2, "shuffle": True'), 's.fitwatch.json');
  assert.deepEqual(summary(t.problems).slice(0, 1), ['spec/syntax@10:79']);
  assert.match(t.problems[0].fix ?? '', /true, false and null/);
});

test('an unclosed object is reported at the end of the file', () => {
  const text = BASE.trimEnd().replace(/}$/, '');
  const r = parseSpec(text, 's.fitwatch.json');
  assert.deepEqual(summary(r.problems), ['spec/syntax@12:1']);
  assert.match(r.problems[0].message, /'}' was expected/);
});
