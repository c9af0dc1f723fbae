import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeLabels, inferTask, LabelBuilder, MAX_INFERRED_CLASSES, sortClassNames, type CellValue, type RawLabels } from '../../../src/data/labels';
import { FitwatchError } from '../../../src/shared/location';

function raw(cells: CellValue[]): RawLabels {
  const b = new LabelBuilder();
  for (const c of cells) assert.equal(b.add(c), undefined, `cell ${String(c)}`);
  return b.finish();
}

const site = (r: number) => ({ text: `Line ${r + 2}`, location: { file: 'f.csv', line: r + 2, column: 1 } });

test('class order: 0/false/no/negative words first, numbers numerically, then string order', () => {
  assert.deepEqual(sortClassNames(['true', 'false']), ['false', 'true']);
  assert.deepEqual(sortClassNames(['True', 'False']), ['False', 'True']);
  assert.deepEqual(sortClassNames(['yes', 'no']), ['no', 'yes']);
  assert.deepEqual(sortClassNames(['pos', 'neg']), ['neg', 'pos']);
  assert.deepEqual(sortClassNames(['10', '9', '-1']), ['-1', '9', '10']);
  assert.deepEqual(sortClassNames(['malignant', 'benign']), ['benign', 'malignant']);
});

test('binary: 0/1 numbers, true/false, two strings and -1/1 all map to 0/1 with classes recorded', () => {
  const cases: [CellValue[], string[], number[]][] = [
    [
      ['1', '0', 1, 0],
      ['0', '1'],
      [1, 0, 1, 0],
    ],
    [
      [true, false, 'true'],
      ['false', 'true'],
      [1, 0, 1],
    ],
    [
      ['spam', 'ham', 'spam'],
      ['ham', 'spam'],
      [1, 0, 1],
    ],
    [
      ['-1', '1', '1'],
      ['-1', '1'],
      [0, 1, 1],
    ],
  ];
  for (const [cells, classes, y] of cases) {
    const e = encodeLabels(raw(cells), 'binaryCrossentropy', 'label', site);
    assert.equal(e.task, 'binary');
    assert.deepEqual(e.classes, classes);
    assert.deepEqual(Array.from(e.y), y);
    assert.equal(e.labelWidth, 1);
  }
});

test('mixed numbers and strings become string classes', () => {
  const e = encodeLabels(raw(['3', 'other', 3.5]), 'sparseCategoricalCrossentropy', 'label', site);
  assert.deepEqual(e.classes, ['3', '3.5', 'other']);
  assert.deepEqual(Array.from(e.y), [0, 2, 1]);
});

test('categorical: one-hot rows of width k', () => {
  const e = encodeLabels(raw(['b', 'a', 'c']), 'categoricalCrossentropy', 'label', site);
  assert.equal(e.labelWidth, 3);
  assert.equal(e.task, 'multiclass');
  assert.deepEqual(Array.from(e.y), [0, 1, 0, 1, 0, 0, 0, 0, 1]);
});

test('regression: MSE/MAE keep the values, 0/1 labels included', () => {
  const e = encodeLabels(raw(['0.5', 2, '-1e3']), 'meanAbsoluteError', 'label', site);
  assert.equal(e.task, 'regression');
  assert.deepEqual(Array.from(e.y), [0.5, 2, -1000]);
  assert.equal(encodeLabels(raw([0, 1, 1]), 'meanSquaredError', 'label', site).task, 'regression');
});

test('label errors name the value, its line, and a loss that fits', () => {
  const bad = (cells: CellValue[], loss: Parameters<typeof encodeLabels>[1], code: string, line: number, message: RegExp): void =>
    assert.throws(
      () => encodeLabels(raw(cells), loss, 'label', site),
      (err: unknown) => err instanceof FitwatchError && err.problem.code === code && err.problem.location?.line === line && message.test(err.message),
    );
  bad([0, 1, 2, 1], 'binaryCrossentropy', 'data/label-not-binary', 4, /Line 4: label 2 .*third class/);
  bad([0, 0.25], 'binaryCrossentropy', 'data/label-not-class', 3, /label 0\.25 .*not a class label/);
  bad(['a', 'a'], 'sparseCategoricalCrossentropy', 'data/single-class', 2, /Every label in "label" is "a"/);
  bad([4, 4], 'meanSquaredError', 'data/single-class', 2, /Every label in "label" is 4: there is nothing to learn/);
  bad([1, 'x'], 'meanSquaredError', 'data/label-not-numeric', 3, /label "x" .*not a number/);
});

test('unusable label cells are reported as reasons, not thrown', () => {
  const b = new LabelBuilder();
  assert.equal(b.add(''), 'is empty');
  assert.equal(b.add(null), 'is missing');
  assert.match(b.add('NaN') ?? '', /not a finite number/);
  assert.match(b.add(Number.POSITIVE_INFINITY) ?? '', /not a finite number/);
  assert.equal(b.rows, 0);
});

test('task inference without a loss: binary, multiclass, regression, many integers are regression', () => {
  assert.deepEqual(inferTask(raw([0, 1, 1])), { task: 'binary', classes: ['0', '1'] });
  assert.deepEqual(inferTask(raw(['a', 'b', 'c'])), { task: 'multiclass', classes: ['a', 'b', 'c'] });
  assert.deepEqual(inferTask(raw([0.5, 1, 2])), { task: 'regression' });
  const many = Array.from({ length: MAX_INFERRED_CLASSES + 1 }, (_, i) => i);
  assert.deepEqual(inferTask(raw(many)), { task: 'regression' });
});
