import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspectDataFile } from '../../../src/data/infer';
import { encodeNpy } from '../../../src/data/npy';
import { FitwatchError } from '../../../src/shared/location';
import { FIXTURES, workspace } from './helpers';

test('CSV with a header: columns, label guess (last column), task and classes', async () => {
  const info = await inspectDataFile(join(FIXTURES, 'binary.csv'));
  assert.deepEqual(info, { format: 'csv', columns: ['a', 'b', 'c', 'label'], labelGuess: 'label', task: 'binary', classes: ['0', '1'], features: 3, rows: 20 });
});

test('a column named target/label/y/class is guessed even when it is not last', async () => {
  const root = await workspace({ 't.csv': 'Target,a,b\ncat,1,2\ndog,3,4\nbird,5,6\n' });
  const info = await inspectDataFile(join(root, 't.csv'));
  assert.equal(info.labelGuess, 'Target');
  assert.equal(info.task, 'multiclass');
  assert.deepEqual(info.classes, ['bird', 'cat', 'dog']);
  assert.equal(info.features, 2);
});

test('headerless TSV, regression text file, JSONL objects', async () => {
  const tsv = await inspectDataFile(join(FIXTURES, 'multiclass.tsv'));
  assert.equal(tsv.format, 'tsv');
  assert.deepEqual(tsv.columns, ['col1', 'col2', 'col3', 'col4']);
  assert.equal(tsv.labelGuess, 'col4');
  assert.equal(tsv.task, 'multiclass');
  const txt = await inspectDataFile(join(FIXTURES, 'regression.txt'));
  assert.equal(txt.task, 'regression');
  assert.equal(txt.classes, undefined);
  const jsonl = await inspectDataFile(join(FIXTURES, 'objects.jsonl'));
  assert.deepEqual(jsonl.columns, ['id', 'x', 'label', 'z']);
  assert.equal(jsonl.labelGuess, 'label');
  assert.equal(jsonl.features, 2);
  assert.deepEqual(jsonl.classes, ['false', 'true']);
});

test('npy: with a labels file, and alone (last column as label)', async () => {
  const root = await workspace({ 'X.npy': encodeNpy('<f4', [3, 2], [1, 2, 3, 4, 5, 6]), 'y.npy': encodeNpy('<u1', [3], [0, 1, 2]) });
  const pair = await inspectDataFile(join(root, 'X.npy'), join(root, 'y.npy'));
  assert.equal(pair.format, 'npy');
  assert.equal(pair.features, 2);
  assert.equal(pair.task, 'multiclass');
  assert.equal(pair.rows, 3);
  const alone = await inspectDataFile(join(root, 'X.npy'));
  assert.equal(alone.features, 1);
  assert.equal(alone.labelGuess, 'f1');
  assert.equal(alone.task, 'multiclass');
});

test('an unsupported extension or a missing file is a clear error', async () => {
  const root = await workspace({ 'a.xlsx': 'PK' });
  await assert.rejects(inspectDataFile(join(root, 'a.xlsx')), /"\.xlsx" is not a supported data format/);
  await assert.rejects(inspectDataFile(join(root, 'gone.csv')), (err: unknown) => err instanceof FitwatchError && err.problem.code === 'data/not-found');
});
