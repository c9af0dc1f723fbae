/** The fast engine's worker threads: parity with one thread, determinism, the threshold, and cleanup. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createHeap, HeapLayout, KERNEL_SCRATCH_BYTES } from '../../../src/trainer/fast/heap';
import { createThreadedKernels, rowSlices, splitsWork, THREAD_MIN_WORK } from '../../../src/trainer/fast/kernels-threaded';
import { bindWasmExports, loadKernelModule, wrapWasmKernels } from '../../../src/trainer/fast/kernels-wasm';
import type { Kernels } from '../../../src/trainer/fast/kernels';
import { ThreadPool } from '../../../src/trainer/fast/thread-pool';
import { createFastModel } from '../../../src/trainer/fast';
import { defaultMaxThreads } from '../../../src/trainer/fast/default-threads';
import { Mulberry32 } from '../../../src/shared/prng';
import { batchOrders, buildWasmForTests, dense, glorotWeights, makeData, makeSpec } from './helpers';

before(() => buildWasmForTests());

const MAX = 160;
const ROWS = 263;

/** One heap with single-threaded and threaded (split at any size) kernels over the same buffers. */
async function testbed(threads: number): Promise<{ single: Kernels; split: Kernels; f: Float32Array; buf: Record<string, number>; pool: ThreadPool }> {
  const loaded = loadKernelModule('wasm-simd');
  if (typeof loaded === 'string') throw new Error(loaded);
  const layout = new HeapLayout();
  const buf: Record<string, number> = {};
  for (const name of ['a', 'w', 'wt', 'z', 'dz', 'da']) buf[name] = layout.alloc(ROWS * MAX);
  for (const name of ['b', 'db']) buf[name] = layout.alloc(MAX);
  buf.dw = layout.alloc(MAX * MAX);
  const workers = Array.from({ length: threads - 1 }, () => ({
    scratch: layout.alloc(KERNEL_SCRATCH_BYTES / 4),
    dw: layout.alloc(MAX * MAX),
    db: layout.alloc(MAX),
  }));
  const heap = createHeap(layout.pages ?? 0, true);
  const rng = new Mulberry32(5);
  for (const name of ['a', 'w', 'wt', 'dz', 'b']) for (let i = 0; i < ROWS * MAX; i++) heap.f32[buf[name] + i] = rng.next() * 2 - 1;
  const exports = bindWasmExports(loaded, heap);
  const single = wrapWasmKernels(loaded, exports);
  assert.ok(heap.memory);
  const pool = await ThreadPool.start({
    module: loaded.module,
    memory: heap.memory,
    scratchByteOffsets: workers.map((p) => p.scratch * 4),
    scratchBytes: KERNEL_SCRATCH_BYTES,
  });
  const split = createThreadedKernels(single, exports, pool, { dw: workers.map((p) => p.dw), db: workers.map((p) => p.db) }, 0);
  return { single, split, f: heap.f32, buf, pool };
}

/** Shapes through every kernel path: the seed's small loops, one output, the packed GEMM with ragged tails. */
const SHAPES = [
  { rows: ROWS, nIn: 64, nOut: 16 },
  { rows: 200, nIn: 16, nOut: 1 },
  { rows: ROWS, nIn: 37, nOut: 45 },
  { rows: 200, nIn: 128, nOut: 128 },
  { rows: 41, nIn: MAX, nOut: MAX },
];

describe('threaded fast kernels', () => {
  for (const threads of [2, 3]) {
    it(`match the single-threaded kernels at ${threads} threads: forward and input gradient bit for bit, weight gradient within rounding`, async () => {
      const { single, split, f, buf, pool } = await testbed(threads);
      try {
        for (const { rows, nIn, nOut } of SHAPES) {
          const shape = `${rows}×${nIn}→${nOut}`;
          single.denseForward(buf.a, buf.w, buf.b, buf.z, rows, nIn, nOut);
          const z1 = f.slice(buf.z, buf.z + rows * nOut);
          f.fill(0, buf.z, buf.z + rows * nOut);
          split.denseForward(buf.a, buf.w, buf.b, buf.z, rows, nIn, nOut);
          assert.deepEqual(f.slice(buf.z, buf.z + rows * nOut), z1, `forward ${shape}`);

          single.denseGradInput(buf.dz, buf.wt, buf.da, rows, nIn, nOut);
          const da1 = f.slice(buf.da, buf.da + rows * nIn);
          f.fill(0, buf.da, buf.da + rows * nIn);
          split.denseGradInput(buf.dz, buf.wt, buf.da, rows, nIn, nOut);
          assert.deepEqual(f.slice(buf.da, buf.da + rows * nIn), da1, `grad input ${shape}`);

          single.denseGradWeights(buf.a, buf.dz, buf.dw, buf.db, rows, nIn, nOut);
          const dw1 = f.slice(buf.dw, buf.dw + nIn * nOut);
          const db1 = f.slice(buf.db, buf.db + nOut);
          split.denseGradWeights(buf.a, buf.dz, buf.dw, buf.db, rows, nIn, nOut);
          const close = (got: Float32Array, want: Float32Array, what: string): void => {
            for (let i = 0; i < want.length; i++)
              assert.ok(Math.abs(got[i] - want[i]) <= 1e-5 * (1 + Math.abs(want[i])) * rows, `${what} ${shape} [${i}]: ${got[i]} vs ${want[i]}`);
          };
          close(f.slice(buf.dw, buf.dw + nIn * nOut), dw1, 'dw');
          close(f.slice(buf.db, buf.db + nOut), db1, 'db');
        }
      } finally {
        await pool.close();
      }
    });
  }

  it('cut rows into aligned contiguous slices, one per thread at most', () => {
    assert.deepEqual(rowSlices(200, 2), [
      [0, 100],
      [100, 100],
    ]);
    assert.deepEqual(rowSlices(41, 3), [
      [0, 20],
      [20, 20],
      [40, 1],
    ]);
    assert.deepEqual(rowSlices(30, 4), [
      [0, 20],
      [20, 10],
    ]);
  });
});

