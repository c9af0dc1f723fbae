import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeNpy, parseNpy } from '../../../src/data/npy';
import { FitwatchError } from '../../../src/shared/location';
import { load, loadProblem, row, workspace } from './helpers';

function withHeader(major: number, header: string, data: Uint8Array): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(pre + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, h.length, true);
  else view.setUint32(8, h.length, true);
  out.set(h, pre);
  out.set(data, pre + h.length);
  return out;
}

test('parses versions 1, 2 and 3 and every supported dtype', () => {
  const values = [0, 1, 2, 3, 4, 5];
  for (const dtype of ['<f4', '<f8', '<i1', '|i1', '<i2', '<i4', '<i8', '<u1', '|u1', '<u2', '<u4', '|b1']) {
    const v = dtype === '|b1' ? [0, 1, 1, 0, 1, 0] : values;
    const a = parseNpy(encodeNpy(dtype, [2, 3], v), 'a.npy');
    assert.deepEqual(a.shape, [2, 3], dtype);
    assert.deepEqual(Array.from(a.values), v, dtype);
  }
  const body = encodeNpy('<f8', [3], [1.5, -2, 7]).subarray(128);
  for (const major of [2, 3]) {
    const a = parseNpy(withHeader(major, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n", body), 'v.npy');
    assert.deepEqual(a.shape, [3]);
    assert.deepEqual(Array.from(a.values), [1.5, -2, 7]);
  }
});

test('refuses Fortran order, big-endian, structured dtypes, bad magic and truncation with a fix', () => {
  const bad = (bytes: Uint8Array, code: string, message: RegExp): void =>
    assert.throws(
      () => parseNpy(bytes, 'x.npy'),
      (err: unknown) => err instanceof FitwatchError && err.problem.code === code && message.test(err.message) && (err.problem.fix ?? '').length > 0,
    );
  const body = new Uint8Array(16);
  bad(withHeader(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", body), 'data/npy-fortran-order', /Fortran/);
  bad(withHeader(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }\n", body), 'data/npy-dtype', /">f4".*big-endian/);
  bad(withHeader(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }\n", body), 'data/npy-dtype', /structured/);
  bad(new TextEncoder().encode('a,b\n1,2\n'), 'data/npy-bad-magic', /not a NumPy \.npy file/);
  bad(withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (10, 2), }\n", body), 'data/npy-truncated', /needs 160 data bytes, the file has 16/);
});

test('X.npy + y.npy: features, 0/1 labels, feature names f0…, label named after the file', async () => {
  const root = await workspace({
    'X.npy': encodeNpy('<f4', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]),
    'y.npy': encodeNpy('<i8', [4], [0, 1, 1, 0]),
  });
  const d = await load(root, 'X.npy', { data: { labelsPath: 'y.npy' }, validationSplit: 0.25 });
  assert.equal(d.summary.format, 'npy');
  assert.equal(d.rows, 4);
  assert.equal(d.trainRows, 3);
  assert.deepEqual(d.summary.featureNames, ['f0', 'f1']);
  assert.equal(d.summary.labelName, 'y');
  assert.deepEqual(row(d.x, 2, 3), [7, 8]);
  assert.deepEqual(Array.from(d.y), [0, 1, 1, 0]);
});

test('one-hot y: class indices for sparse, kept one-hot (with unseen classes) for categorical', async () => {
  const root = await workspace({
    'X.npy': encodeNpy('<f8', [3, 1], [0.1, 0.2, 0.3]),
    'y.npy': encodeNpy('<f4', [3, 4], [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0]),
  });
  const sparse = await load(root, 'X.npy', { data: { labelsPath: 'y.npy' }, loss: 'sparseCategoricalCrossentropy' });
  assert.deepEqual(Array.from(sparse.y), [2, 0, 2]);
  assert.deepEqual(sparse.summary.classes, ['0', '1', '2', '3']);
  const cat = await load(root, 'X.npy', { data: { labelsPath: 'y.npy' }, loss: 'categoricalCrossentropy' });
  assert.equal(cat.labelWidth, 4);
  assert.deepEqual(Array.from(cat.y), [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
});

test('X.npy without labelsPath: the last column is the label (labelColumn applies, like a headerless CSV)', async () => {
  const root = await workspace({ 'data.npy': encodeNpy('<f8', [4, 3], [1, 2, 0, 3, 4, 1, 5, 6, 0, 7, 8, 1]) });
  const d = await load(root, 'data.npy');
  assert.equal(d.features, 2);
  assert.deepEqual(Array.from(d.y), [0, 1, 0, 1]);
  const first = await load(root, 'data.npy', { data: { labelColumn: 0 }, loss: 'meanSquaredError' });
  assert.deepEqual(first.summary.featureNames, ['f1', 'f2']);
  assert.deepEqual(Array.from(first.y), [1, 3, 5, 7]);
});

test('npy errors: no labels for one column, row mismatch names both files, 1-D X, NaN in X, non one-hot y', async () => {
  const root = await workspace({
    'one.npy': encodeNpy('<f4', [3, 1], [1, 2, 3]),
    'X.npy': encodeNpy('<f4', [3, 2], [1, 2, 3, 4, 5, 6]),
    'y2.npy': encodeNpy('<i4', [2], [0, 1]),
    'flat.npy': encodeNpy('<f4', [3], [1, 2, 3]),
    'nan.npy': encodeNpy('<f8', [2, 3], [1, Number.NaN, 0, 1, 2, 1]),
    'soft.npy': encodeNpy('<f4', [3, 2], [1, 0, 0.5, 0.5, 0, 1]),
  });
  let p = await loadProblem(root, 'one.npy');
  assert.equal(p.code, 'data/missing-labels');
  assert.match(p.message, /add "labelsPath"/);
  p = await loadProblem(root, 'X.npy', { data: { labelsPath: 'y2.npy' } });
  assert.equal(p.code, 'data/row-mismatch');
  assert.match(p.message, /X\.npy has 3 rows but y2\.npy has 2 labels/);
  p = await loadProblem(root, 'flat.npy', { data: { labelsPath: 'y2.npy' } });
  assert.equal(p.code, 'data/npy-shape');
  assert.match(p.fix ?? '', /reshape\(-1, 1\)/);
  p = await loadProblem(root, 'nan.npy');
  assert.equal(p.code, 'data/not-finite');
  assert.match(p.message, /X\[0, 1\] is NaN/);
  p = await loadProblem(root, 'X.npy', { data: { labelsPath: 'soft.npy' } });
  assert.equal(p.code, 'data/not-one-hot');
  assert.match(p.message, /y\[1\] = \[0\.5, 0\.5\]/);
});
