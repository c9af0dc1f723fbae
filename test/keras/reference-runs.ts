/**
 * Replays reference runs that real Keras trained (test/keras/py/train_reference.py) in
 * Fitwatch's engines: same data, same initial weights (Keras' own), same batch order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochLogs } from '../../src/shared/metrics';
import type { FitwatchSpec } from '../../src/shared/spec';
import { selectBackend } from '../../src/trainer/backend';
import { createFastModel } from '../../src/trainer/fast';
import { createTfjsModel } from '../../src/trainer/tfjs/tfjs-model';
import { REPO, runPython } from './python-env';

/** One case for the Python side. */
export interface ReferenceCase {
  name: string;
  /** `file`: rows from `data` (raw float32 `.x`/`.y`, see `writeRows`); else scikit-learn's set. */
  kind: 'file' | 'breast-cancer';
  seed: number;
  epochs: number;
  batch: number;
  data?: string;
  features?: number;
  validationSplit?: number;
  /** Train from the initial weights moved one ulp up (to measure Keras' own rounding drift). */
  perturb?: boolean;
}

/** Writes rows for a `file` case: `<base>.x` and `<base>.y`, little-endian float32. */
export function writeRows(base: string, x: Float32Array, y: Float32Array): void {
  writeFileSync(`${base}.x`, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  writeFileSync(`${base}.y`, new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
}

/** What Keras trained, and on what. */
export interface ReferenceRun {
  name: string;
  features: number;
  rows: number;
  trainRows: number;
  x: number[];
  y: number[];
  weights: number[][];
  orders: number[][];
  /** Keras' per-epoch `history.history`, keys as Keras names them (`accuracy`, `val_loss`…). */
  logs: Record<string, number>[];
}

/** Trains every case with real Keras in one Python process, working in `dir`. */
export function kerasReferenceRuns(cases: ReferenceCase[], dir: string): ReferenceRun[] {
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
  const script = readFileSync(join(REPO, 'test/keras/py/train_reference.py'), 'utf8');
  runPython(script, dir, ['cases.json', 'runs.json'], 600_000);
  return JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8')) as ReferenceRun[];
}

/** The spec of a reference run: 16 relu → 16 relu → 1 sigmoid, Adam 0.01, BCE, accuracy. */
export function referenceSpec(run: ReferenceRun, batch: number, engine: 'fast' | 'tfjs'): FitwatchSpec {
  return {
    data: { kind: 'sample', sample: 'seed', rows: run.rows, features: run.features, seed: 1, normalize: 'none' },
    model: {
      layers: [
        { type: 'dense', units: 16, activation: 'relu', useBias: true },
        { type: 'dense', units: 16, activation: 'relu', useBias: true },
        { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
      ],
    },
    compile: { loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, metrics: ['accuracy'] },
    fit: { epochs: run.orders.length, batchSize: batch, validationSplit: 1 - run.trainRows / run.rows, shuffle: true, seed: 1 },
    callbacks: {},
    backend: 'wasm',
    engine,
  };
}

/** Replays the run in one engine: per-epoch train logs merged with the validation logs. */
export async function replay(run: ReferenceRun, batch: number, engine: 'fast' | 'tfjs'): Promise<EpochLogs[]> {
  const spec = referenceSpec(run, batch, engine);
  const data = {
    x: Float32Array.from(run.x),
    y: Float32Array.from(run.y),
    labelWidth: 1,
    rows: run.rows,
    features: run.features,
    trainRows: run.trainRows,
    summary: { classes: ['0', '1'], labelName: 'target' },
  };
  const weights = run.weights.map((w) => Float32Array.from(w));
  let model;
  if (engine === 'fast') model = await createFastModel(spec, data, weights, { kernels: 'wasm' });
  else {
    await selectBackend('wasm');
    model = createTfjsModel({ spec, data, initialWeights: weights, seed: 1, outputUnits: 1 });
  }
  const logs: EpochLogs[] = [];
  try {
    for (const order of run.orders) logs.push({ ...(await model.trainEpoch(Uint32Array.from(order), () => false)), ...(await model.evaluate()) });
  } finally {
    model.dispose();
  }
  return logs;
}
