import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIXTURES, load, loadProblem, row, workspace } from './helpers';

test('binary.csv: header detected, last column is the label, classes 0/1', async () => {
  const d = await load(FIXTURES, 'binary.csv', { validationSplit: 0.2 });
  assert.equal(d.rows, 20);
  assert.equal(d.features, 3);
  assert.equal(d.trainRows, 16);
  assert.equal(d.labelWidth, 1);
  assert.deepEqual(d.summary.featureNames, ['a', 'b', 'c']);
  assert.equal(d.summary.labelName, 'label');
  assert.equal(d.summary.format, 'csv');
  assert.equal(d.summary.source, 'binary.csv');
  assert.equal(d.summary.task, 'binary');
  assert.deepEqual(d.summary.classes, ['0', '1']);
  assert.deepEqual(d.summary.trainClassCounts, [8, 8]);
  assert.deepEqual(d.summary.valClassCounts, [2, 2]);
  assert.deepEqual(Array.from(d.y.subarray(0, 4)), [0, 1, 0, 1]);
  assert.ok(d.summary.loadMs >= 0);
});

test('multiclass.tsv: no header, tab-separated, integer classes 0..2, sparse and one-hot encodings', async () => {
  const sparse = await load(FIXTURES, 'multiclass.tsv', { loss: 'sparseCategoricalCrossentropy' });
  assert.equal(sparse.summary.format, 'tsv');
  assert.deepEqual(sparse.summary.featureNames, ['col1', 'col2', 'col3']);
  assert.equal(sparse.summary.labelName, 'col4');
  assert.equal(sparse.summary.task, 'multiclass');
  assert.deepEqual(sparse.summary.classes, ['0', '1', '2']);
  assert.equal(sparse.rows, 12);
  assert.deepEqual(row(sparse.x, 3, 2), [2, 1, 4]);
  assert.deepEqual(Array.from(sparse.y.subarray(0, 4)), [0, 1, 2, 0]);
  const onehot = await load(FIXTURES, 'multiclass.tsv', { loss: 'categoricalCrossentropy' });
  assert.equal(onehot.labelWidth, 3);
  assert.deepEqual(Array.from(onehot.y.subarray(0, 9)), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
});

test('quoted.csv: quoted header names and cells, CRLF, string label picked by name', async () => {
  const d = await load(FIXTURES, 'quoted.csv', { loss: 'sparseCategoricalCrossentropy', data: { labelColumn: 'species' } });
  assert.deepEqual(d.summary.featureNames, ['petal, length', 'petal "width"']);
  assert.deepEqual(d.summary.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(row(d.x, 2, 0), [Math.fround(1.4), Math.fround(0.2)]);
  assert.deepEqual(row(d.x, 2, 1), [Math.fround(4.7), Math.fround(1.4)]);
  assert.deepEqual(Array.from(d.y.subarray(0, 3)), [0, 1, 2]);
  const byIndex = await load(FIXTURES, 'quoted.csv', { loss: 'sparseCategoricalCrossentropy', data: { labelColumn: 0 } });
  assert.deepEqual(Array.from(byIndex.y), Array.from(d.y));
});

test('regression.txt: whitespace-delimited numbers in exponent notation, regression with MSE', async () => {
  const d = await load(FIXTURES, 'regression.txt', { loss: 'meanSquaredError', validationSplit: 0.2 });
  assert.equal(d.summary.format, 'csv');
  assert.equal(d.summary.task, 'regression');
  assert.equal(d.summary.classes, undefined);
  assert.equal(d.rows, 10);
  assert.equal(d.features, 2);
  assert.deepEqual(row(d.x, 2, 3), [Math.fround(0.3), 3]);
  assert.equal(d.y[3], Math.fround(0.3 * 3 + 0.1 * 3));
  assert.ok(d.summary.labelMean !== undefined && d.summary.labelStd !== undefined && d.summary.labelStd > 0);
});

test('semicolon.txt: sniffed ";" and yes/no labels sorted so "no" is class 0', async () => {
  const d = await load(FIXTURES, 'semicolon.txt');
  assert.deepEqual(d.summary.featureNames, ['x1', 'x2']);
  assert.deepEqual(d.summary.classes, ['no', 'yes']);
  assert.deepEqual(Array.from(d.y.subarray(0, 3)), [0, 1, 0]);
});

test('featureColumns picks and orders columns by name or index (negative from the end)', async () => {
  const d = await load(FIXTURES, 'binary.csv', { data: { featureColumns: ['c', 0] } });
  assert.deepEqual(d.summary.featureNames, ['c', 'a']);
  const byNeg = await load(FIXTURES, 'binary.csv', { data: { featureColumns: [-2], labelColumn: 'label' } });
  assert.deepEqual(byNeg.summary.featureNames, ['c']);
});

test('header detection: numeric first row is data; pandas-style numeric column names with a text label are a header', async () => {
  const root = await workspace({
    'plain.csv': '1,2,0\n3,4,1\n',
    'pandas.csv': '0,1,label\n0.5,0.25,0\n0.75,1.5,1\n',
    'forced.csv': '1,2,0\n3,4,1\n5,6,0\n',
    'strings.csv': '1,2,cat\n3,4,dog\n',
  });
  const plain = await load(root, 'plain.csv');
  assert.equal(plain.rows, 2);
  const pandas = await load(root, 'pandas.csv');
  assert.equal(pandas.rows, 2);
  assert.deepEqual(pandas.summary.featureNames, ['0', '1']);
  assert.equal(pandas.summary.labelName, 'label');
  const forced = await load(root, 'forced.csv', { data: { header: true } });
  assert.equal(forced.rows, 2);
  assert.deepEqual(forced.summary.featureNames, ['1', '2']);
  const strings = await load(root, 'strings.csv');
  assert.equal(strings.rows, 2, 'text only in the label column does not make a header');
  assert.deepEqual(strings.summary.classes, ['cat', 'dog']);
});

test('header: false reads a text first row as data and then reports it', async () => {
  const root = await workspace({ 'h.csv': 'a,b,label\n1,2,0\n' });
  const p = await loadProblem(root, 'h.csv', { data: { header: false } });
  assert.equal(p.code, 'data/non-numeric');
  assert.deepEqual(p.location, { file: 'h.csv', line: 1, column: 1 });
});

test('a UTF-8 BOM and non-ASCII header names are read correctly', async () => {
  const root = await workspace({ 'bom.csv': '\uFEFFtempérature,größe,label\n1,2,0\n3,4,1\n' });
  const d = await load(root, 'bom.csv');
  assert.deepEqual(d.summary.featureNames, ['température', 'größe']);
});

test('a file larger than one read chunk gives the same rows as its content', async () => {
  const lines = ['x,y,label'];
  for (let i = 0; i < 60000; i++) lines.push(`${i},${(i * 0.001).toFixed(3)},${i % 2}`);
  const root = await workspace({ 'big.csv': lines.join('\n') + '\n' });
  const d = await load(root, 'big.csv', { validationSplit: 0.25 });
  assert.equal(d.rows, 60000);
  assert.equal(d.trainRows, 45000);
  assert.deepEqual(row(d.x, 2, 59999), [59999, Math.fround(59.999)]);
  assert.deepEqual(row(d.x, 2, 31337), [31337, Math.fround(31.337)]);
  assert.equal(d.y[31337], 1);
});

test('multi-byte UTF-8 text split across read chunks decodes intact', async () => {
  // Fixed-width lines put the first byte of an "é" at offset 2^20 - 1, the last byte of the first 1 MiB chunk.
  const header = 'xxxxxxxxx,boisson\n'; // 18 bytes
  const lines: string[] = [];
  for (let i = 0; i < 100000; i++) lines.push(`${String(i).padStart(6, '0')},${i % 2 ? 'thé' : 'cafe'}\n`); // 12 bytes each
  const text = header + lines.join('');
  const bytes = Buffer.from(text, 'utf8');
  assert.equal(bytes[2 ** 20 - 1], 0xc3, 'the chunk boundary cuts an é in two');
  const root = await workspace({ 'u.csv': bytes });
  const d = await load(root, 'u.csv');
  assert.equal(d.rows, 100000);
  assert.deepEqual(d.summary.classes, ['cafe', 'thé']);
  assert.deepEqual(d.summary.trainClassCounts, [50000, 50000]);
  assert.equal(d.x[87379], 87379);
});
