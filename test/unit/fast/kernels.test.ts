/** The wasm SIMD kernels (both builds) agree with the plain JS ones on shapes that exercise every tail loop and tile. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHeap, HeapLayout } from '../../../src/trainer/fast/heap';
import type { Kernels } from '../../../src/trainer/fast/kernels';
import { createJsKernels } from '../../../src/trainer/fast/kernels-js';
import { createWasmKernels, fastKernelStatus, loadKernelModule, supportsRelaxedSimd } from '../../../src/trainer/fast/kernels-wasm';
import { Mulberry32 } from '../../../src/shared/prng';
import { buildWasmForTests } from './helpers';
import { KERNEL_TOLERANCE, kernelParity, PARITY_ROWS, PARITY_SIZES, type ParityResult } from './kernel-parity';

before(() => buildWasmForTests());

/** Two heaps with identical random contents, one per implementation; `floats` are planned after the reserved area. */
function pair(floats: number): { js: Kernels; wasm: Kernels; fj: Float32Array; fw: Float32Array; layout: HeapLayout; base: number } {
  const layout = new HeapLayout();
  const base = layout.alloc(floats);
  const module = loadKernelModule('wasm-simd');
  assert.ok(typeof module !== 'string', `wasm unavailable: ${String(module)}`);
  const hw = createHeap(layout.pages ?? 0, true);
  const hj = createHeap(layout.pages ?? 0, false);
  const rng = new Mulberry32(42);
  for (let i = 0; i < hw.f32.length; i++) hw.f32[i] = hj.f32[i] = rng.next() * 2 - 1;
  return { js: createJsKernels(hj), wasm: createWasmKernels(module, hw), fj: hj.f32, fw: hw.f32, layout, base };
}

function assertClose(a: Float32Array, b: Float32Array, from: number, n: number, what: string): void {
  for (let i = 0; i < n; i++) {
    const x = a[from + i];
    const y = b[from + i];
    assert.ok(Math.abs(x - y) <= KERNEL_TOLERANCE * Math.max(1, Math.abs(y)), `${what}[${i}]: wasm ${x} vs js ${y}`);
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
      const p = pair(rows * nIn * 2 + nIn * nOut * 3 + rows * nOut * 2 + nOut * 2 + 64);
      const a = p.base;
      const w = a + rows * nIn + 4;
      const b = w + nIn * nOut + 4;
      const z = b + nOut + 4;
      const dz = z + rows * nOut + 4;
      const dw = dz + rows * nOut + 4;
      const db = dw + nIn * nOut + 4;
      const wt = db + nOut + 4;
      const da = wt + nIn * nOut + 4;
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
    const o = p.base - 20000;
    for (const [k] of [[p.js], [p.wasm]] as const) k.denseForward(o + 20000, o + 21000, 0, o + 22000, 3, 5, 6);
    assertClose(p.fw, p.fj, o + 22000, 18, 'z');
  });

  it('relu, gather and adam', () => {
    const p = pair(40000);
    const o = p.base - 20000;
    // Adam's second moment is a running mean of squares: never negative.
    for (let i = o + 28000; i < o + 28037; i++) p.fj[i] = p.fw[i] = Math.abs(p.fj[i]);
    for (const [k, heapU32] of [
      [p.js, new Uint32Array(p.fj.buffer)],
      [p.wasm, new Uint32Array(p.fw.buffer)],
    ] as const) {
      heapU32.set([3, 0, 2], o + 29000);
      k.gatherRows(o + 20000, o + 29000, 3, 7, o + 21000);
      k.reluForward(o + 22000, o + 23000, 37);
      k.reluBackward(o + 22000, o + 24000, 37);
      k.adamUpdate(o + 25000, o + 26000, o + 27000, o + 28000, 37, 0.01, 0.9, 0.999, 1e-7, 0.1, 0.001);
    }
    assertClose(p.fw, p.fj, o + 21000, 21, 'gather');
    assert.equal(p.fj[o + 21000], p.fj[o + 20000 + 3 * 7]);
    assertClose(p.fw, p.fj, o + 23000, 37, 'relu');
    assertClose(p.fw, p.fj, o + 24000, 37, 'relu grad');
    for (const at of [o + 25000, o + 27000, o + 28000]) assertClose(p.fw, p.fj, at, 37, `adam@${at - o}`);
  });
});

/** Runs kernel-parity.ts for `flavour` in a child Node started with `flags`. */
function parityInChild(flavour: string, flags: string[]): ParityResult {
  const script = join(__dirname, 'kernel-parity.ts');
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', script, flavour], { encoding: 'utf8' });
  assert.equal(r.status, 0, `kernel-parity.ts ${flavour} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ParityResult;
}

function assertParity(r: ParityResult, flavour: string): void {
  assert.equal(r.flavour, flavour);
  assert.equal(r.shapes, PARITY_ROWS.length * PARITY_SIZES.length ** 2);
  assert.deepEqual(r.failures, [], `worst relative error ${r.worst}`);
  assert.ok(r.worst <= KERNEL_TOLERANCE);
}

describe('wide and odd shapes (nIn, nOut ∈ 1, 3, 17, 64, 130, 512; rows 1, 7, 200), every matmul kernel', () => {
  it('strict SIMD build matches the JS oracle within 1e-4', () => {
    assertParity(kernelParity('wasm-simd'), 'wasm-simd');
  });

  // The relaxed build is parity-tested on every runtime: in-process where relaxed SIMD is on,
  // else in a child Node with V8's flag for it (Node 20 ships it behind the flag).
  it('relaxed SIMD (FMA) build matches the JS oracle within the same 1e-4', () => {
    const r = supportsRelaxedSimd() ? kernelParity('wasm-relaxed-simd') : parityInChild('wasm-relaxed-simd', ['--experimental-wasm-relaxed-simd']);
    assertParity(r, 'wasm-relaxed-simd');
  });
});

describe('wasm flavour selection', () => {
  it('auto loads the relaxed build exactly when the probe validates relaxed SIMD, and says why not', () => {
    const auto = loadKernelModule('auto');
    assert.ok(typeof auto !== 'string', String(auto));
    if (supportsRelaxedSimd()) {
      assert.equal(auto.flavour, 'wasm-relaxed-simd');
      assert.equal(auto.relaxedUnused, undefined);
    } else {
      assert.equal(auto.flavour, 'wasm-simd');
      assert.match(auto.relaxedUnused ?? '', /does not validate relaxed SIMD/);
      assert.match(String(loadKernelModule('wasm-relaxed-simd')), /does not validate relaxed SIMD/);
    }
    assert.equal(fastKernelStatus().kernels, auto.flavour);
  });

  it('the kernels report the build they are, which is the one asked for', () => {
    const strict = loadKernelModule('wasm-simd');
    assert.ok(typeof strict !== 'string', String(strict));
    const layout = new HeapLayout();
    layout.alloc(16);
    assert.equal(createWasmKernels(strict, createHeap(layout.pages ?? 0, true)).name, 'wasm-simd');
  });

  it('a runtime with the relaxed-SIMD flag validates the probe and reports wasm-relaxed-simd', () => {
    const code = `const k = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'trainer', 'fast', 'kernels-wasm.ts'))}); console.log(JSON.stringify({ probe: k.supportsRelaxedSimd(), status: k.fastKernelStatus() }));`;
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '-e', code], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { probe: true, status: { kernels: 'wasm-relaxed-simd' } });
  });
});