describe('the split threshold', () => {
  it('splits from THREAD_MIN_WORK multiply-adds on, and never the seed (64→16→16→1 at batch 200, or its 1024-row evaluation chunks)', () => {
    assert.equal(splitsWork(200, 100, THREAD_MIN_WORK / 200 / 100), true);
    assert.equal(splitsWork(200, 100, THREAD_MIN_WORK / 200 / 100 - 0.01), false);
    for (const [rows, nIn, nOut] of [
      [200, 64, 16],
      [200, 16, 16],
      [200, 16, 1],
      [1024, 64, 16],
    ])
      assert.equal(splitsWork(rows, nIn, nOut), false, `${rows}×${nIn}→${nOut}`);
    assert.equal(splitsWork(200, 128, 128), true);
  });

  it('starts no workers for the seed at 2 threads, and 1 for a 128-wide model', async () => {
    const seedSpec = makeSpec({ layers: [dense(16, 'relu'), dense(16, 'relu'), dense(1, 'sigmoid')], batchSize: 200 });
    const seedData = makeData('binary', 2000, 64);
    const seed = await createFastModel(seedSpec, seedData, glorotWeights(seedSpec, 64), { kernels: 'wasm', threads: 2 });
    assert.equal(seed.threads, 1);
    await seed.close();
    const wideSpec = makeSpec({ layers: [dense(128, 'relu'), dense(128, 'relu'), dense(1, 'sigmoid')], batchSize: 200 });
    const wide = await createFastModel(wideSpec, seedData, glorotWeights(wideSpec, 64), { kernels: 'wasm', threads: 2 });
    assert.equal(wide.threads, 2);
    await wide.close();
  });

  it('defaults to one fewer thread than the cores, at least 1', () => {
    assert.equal(defaultMaxThreads(1), 1);
    assert.equal(defaultMaxThreads(2), 1);
    assert.equal(defaultMaxThreads(8), 7);
  });
});

describe('threaded training', () => {
  const spec = makeSpec({ layers: [dense(48, 'relu'), dense(40, 'relu'), dense(1, 'sigmoid')], batchSize: 64 });
  const data = makeData('binary', 700, 12);
  const weights = glorotWeights(spec, data.features);
  const orders = batchOrders(data.trainRows, 3);

  async function train(threads: number): Promise<{ weights: Float32Array[]; logs: Record<string, number>[] }> {
    const model = await createFastModel(spec, data, weights, { kernels: 'wasm', threads, minThreadWork: 1 });
    assert.equal(model.threads, threads);
    const logs: Record<string, number>[] = [];
    try {
      for (const order of orders) logs.push({ ...(await model.trainEpoch(order, () => false)), ...(await model.evaluate()) });
      return { weights: model.getWeights(), logs };
    } finally {
      await model.close();
    }
  }

  it('is bit-identical run to run at 2 threads, and within rounding of 1 thread', async () => {
    const a = await train(2);
    const b = await train(2);
    assert.deepEqual(a.weights, b.weights);
    assert.deepEqual(a.logs, b.logs);
    const one = await train(1);
    for (let e = 0; e < one.logs.length; e++)
      assert.ok(Math.abs(one.logs[e].loss - a.logs[e].loss) < 1e-4, `epoch ${e}: ${one.logs[e].loss} vs ${a.logs[e].loss}`);
  });

  it('stops its workers on close(), and later calls throw', async () => {
    const model = await createFastModel(spec, data, weights, { kernels: 'wasm', threads: 2, minThreadWork: 1 });
    await model.trainEpoch(orders[0], () => false);
    await model.close();
    await assert.rejects(() => model.trainEpoch(orders[0], () => false), /disposed/);
  });
});

describe('worker lifetime', () => {
  after(() => undefined);
  it('a process that never disposes its threaded model still exits on its own', () => {
    const child = join(__dirname, 'threads-exit-child.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.error, undefined, 'the child did not exit within 60 s: a worker kept it alive');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /trained on 2 threads/);
  });
});
