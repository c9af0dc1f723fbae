import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../../src/shared/location';
import { loadProblem, workspace } from './helpers';

const files = {
  'empty.csv': '',
  'blank.csv': '\n\n  \n',
  'header-only.csv': 'a,b,label\n',
  'ragged.csv': 'a,b,label\n1,2,0\n3,4\n',
  'text.csv': 'a,b,label\n1,2,0\n3,abc,1\n',
  'nan.csv': 'a,b,label\n1,NaN,0\n',
  'inf.csv': 'a,b,label\n1,2,0\n-Infinity,2,1\n',
  'hole.csv': 'a,b,label\n1,2,0\n3, ,1\n',
  'nolabel.csv': 'a,b,label\n1,2,0\n3,4,\n',
  'single.csv': 'a,b,label\n1,2,1\n3,4,1\n5,6,1\n',
  'three.csv': 'a,label\n1,0\n2,1\n3,2\n4,1\n',
  'float-label.csv': 'a,label\n1,0\n2,0.5\n',
  'str-regress.csv': 'a,label\n1,0.5\n2,high\n',
  'onecol.csv': 'label\n0\n1\n',
  'data.parquet': 'PAR1',
};

test('bad input: each error names the file, line, column, value and a fix', async () => {
  const root = await workspace(files);
  const cases: [string, Parameters<typeof loadProblem>[2], string, { line?: number; column?: number }, RegExp][] = [
    ['empty.csv', {}, 'data/empty-file', {}, /empty\.csv is empty/],
    ['blank.csv', {}, 'data/empty-file', {}, /no rows/],
    ['header-only.csv', {}, 'data/header-only', { line: 1 }, /has a header row \(line 1\) but no data rows/],
    ['ragged.csv', {}, 'data/ragged-row', { line: 3, column: 3 }, /Line 3 has 2 cells, expected 3 like the header on line 1/],
    ['text.csv', {}, 'data/non-numeric', { line: 3, column: 2 }, /Line 3, column 2 \("b"\) holds "abc", which is not a number/],
    ['nan.csv', {}, 'data/not-finite', { line: 2, column: 2 }, /Line 2, column 2 \("b"\) is "NaN", not a finite number/],
    ['inf.csv', {}, 'data/not-finite', { line: 3, column: 1 }, /"-Infinity", not a finite number/],
    ['hole.csv', {}, 'data/missing-value', { line: 3, column: 2 }, /Line 3, column 2 \("b"\) is empty: missing values are not supported/],
    ['nolabel.csv', {}, 'data/bad-label', { line: 3, column: 3 }, /Line 3, column 3 \("label"\): the label is empty/],
    ['single.csv', {}, 'data/single-class', { line: 2, column: 3 }, /Every label in "label" is "1": a classifier needs at least two classes/],
    ['three.csv', {}, 'data/label-not-binary', { line: 4, column: 2 }, /Line 4: label 2 in "label" is a third class .*binaryCrossentropy needs labels 0\/1/],
    ['float-label.csv', { loss: 'sparseCategoricalCrossentropy' }, 'data/label-not-class', { line: 3, column: 2 }, /label 0\.5 .* is not a class label/],
    ['str-regress.csv', { loss: 'meanSquaredError' }, 'data/label-not-numeric', { line: 3, column: 2 }, /label "high" in "label" is not a number/],
    ['onecol.csv', {}, 'data/no-features', { line: 1 }, /no feature column/],
    [
      'binary.csv',
      { data: { labelColumn: 'Label' } },
      'data/missing-column',
      { line: 1 },
      /labelColumn "Label" is not a column of the header on line 1\. The columns are: "a", "b", "label"/,
    ],
    ['ragged.csv', { data: { labelColumn: 5 } }, 'data/column-out-of-range', { line: 1 }, /labelColumn 5 is out of range: the header on line 1 has 3 columns/],
    ['data.parquet', {}, 'data/unsupported-format', {}, /"\.parquet" is not a supported data format/],
  ];
  const root2 = await workspace({ 'binary.csv': 'a,b,label\n1,2,0\n3,4,1\n' });
  for (const [file, c, code, where, message] of cases) {
    const p = await loadProblem(file === 'binary.csv' ? root2 : root, file, c);
    assert.equal(p.code, code, `${file}: ${p.message}`);
    assert.equal(p.location?.file, file);
    assert.equal(p.location?.line, where.line, `${file} line`);
    assert.equal(p.location?.column, where.column, `${file} column`);
    assert.match(p.message, message, file);
    assert.ok(p.fix && p.fix.length > 10, `${file} has a fix`);
  }
});

test('the one-line form reads file:line:col: error: message fix', async () => {
  const root = await workspace({ 'text.csv': files['text.csv'] });
  const p = await loadProblem(root, 'text.csv');
  assert.equal(
    formatProblem(p),
    'text.csv:3:2: error: Line 3, column 2 ("b") holds "abc", which is not a number; feature columns must be numeric. Encode text as numbers (e.g. one-hot), or leave the column out with "featureColumns".',
  );
});

test('BCE with three string classes suggests sparseCategoricalCrossentropy with k units', async () => {
  const root = await workspace({ 'pets.csv': 'w,pet\n1,cat\n2,dog\n3,bird\n' });
  const p = await loadProblem(root, 'pets.csv');
  assert.equal(p.code, 'data/label-not-binary');
  assert.equal(p.location?.line, 3, 'classes sort to bird, cat, dog: "dog" on line 3 is the third');
  assert.match(p.message, /label "dog"/);
  assert.match(p.fix ?? '', /sparseCategoricalCrossentropy.*3 softmax units/);
});

test('a name that only differs in case gets a did-you-mean', async () => {
  const root = await workspace({ 'b.csv': 'a,b,Target\n1,2,0\n3,4,1\n' });
  const p = await loadProblem(root, 'b.csv', { data: { labelColumn: 'target' } });
  assert.match(p.fix ?? '', /Did you mean "Target"\?/);
});

test('naming a column in a headerless file says to use an index', async () => {
  const root = await workspace({ 'n.csv': '1,2,0\n3,4,1\n' });
  const p = await loadProblem(root, 'n.csv', { data: { labelColumn: 'label' } });
  assert.equal(p.code, 'data/no-header');
  assert.match(p.fix ?? '', /0-based column index/);
});

test('the label listed among featureColumns is refused', async () => {
  const root = await workspace({ 'b.csv': 'a,b,label\n1,2,0\n3,4,1\n' });
  const p = await loadProblem(root, 'b.csv', { data: { featureColumns: ['a', 'label'] } });
  assert.equal(p.code, 'data/duplicate-column');
  assert.match(p.message, /featureColumns\[1\] \("label"\) is the label column/);
});

test('too few rows for the split: no validation row, or no training row', async () => {
  // Keras truncates int(rows * (1 - split)), so the tail is empty only when 1 - split rounds to 1.
  const root = await workspace({ 'tiny.csv': 'a,label\n1,0\n2,1\n3,0\n' });
  const noVal = await loadProblem(root, 'tiny.csv', { validationSplit: 1e-17 });
  assert.equal(noVal.code, 'data/too-few-rows');
  assert.match(noVal.message, /3 rows: validationSplit 1e-17 leaves 3 training and 0 validation rows/);
  const root1 = await workspace({ 'one.csv': 'a,label\n1,0\n' });
  const noTrain = await loadProblem(root1, 'one.csv', { validationSplit: 0.5 });
  assert.match(noTrain.message, /leaves 0 training and 1 validation rows/);
});
