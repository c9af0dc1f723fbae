import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locationRange, positionAt, problemRange } from '../../../src/host/problem-range';

const text = '{\r\n  "fit": {\n    "epochs": -5,\n    "batchSize": 200\n  }\n}\n';

test('positionAt counts lines by \\n and keeps \\r in the line', () => {
  assert.deepEqual(positionAt(text, 0), { line: 0, character: 0 });
  assert.deepEqual(positionAt(text, text.indexOf('"fit"')), { line: 1, character: 2 });
  assert.deepEqual(positionAt(text, 10_000), positionAt(text, text.length));
});

test('offset and length win over line/column', () => {
  const off = text.indexOf('-5');
  const r = locationRange(text, { file: 'a.fitwatch.json', offset: off, length: 2, line: 1, column: 1 });
  assert.deepEqual(r, { start: { line: 2, character: 14 }, end: { line: 2, character: 16 } });
});

test('1-based line/column cover the token there', () => {
  const r = locationRange(text, { file: 'a', line: 3, column: 5 });
  assert.deepEqual(r, { start: { line: 2, character: 4 }, end: { line: 2, character: 12 } });
});

test('a line without a column covers the line from its first non-space', () => {
  const r = locationRange(text, { file: 'a', line: 4 });
  assert.deepEqual(r, { start: { line: 3, character: 4 }, end: { line: 3, character: 20 } });
});

test('a JSON path is resolved by the locator', () => {
  const calls: unknown[] = [];
  const r = problemRange(text, { severity: 'error', code: 'spec/range', message: 'm', location: { file: 'a', jsonPath: ['fit', 'epochs'] } }, (t, p) => {
    calls.push(p);
    return { file: 'a', offset: t.indexOf('-5'), length: 2 };
  });
  assert.deepEqual(calls, [['fit', 'epochs']]);
  assert.deepEqual(r.start, { line: 2, character: 14 });
});

test('an unknown place falls back to the first line instead of being dropped', () => {
  assert.deepEqual(problemRange(text, { severity: 'error', code: 'x', message: 'm' }), { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  assert.deepEqual(locationRange(text, { file: 'a', line: 99 }).start, { line: 0, character: 0 });
});

test('an empty range is widened to one character so it is visible', () => {
  const r = locationRange(text, { file: 'a', offset: text.indexOf('200'), length: 0 });
  assert.deepEqual(r, { start: { line: 3, character: 17 }, end: { line: 3, character: 18 } });
});
