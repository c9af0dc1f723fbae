import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { PEEK_BYTES, peekDataFile } from '../../../src/data/peek';
import { encodeNpy } from '../../../src/data/npy';
import { workspace } from './helpers';

function rows(n: number, label: (r: number) => string): string {
  let s = 'a,b,label\n';
  for (let r = 0; r < n; r++) s += `${(r % 97) / 10},${(r % 13) - 6},${label(r)}\n`;
  return s;
}

test('peek reads the header and the first rows only: a broken row past PEEK_BYTES is not seen', async () => {
  const text = rows(300_000, (r) => (r % 2 ? 'yes' : 'no'));
  assert.ok(text.length > 2 * PEEK_BYTES);
  const root = await workspace({ 'big.csv': `${text}this,row,is,broken\n` });
  const p = await peekDataFile(join(root, 'big.csv'), 'big.csv');
  assert.deepEqual(p.columns, ['a', 'b', 'label']);
  assert.equal(p.features, 2);
  assert.equal(p.task, 'binary');
  assert.deepEqual(p.classes, ['no', 'yes']);
  assert.equal(p.complete, false);
  assert.ok(p.sampledRows > 1000 && p.sampledRows < 300_000, String(p.sampledRows));
});

test('a small file is seen whole, so its task is exact; npy peeks the X header and reads y', async () => {
  const root = await workspace({
    's.csv': rows(30, (r) => String(r % 3)),
    's.tsv': 'a\tb\ty\n1\t2\t0.5\n3\t4\t1.5\n',
    's.jsonl': '{"a": 1, "b": 2, "label": "x"}\n{"a": 3, "b": 4, "label": "z"}\n',
    'X.npy': encodeNpy('<f4', [3, 4], new Float32Array(12)),
    'y.npy': encodeNpy('<i8', [3], [0, 1, 1]),
  });
  const csv = await peekDataFile(join(root, 's.csv'), 's.csv');
  assert.equal(csv.complete, true);
  assert.equal(csv.task, 'multiclass');
  assert.deepEqual(csv.classes, ['0', '1', '2']);
  assert.equal((await peekDataFile(join(root, 's.tsv'), 's.tsv')).task, 'regression');
  const jsonl = await peekDataFile(join(root, 's.jsonl'), 's.jsonl');
  assert.deepEqual([jsonl.features, jsonl.task], [2, 'binary']);
  const npy = await peekDataFile(join(root, 'X.npy'), 'X.npy', join(root, 'y.npy'));
  assert.deepEqual([npy.features, npy.task, npy.sampledRows], [4, 'binary', 3]);
});
