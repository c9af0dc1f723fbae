/**
 * Times the fast engine on seed-shaped synthetic data (the same generator as
 * tools/bench/torch_reference.py in spirit: uniform x, labels from a linear map plus a sine),
 * so `npm run bench` and fast-scaling.ts compare like with like.
 */
import type { FitwatchSpec } from '../../src/shared/spec';
import { createFastModel } from '../../src/trainer/fast/model';
import { Mulberry32 } from '../../src/shared/prng';

/** What to time. Defaults are the seed workload. */
export interface FastBenchmarkOptions {
  rows?: number;
  features?: number;
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  kernels?: 'auto' | 'wasm' | 'js';
  /** Threads for the dense matmuls (default 1). */
  threads?: number;
}

/** Timings in ms per epoch (train + validation), and what ran. */
export interface FastBenchmarkResult {
  kernels: string;
  /** Threads the matmuls ran on (1 when the model is below the split threshold). */
  threads: number;
  rows: number;
  features: number;
  hidden: number[];
  epochs: number;
  medianMsPerEpoch: number;
  minMsPerEpoch: number;
  /** Final epoch's logs, to show the run actually learned. */
  lastLogs: Record<string, number>;
}

/** Trains `epochs` epochs of the seed-shaped MLP and reports per-epoch wall time. */
export async function benchmarkFastEngine(o: FastBenchmarkOptions = {}): Promise<FastBenchmarkResult> {
  const rows = o.rows ?? 50_000;
  const features = o.features ?? 64;
  const hidden = o.hidden ?? [16, 16];
  const epochs = o.epochs ?? 10;
  const spec: FitwatchSpec = {
    data: { kind: 'sample', sample: 'seed', rows, features, seed: 1, normalize: 'none' },
    model: {
      layers: [
        ...hidden.map((units) => ({ type: 'dense' as const, units, activation: 'relu' as const, useBias: true })),
        { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
      ],
    },
    compile: { loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, metrics: ['accuracy'] },
    fit: { epochs, batchSize: o.batchSize ?? 200, validationSplit: 0.2, shuffle: true, seed: 1 },
    callbacks: {},
    backend: 'auto',
    engine: 'fast',
  };
  const rng = new Mulberry32(1);
  const x = new Float32Array(rows * features);
  for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1;
  const w = Float32Array.from({ length: features }, () => rng.next() * 2 - 1);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0.3 * (rng.next() * 2 - 1);
    for (let k = 0; k < features; k++) s += x[r * features + k] * w[k] + (k % 3 === 0 ? 0.5 * Math.sin(3 * x[r * features + k]) : 0);
    y[r] = s > 0 ? 1 : 0;
  }
  const trainRows = Math.floor(rows * 0.8);
  const weights: Float32Array[] = [];
  let nIn = features;
  for (const units of [...hidden, 1]) {
    const limit = Math.sqrt(6 / (nIn + units));
    weights.push(
      Float32Array.from({ length: nIn * units }, () => (rng.next() * 2 - 1) * limit),
      new Float32Array(units),
    );
    nIn = units;
  }
  const model = await createFastModel(spec, { x, y, labelWidth: 1, rows, features, trainRows }, weights, {
    kernels: o.kernels ?? 'auto',
    threads: o.threads ?? 1,
  });
  const order = Uint32Array.from({ length: trainRows }, (_, i) => i);
  const times: number[] = [];
  let lastLogs: Record<string, number> = {};
  for (let e = 0; e < epochs; e++) {
    for (let i = trainRows - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    const t0 = performance.now();
    const logs = await model.trainEpoch(order, () => false);
    const val = await model.evaluate();
    times.push(performance.now() - t0);
    lastLogs = { ...logs, ...val };
  }
  const kernels = model.kernels.name;
  const threads = model.threads;
  await model.close();
  const sorted = [...times].sort((a, b) => a - b);
  return { kernels, threads, rows, features, hidden, epochs, medianMsPerEpoch: sorted[Math.floor(sorted.length / 2)], minMsPerEpoch: sorted[0], lastLogs };
}
