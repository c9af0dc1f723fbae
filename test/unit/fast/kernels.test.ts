/** The wasm SIMD kernels agree with the plain JS ones on shapes that exercise every tail loop. */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHeap, HeapLayout } from '../../../src/trainer/fast/heap';
import type { Kernels } from '../../../src/trainer/fast/kernels';
import { createJsKernels } from '../../../src/trainer/fast/kernels-js';
import { createWasmKernels, loadKernelModule } from '../../../src/trainer/fast/kernels-wasm';
import { Mulberry32 } from '../../../src/shared/prng';
import { buildWasmForTests } from './helpers';

before(() => buildWasmForTests());

/** Two heaps with identical random contents, one per implementation. */
function pair(floats: number): { js: Kernels; wasm: Kernels; fj: Float32Array; fw: Float32Array; layout: HeapLayout } {
  const layout = new HeapLayout();
  layout.alloc(floats);
  const module = loadKernelModule();
  assert.ok(typeof module !== 'string', `wasm unavailable: ${String(module)}`);
  const hw = createHeap(layout.pages ?? 0, true);
  const hj = createHeap(layout.pages ?? 0, false);
  const rng = new Mulberry32(42);
  for (let i = 0; i < hw.f32.length; i++) hw.f32[i] = hj.f32[i] = rng.next() * 2 - 1;
  return { js: createJsKernels(hj), wasm: createWasmKernels(module, hw), fj: hj.f32, fw: hw.f32, layout };
}

function assertClose(a: Float32Array, b: Float32Array, from: number, n: number, what: string): void {
  for (let i = 0; i < n; i++) {
    const x = a[from + i];
    const y = b[from + i];
    assert.ok(Math.abs(x - y) <= 1e-4 * Math.max(1, Math.abs(y)), `${what}[${i}]: wasm ${x} vs js ${y}`);
  }
}

describe('wasm kernels match the JS kernels', () => {
  const shapes: [number, number, number][] = [
    [200, 64, 16],
    [7, 5, 1],
    [33, 19, 23],
    [1, 16, 37],
    [64, 3, 20],
  ];
  for (const [rows, nIn, nOut] of shapes) {
    it(`dense forward/backward ${rows}×${nIn}→${nOut}`, () => {
      const base = 16384;
      const a = base;
      const w = a + rows * nIn + 4;
      const b = w + nIn * nOut + 4;
      const z = b + nOut + 4;
      const dz = z + rows * nOut + 4;
      const dw = dz + rows * nOut + 4;
      const db = dw + nIn * nOut + 4;
      const wt = db + nOut + 4;
      const da = wt + nIn * nOut + 4;
      const p = pair(da + rows * nIn + 16);
      for (const [k, f] of [
        [p.js, p.fj],
        [p.wasm, p.fw],
      ] as const) {
        k.denseForward(a, w, b, z, rows, nIn, nOut);
        k.denseGradWeights(a, dz, dw, db, rows, nIn, nOut);
        k.transpose(w, wt, nIn, nOut);
        k.denseGradInput(dz, wt, da, rows, nIn, nOut);
        assert.ok(f[z] !== 0);
      }
      assertClose(p.fw, p.fj, z, rows * nOut, 'z');
      assertClose(p.fw, p.fj, dw, nIn * nOut, 'dw');
      assertClose(p.fw, p.fj, db, nOut, 'db');
      assertClose(p.fw, p.fj, wt, nIn * nOut, 'wt');
      assertClose(p.fw, p.fj, da, rows * nIn, 'da');
      // And the JS result is the textbook product, checked at one element.
      let expect = p.fj[b + nOut - 1];
      for (let k = 0; k < nIn; k++) expect += p.fj[a + (rows - 1) * nIn + k] * p.fj[w + k * nOut + nOut - 1];
      assert.ok(Math.abs(p.fj[z + rows * nOut - 1] - expect) < 1e-4);
    });
  }

  it('forward without bias ignores the bias buffer', () => {
    const p = pair(4096);
    for (const [k] of [[p.js], [p.wasm]] as const) k.denseForward(20000, 21000, 0, 22000, 3, 5, 6);
    assertClose(p.fw, p.fj, 22000, 18, 'z');
  });

  it('relu, gather and adam', () => {
    const p = pair(40000);
    // Adam's second moment is a running mean of squares: never negative.
    for (let i = 28000; i < 28037; i++) p.fj[i] = p.fw[i] = Math.abs(p.fj[i]);
    for (const [k, heapU32] of [
      [p.js, new Uint32Array(p.fj.buffer)],
      [p.wasm, new Uint32Array(p.fw.buffer)],
    ] as const) {
      heapU32.set([3, 0, 2], 29000);
      k.gatherRows(20000, 29000, 3, 7, 21000);
      k.reluForward(22000, 23000, 37);
      k.reluBackward(22000, 24000, 37);
      k.adamUpdate(25000, 26000, 27000, 28000, 37, 0.01, 0.9, 0.999, 1e-7, 0.1, 0.001);
    }
    assertClose(p.fw, p.fj, 21000, 21, 'gather');
    assert.equal(p.fj[21000], p.fj[20000 + 3 * 7]);
    assertClose(p.fw, p.fj, 23000, 37, 'relu');
    assertClose(p.fw, p.fj, 24000, 37, 'relu grad');
    for (const at of [25000, 27000, 28000]) assertClose(p.fw, p.fj, at, 37, `adam@${at}`);
  });
});
