import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLOP_PER_CYCLE, formatKernelGflops, KERNEL_SHAPES, type KernelGflopsReport } from '../../../tools/bench/kernel-gflops';

test('the kernel table shows shape, flops, min and median ms, GFLOP/s and the share of the bound', () => {
  const r: KernelGflopsReport = {
    clockGHz: 3.5,
    nominalGHz: 2.1,
    flopPerCycle: FLOP_PER_CYCLE,
    boundGflops: 56,
    relaxedSimd: false,
    rows: [
      {
        kernels: 'wasm-simd',
        kernel: 'denseForward',
        shape: '200 × 512 → 512',
        rows: 200,
        nIn: 512,
        nOut: 512,
        flops: 104_857_600,
        msMin: 2.5,
        msMedian: 2.75,
        gflops: 41.94,
        gflopsMedian: 38.13,
        ofBound: 0.749,
      },
    ],
    notes: ['wasm-relaxed-simd: this runtime does not validate relaxed SIMD'],
  };
  const text = formatKernelGflops(r);
  assert.match(text, /16 flop\/cycle × 3\.50 GHz measured \(nominal 2\.10 GHz\) = 56\.0 GFLOP\/s; relaxed SIMD not supported/);
  assert.match(text, /\| wasm-simd \| denseForward \| 200 × 512 → 512 \| 104\.86 \| 2\.5000 \| 2\.7500 \| 41\.9 \| 38\.1 \| 75 % \|/);
  assert.match(text, /- wasm-relaxed-simd: this runtime does not validate relaxed SIMD/);
});

test('the measured shapes are the scaling workloads’ layers at batch 200, seed included', () => {
  const names = KERNEL_SHAPES.map((s) => `${s.nIn}→${s.nOut}`);
  for (const layer of ['64→16', '16→16', '16→1', '64→128', '128→128', '64→512', '512→512']) assert.ok(names.includes(layer), layer);
  assert.ok(KERNEL_SHAPES.every((s) => s.rows === 200));
});
