import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDataset } from '../../../src/data/load-dataset';
import { generateSeedSample } from '../../../src/data/sample';
import { float32ToString, writeCsv } from '../../../src/data/write-csv';
import { mulberry32 } from '../../../src/data/prng';
import { load, workspace } from './helpers';

function checksum(x: Float32Array, y: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength)).digest('hex');
}

test('mulberry32 is the reference sequence (seed 1 starts 0.6270739405881613)', () => {
  const r = mulberry32(1);
  assert.equal(r(), 0.6270739405881613);
  assert.deepEqual([r(), r()].map((v) => v * 2 ** 32), [11749833, 2265367787]);
});

test('the sample is byte-identical for the same arguments (fixed checksums) and changes with the seed', () => {
  const a = generateSeedSample(1000, 64, 1);
  assert.equal(checksum(a.x, a.y), 'fedaabc5cc57b7f835639ad6a41acb5191aaae4f210de3b3d12c80ce57bff6de');
  const b = generateSeedSample(200, 8, 7);
  assert.equal(checksum(b.x, b.y), 'e720f93a40d91c4fc7704f941f78a3e1f5c5ada0d0b0fc820dec80093e8de51c');
  const c = generateSeedSample(200, 8, 8);
  assert.notEqual(checksum(c.x, c.y), checksum(b.x, b.y));
  assert.ok(a.x.every((v) => v >= -1 && v < 1));
});

test('the default sample is the seed shape, balanced, and loads through DataSpec kind "sample"', async () => {
  const s = generateSeedSample();
  assert.equal(s.rows, 50000);
  assert.equal(s.features, 64);
  assert.equal(checksum(s.x, s.y), '06217bb0f5318afc53ddbf9deebe4197f520415efc12503f04555980612847e0');
  const positives = s.y.reduce((a, v) => a + v, 0) / s.rows;
  assert.ok(positives > 0.45 && positives < 0.55, `positive rate ${positives}`);
  const d = await loadDataset({ kind: 'sample', sample: 'seed', rows: 50000, features: 64, seed: 1, normalize: 'none' }, { workspaceRoot: '/', baseDir: '/', loss: 'binaryCrossentropy', validationSplit: 0.2 });
  assert.equal(d.summary.source, 'sample:seed');
  assert.equal(d.summary.format, 'sample');
  assert.equal(d.trainRows, 40000);
  assert.deepEqual(d.summary.classes, ['0', '1']);
  assert.equal((d.summary.trainClassCounts ?? []).reduce((a, b) => a + b, 0), 40000);
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
