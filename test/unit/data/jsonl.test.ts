import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIXTURES, load, loadProblem, row, workspace } from './helpers';

test('objects: numeric keys are features in first-seen order, the "label" key is the label, string keys are skipped', async () => {
  const d = await load(FIXTURES, 'objects.jsonl');
  assert.equal(d.summary.format, 'jsonl');
  assert.deepEqual(d.summary.featureNames, ['x', 'z']);
  assert.equal(d.summary.labelName, 'label');
  assert.deepEqual(d.summary.classes, ['false', 'true']);
  assert.deepEqual(row(d.x, 2, 3), [Math.fround(0.3), -3]);
  assert.deepEqual(Array.from(d.y.subarray(0, 4)), [0, 1, 0, 1]);
});

test('objects: without a conventional label key the last key is the label; labelColumn names another', async () => {
  const root = await workspace({ 'o.jsonl': '{"a": 1, "b": 2, "out": 0}\n\n{"b": 3, "a": 4, "out": 1, "extra": "x"}\n' });
  const d = await load(root, 'o.jsonl');
  assert.equal(d.summary.labelName, 'out');
  assert.deepEqual(row(d.x, 2, 1), [4, 3], 'keys are matched by name, not position');
  const byName = await load(root, 'o.jsonl', { data: { labelColumn: 'a' }, loss: 'meanSquaredError' });
  assert.deepEqual(byName.summary.featureNames, ['b', 'out']);
});

test('arrays: read like CSV rows, with a header line of strings', async () => {
  const d = await load(FIXTURES, 'arrays.jsonl', { validationSplit: 0.2 });
  assert.deepEqual(d.summary.featureNames, ['u', 'v']);
  assert.equal(d.summary.labelName, 'target');
  assert.equal(d.rows, 10);
  assert.deepEqual(row(d.x, 2, 9), [9, 81]);
});

test('jsonl errors: malformed JSON with line and column, missing key, non-numeric value, mixed kinds', async () => {
  const root = await workspace({
    'bad.jsonl': '{"a": 1, "label": 0}\n{"a": 2, "label": 1\n',
    'missing.jsonl': '{"a": 1, "b": 2, "label": 0}\n{"a": 2, "label": 1}\n',
    'text.jsonl': '{"a": 1, "label": 0}\n{"a": "two", "label": 1}\n',
    'mixed.jsonl': '{"a": 1, "label": 0}\n[2, 1]\n',
    'nolabel.jsonl': '{"a": 1, "label": 0}\n{"a": 2}\n',
  });
  let p = await loadProblem(root, 'bad.jsonl');
  assert.equal(p.code, 'data/bad-json');
  assert.equal(p.location?.line, 2);
  assert.match(p.message, /^Line 2 is not valid JSON/);
  p = await loadProblem(root, 'missing.jsonl');
  assert.equal(p.code, 'data/missing-value');
  assert.deepEqual(p.location, { file: 'missing.jsonl', line: 2 });
  assert.match(p.message, /Line 2, key "b" is missing/);
  p = await loadProblem(root, 'text.jsonl');
  assert.equal(p.code, 'data/non-numeric');
  assert.match(p.message, /Line 2, key "a" holds "two"/);
  p = await loadProblem(root, 'mixed.jsonl');
  assert.equal(p.code, 'data/bad-json-row');
  assert.match(p.message, /Line 2 is an array, but the first line is an object/);
  p = await loadProblem(root, 'nolabel.jsonl');
  assert.equal(p.code, 'data/bad-label');
  assert.match(p.message, /Line 2, key "label": the label is missing/);
});
