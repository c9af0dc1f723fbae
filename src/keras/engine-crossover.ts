/**
 * When `"engine": "auto"` hands a spec to Keras: only where Keras is measurably faster than the
 * fast engine. Both engines cost about the same per batch step whatever the row count, so the
 * comparison is per step: the fast engine's time grows with batch × parameters from almost
 * nothing, Keras/TF pays a fixed dispatch cost per step (its `fit` on the seed is ~20× slower)
 * and then a much smaller cost per row·parameter (oneDNN matmuls on every core). Keras also pays
 * seconds to import TensorFlow and trace the step, so it must save more than that over the run.
 *
 * Measured on the 2-core development machine (50,000 × 64 rows, 64 → h → h → 1, batch 200,
 * Adam, 40,000 training rows), ms per epoch. Keras 3.15.1 / TF 2.21 CPU, interleaved at load 5–6.5
 * (Keras alone at load ≈ 1 in brackets; docs/keras-engine.md has the table):
 *   h =  16: Keras  581–631 (471)     h = 256: Keras  798–1024 (559)
 *   h = 128: Keras  688–827 (439)     h = 512: Keras 1428–1712 (1114)
 * The fast engine after the packed SIMD kernels (`npm run bench -- --only scaling`, docs/performance.md):
 *   h = 128: 147.9   h = 256: 472.5   h = 512: 1,775   (0.148e-6, 0.143e-6 and 0.150e-6 ms per row·parameter)
 * Fitting t = rows · params · c (fast, 128 to 512 wide) and t = steps · s + rows · params · k
 * (Keras, at load ≈ 1) gives the constants below; the crossover is batch × parameters ≈ 19
 * million per step, between h = 256 and 512 at batch 200. At 256 wide the same bench measured the
 * fast engine 12 % ahead of Keras (472.5 against 534.9 ms), at 512 wide Keras 2× ahead (902 ms).
 */

/** Fast engine: ms per row·parameter of one epoch (forward + backward + Adam), the 128-to-512-wide fit. */
export const FAST_MS_PER_ROW_PARAM = 0.15e-6;
/** Keras/TF `fit`: fixed ms per batch step (dispatch, callbacks, metrics), from the narrow rows. */
export const KERAS_MS_PER_STEP = 1.7;
/** Keras/TF `fit`: ms per row·parameter once the step is wide enough to use the cores, from the 512-wide row. */
export const KERAS_MS_PER_ROW_PARAM = 0.06e-6;
/** Keras' one-off cost: Python start, TensorFlow import, tracing the step, saving (a 5-epoch seed run: 10.6 s elapsed, 3.3 s of epochs). */
export const KERAS_STARTUP_MS = 6000;

/** The size of one run, as the crossover needs it. */
export interface Workload {
  trainRows: number;
  parameters: number;
  batchSize: number;
  epochs: number;
}

/** Both engines' estimated time for the run, and whether Keras wins. */
export interface CrossoverVerdict {
  fastMs: number;
  kerasMs: number;
  kerasFaster: boolean;
  /** In words, with the numbers: said as the engine choice's reason. */
  reason: string;
}

/** Estimated epoch and run times of both engines; Keras wins only when it is faster after its start-up. */
export function kerasCrossover(w: Workload): CrossoverVerdict {
  const work = w.trainRows * w.parameters;
  const steps = Math.ceil(w.trainRows / Math.max(1, w.batchSize));
  const fastEpoch = work * FAST_MS_PER_ROW_PARAM;
  const kerasEpoch = steps * KERAS_MS_PER_STEP + work * KERAS_MS_PER_ROW_PARAM;
  const fastMs = fastEpoch * w.epochs;
  const kerasMs = KERAS_STARTUP_MS + kerasEpoch * w.epochs;
  const kerasFaster = kerasMs < fastMs;
  const est = `estimated ${Math.round(fastEpoch)} ms/epoch fast vs ${Math.round(kerasEpoch)} ms/epoch Keras`;
  const reason = kerasFaster
    ? `Keras is faster for this size (${w.parameters} parameters × batch ${w.batchSize}: ${est}, ${fmtS(kerasMs)} against ${fmtS(fastMs)} for the run)`
    : `the fast engine is faster for this size (${est}, ${fmtS(fastMs)} against ${fmtS(kerasMs)} with Keras' start-up)`;
  return { fastMs, kerasMs, kerasFaster, reason };
}

function fmtS(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
