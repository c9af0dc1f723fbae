import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDataset } from '../../../src/data/load-dataset';
import { generateSeedSample } from '../../../src/data/sample';
import { float32ToString, writeCsv } from '../../../src/data/write-csv';
import { mulberry32 } from '../../../src/shared/prng';
import { load, workspace } from './helpers';

function checksum(x: Float32Array, y: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength))
    .update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength))
    .digest('hex');
}

test('mulberry32 is the reference sequence (seed 1 starts 0.6270739405881613)', () => {
  const r = mulberry32(1);
  assert.equal(r(), 0.6270739405881613);
  assert.deepEqual(
    [r(), r()].map((v) => v * 2 ** 32),
    [11749833, 2265367787],
  );
});

test('the sample is byte-identical for the same arguments (fixed checksums) and changes with the seed', () => {
  const a = generateSeedSample(1000, 64, 1);
  assert.equal(checksum(a.x, a.y), '5fee41aff19f76de50964e896e54cad7d5515f814c29a4d9dce1161de5610325');
  const b = generateSeedSample(200, 8, 7);
  assert.equal(checksum(b.x, b.y), '7de3b93a807ebd49515ce45ac4a7d7622aee06eacfffa6a2b3443a07fec13fe5');
  const c = generateSeedSample(200, 8, 8);
  assert.notEqual(checksum(c.x, c.y), checksum(b.x, b.y));
  assert.ok(a.x.every((v) => v > -1 && v < 1));
});

test('a seed names one teacher and one feature map: fewer rows are a prefix of the same rows', () => {
  const small = generateSeedSample(2000, 64, 1);
  const large = generateSeedSample(5000, 64, 1);
  assert.deepEqual(small.x, large.x.subarray(0, small.x.length));
  const positives = small.y.reduce((a, v) => a + v, 0) / small.rows;
  assert.ok(positives > 0.45 && positives < 0.55, `positive rate ${positives} with 2,000 rows`);
});

test('the features lie on a low-dimensional manifold: every feature is strongly correlated with others', () => {
  const s = generateSeedSample(3000, 16, 2);
  const column = (j: number): number[] => Array.from({ length: s.rows }, (_, r) => s.x[r * s.features + j]);
  const corr = (a: number[], b: number[]): number => {
    const mean = (v: number[]): number => v.reduce((p, q) => p + q, 0) / v.length;
    const ma = mean(a);
    const mb = mean(b);
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < a.length; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) ** 2;
      bb += (b[i] - mb) ** 2;
    }
    return ab / Math.sqrt(aa * bb);
  };
  const columns = Array.from({ length: s.features }, (_, j) => column(j));
  for (let j = 0; j < s.features; j++) {
    const strongest = Math.max(...columns.map((c, k) => (k === j ? 0 : Math.abs(corr(columns[j], c)))));
    assert.ok(strongest > 0.5, `feature f${j}: strongest correlation with another feature is only ${strongest.toFixed(2)}`);
  }
});

test('the default sample is the seed shape, balanced, and loads through DataSpec kind "sample"', async () => {
  const s = generateSeedSample();
  assert.equal(s.rows, 50000);
  assert.equal(s.features, 64);
  assert.equal(checksum(s.x, s.y), 'c2fff93accb75e852f474bf1e46e715647fce9744b21069d74158618a86b9b33');
  const positives = s.y.reduce((a, v) => a + v, 0) / s.rows;
  assert.ok(positives > 0.45 && positives < 0.55, `positive rate ${positives}`);
  const d = await loadDataset(
    { kind: 'sample', sample: 'seed', rows: 50000, features: 64, seed: 1, normalize: 'none' },
    { workspaceRoot: '/', baseDir: '/', loss: 'binaryCrossentropy', validationSplit: 0.2 },
  );
  assert.equal(d.summary.source, 'sample:seed');
  assert.equal(d.summary.format, 'sample');
  assert.equal(d.trainRows, 40000);
  assert.deepEqual(d.summary.classes, ['0', '1']);
  assert.equal(
    (d.summary.trainClassCounts ?? []).reduce((a, b) => a + b, 0),
    40000,
  );
  assert.deepEqual(d.summary.warnings, [], 'an unsorted, already-scaled sample raises no warning');
  assert.deepEqual(Array.from(d.y.subarray(0, 50)), Array.from(s.y.subarray(0, 50)));
});

test('float32ToString gives the shortest text that reads back as the same float32', () => {
  const r = mulberry32(3);
  for (let i = 0; i < 2000; i++) {
    const v = Math.fround((r() * 2 - 1) * 10 ** Math.floor(r() * 10 - 5));
    assert.equal(Math.fround(Number(float32ToString(v))), v);
  }
  assert.equal(float32ToString(Math.fround(0.1)), '0.1');
  assert.equal(float32ToString(1), '1');
});

test('writeCsv exports f0…,label and the CSV loads back to identical rows', async () => {
  const s = generateSeedSample(300, 8, 5);
  const root = await workspace({});
  await writeCsv(join(root, 'sample.csv'), s);
  const text = await readFile(join(root, 'sample.csv'), 'utf8');
  assert.equal(text.split('\n')[0], 'f0,f1,f2,f3,f4,f5,f6,f7,label');
  const d = await load(root, 'sample.csv');
  assert.equal(d.rows, 300);
  assert.deepEqual(d.x, s.x);
  assert.deepEqual(d.y, s.y);
});
