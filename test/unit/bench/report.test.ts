import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport, isSkipped, type BenchReport } from '../../../tools/bench/report';

function report(): BenchReport {
  return {
    command: 'npm run bench -- --json',
    startedAt: '2026-01-01T00:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'Test CPU', node: '20.0.0', totalMemMb: 1024, loadavgBefore: [0.5, 0.75, 1], loadavgAfter: [1.25, 1, 1] },
    workload: { rows: 50_000, features: 64, model: '64 → 16 → 16 → 1', optimizer: 'Adam 0.01', batchSize: 200, validationSplit: 0.2 },
    settings: { quick: false, epochs: 3, fastEpochs: 150, torchEpochs: 20, scalingEpochs: 3, parts: ['fast'] },
    engines: [
      { label: 'fast engine (default)', source: 'fitwatch trainer', engine: 'fast', backend: 'wasm', epochs: 151, msPerEpochMedian: 12.34, msPerEpochMin: 11 },
      { label: 'tfjs engine, tensorflow', source: 'fitwatch trainer', skipped: '@tensorflow/tfjs-node is not installed' },
    ],
    fastVsTorch: { fastMsPerEpoch: 12.34, torchMsPerEpoch: 100, torchThreads: 2, ratioMedian: 0.1234, ratioMin: 0.11, note: '' },
    fastVs: { keras: { fastMsPerEpoch: 12.34, referenceMsPerEpoch: 301, ratioMedian: 0.041, ratioMin: 0.04 }, sklearn: { skipped: 'not selected' } },
    tfjsLoopVsModelFit: { skipped: 'not selected' },
    startToFirstEpoch: { skipped: 'not selected (--only without first-epoch)' },
    peakRssMb: { seedSample: 84.4, budget: 300 },
    streaming: { label: 'fast', epochs: 151, streamMsPerEpoch: 0.2, epochMsMean: 12.5, share: 0.0157, budget: 0.02 },
    streamingUnderLoad: {
      label: 'fast engine under load',
      epochs: 151,
      streamMsPerEpoch: 0.05,
      epochMsMean: 20,
      share: 0.0025,
      outsideEpochShare: 0.031,
      budget: 0.01,
      load: { procs: 2, loadavgStart: 2.9, loadavgEnd: 3.1 },
    },
    panelRedraw: { skipped: 'no Chromium at /usr/bin/chromium' },
    scaling: [
      {
        workload: '50,000 × 64 → 16 → 16 → 1',
        rows: 50_000,
        hidden: [16, 16],
        parameters: 1329,
        workRatio: 1,
        timeRatio: 1,
        costPerWorkRatio: 1,
        nsPerRowParameter: 0.186,
        fast: { kernels: 'wasm-simd', msPerEpochMedian: 12.4, msPerEpochMin: 12, epochs: 4 },
        torch1: { msPerEpochMedian: 101.5, msPerEpochMin: 99, threads: 1, version: 'torch 2.13.0+cpu' },
        torch2: { skipped: 'torch not selected' },
        keras: { msPerEpochMedian: 310, msPerEpochMin: 300, threads: 2, version: 'keras 3.15.1, tensorflow 2.21.0' },
        auto: { engine: 'fast', reason: 'the fast engine is faster for this size' },
      },
    ],
  };
}

test('formatReport renders measured rows, skipped parts with their reason, and the goals', () => {
  const text = formatReport(report());
  assert.match(text, /load average before 0\.50 0\.75 1\.00, after 1\.25 1\.00 1\.00/);
  assert.match(text, /\| fast engine \(default\) \| fitwatch trainer \| 12\.3 \| 11\.0 \| 151 \|/);
  assert.match(text, /\| tfjs engine, tensorflow \| fitwatch trainer \| – \| – \| – \| skipped: @tensorflow\/tfjs-node is not installed \|/);
  assert.match(text, /fast \/ PyTorch \(2 thread\(s\)\), by median \| 0\.12× \(12\.3 vs 100\.0 ms; by min 0\.11×\) \| ≤ 1\.0×/);
  assert.match(text, /streaming overhead \(fast, 151 epochs\) \| 1\.57 % \(0\.200 ms per 12\.5 ms epoch\) \| ≤ 2\.00 %/);
  assert.match(
    text,
    /streaming overhead under load \(fast engine under load, 151 epochs, 2 busy processes, 1-min load 2\.9 → 3\.1\) \| 0\.25 % \(0\.050 ms per 20\.0 ms epoch\); 3\.10 % of wall time outside epochs \| ≤ 1\.00 %/,
  );
  assert.match(text, /peak RSS of the trainer \(VmHWM\) \| 84 MB embedded sample, – MB seed CSV \| ≤ 300 MB/);
  assert.match(text, /panel redraw \| skipped: no Chromium/);
  assert.match(text, /\| 50,000 × 64 → 16 → 16 → 1 \| 1,329 \| 12\.4 \| – \| 101\.5 \| – \| 310\.0 \| 0\.12× \| fast \| 1\.00 \| 0\.186 \|/);
  assert.match(text, /\(– : torch not selected\)/);
  assert.match(text, /fast \/ sklearn MLPClassifier \| skipped: not selected \| reported/);
  assert.match(text, /fast \/ Keras model\.fit, by median \| 0\.041× \(12\.3 vs 301\.0 ms; by min 0\.040×\) \| ≤ 0\.05×/);
});

test('isSkipped tells a skipped part from a measured one', () => {
  const r = report();
  assert.equal(isSkipped(r.panelRedraw), true);
  assert.equal(isSkipped(r.streaming), false);
});
