/**
 * The embedded seed-shaped sample (50,000 × 64, binary), so Fitwatch can train with no user
 * data. It is built to show the seed question's phenomenon with the seed model (64 → 16 → 16 →
 * 1, Adam 0.01): a fast fall, then hundreds of epochs of slow improvement of BOTH loss and
 * val_loss, where more units or a lower learning rate get further. How:
 * - rows live on a 4-dimensional latent manifold: 64 correlated features, each A·z plus a little
 *   noise squashed into (-1, 1) by softsign s / (1 + |s|) (cheaper than tanh). Every feature
 *   carries signal and none is pure noise, so a small MLP cannot memorise through irrelevant
 *   inputs, and val_loss follows loss instead of turning up early;
 * - labels come from a fixed random *teacher* network on z (4 → 64 tanh → 32 tanh → 1), wider
 *   than the 16-16 student, so the limit is the student's capacity and the optimiser;
 * - labels are drawn from sigmoid(8 · standardised teacher logit): a soft boundary, so the
 *   student is not rewarded for over-confident logits near it (which makes val_loss jumpy).
 * The threshold is the median logit, so the classes are balanced.
 */
import { FitwatchError } from '../shared/location';
import type { SampleDataSpec } from '../shared/spec';
import { LabelBuilder } from './labels';
import { gaussian, mulberry32 } from '../shared/prng';
import type { RawTable } from './raw-table';

export { writeCsv } from './write-csv';

/** `summary.source` of the embedded sample. */
export const SAMPLE_SOURCE = 'sample:seed';

/** The generated rows: x row-major, y 0/1. */
export interface SeedSample {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
  featureNames: string[];
  labelName: string;
}

/** Latent dimensions: few enough that 40,000 rows cover the manifold densely (no memorising). */
const LATENT = 4;
/** Teacher hidden widths: 4× and 2× the student's 16, so a 16-16 net cannot represent it exactly. */
const TEACHER_HIDDEN = [64, 32] as const;
/** Teacher weight scale: tanh units well out of their linear range give a curved, folded boundary. */
const TEACHER_GAIN = 2;
/** Per-feature noise (uniform, this standard deviation): real features are never exact copies. */
const FEATURE_NOISE = 0.02;
/** Label sharpness on the standardised logit: 8 keeps ~5% of rows ambiguous, like real labels. */
const LABEL_SHARPNESS = 8;

/** A dense tanh layer's random weights, row-major [in][out], scaled for unit-variance outputs. */
function randomLayer(normal: () => number, inputs: number, outputs: number, inputVariance: number): { w: Float64Array; b: Float64Array } {
  const w = new Float64Array(inputs * outputs);
  const scale = TEACHER_GAIN / Math.sqrt(inputs * inputVariance);
  for (let i = 0; i < w.length; i++) w[i] = normal() * scale;
  const b = new Float64Array(outputs);
  for (let j = 0; j < outputs; j++) b[j] = normal() * 0.5 * TEACHER_GAIN;
  return { w, b };
}

/** out = tanh(input · w + b), or without tanh for the output layer. */
function dense(input: Float64Array, layer: { w: Float64Array; b: Float64Array }, out: Float64Array, activate: boolean): void {
  const n = out.length;
  out.set(layer.b);
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += v * layer.w[row + j];
  }
  if (activate) for (let j = 0; j < n; j++) out[j] = Math.tanh(out[j]);
}

/** Deterministic seed-shaped data: the same bytes for the same arguments on every platform. */
export function generateSeedSample(rows = 50000, features = 64, seed = 1): SeedSample {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(features) || features < 1) {
    throw new RangeError(`generateSeedSample: rows (${rows}) and features (${features}) must be positive integers`);
  }
  const uniform = mulberry32(seed);
  const normal = gaussian(uniform);
  // The teacher first, so a seed names the same concept whatever the row and feature counts.
  // Variances: z is N(0, 1); a tanh unit with gain 2 has variance ~0.4.
  const hidden1 = randomLayer(normal, LATENT, TEACHER_HIDDEN[0], 1);
  const hidden2 = randomLayer(normal, TEACHER_HIDDEN[0], TEACHER_HIDDEN[1], 0.4);
  const output = { w: new Float64Array(TEACHER_HIDDEN[1]), b: new Float64Array(1) };
  for (let j = 0; j < output.w.length; j++) output.w[j] = normal();
  const mix = new Float64Array(LATENT * features);
  for (let i = 0; i < mix.length; i++) mix[i] = normal() / Math.sqrt(LATENT);

  const x = new Float32Array(rows * features);
  const logits = new Float64Array(rows);
  const z = new Float64Array(LATENT);
  const h1 = new Float64Array(TEACHER_HIDDEN[0]);
  const h2 = new Float64Array(TEACHER_HIDDEN[1]);
  const logit = new Float64Array(1);
  const noise = FEATURE_NOISE * Math.sqrt(3); // half-width of a uniform with that standard deviation
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < LATENT; d++) z[d] = normal();
    const o = r * features;
    for (let j = 0; j < features; j++) {
      let s = noise * (uniform() * 2 - 1);
      for (let d = 0; d < LATENT; d++) s += z[d] * mix[d * features + j];
      x[o + j] = s / (1 + Math.abs(s));
    }
    dense(z, hidden1, h1, true);
    dense(h1, hidden2, h2, true);
    dense(h2, output, logit, false);
    logits[r] = logit[0];
  }

  const sorted = Float64Array.from(logits).sort();
  const median = sorted[rows >> 1];
  let variance = 0;
  for (let r = 0; r < rows; r++) variance += (logits[r] - median) ** 2;
  const sd = Math.sqrt(variance / rows) || 1;
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const p = 1 / (1 + Math.exp((-LABEL_SHARPNESS * (logits[r] - median)) / sd));
    y[r] = uniform() < p ? 1 : 0;
  }
  return { x, y, rows, features, featureNames: Array.from({ length: features }, (_, j) => `f${j}`), labelName: 'label' };
}

/** The sample as a raw table for the common finishing steps (split, labels, statistics). */
export function sampleTable(spec: SampleDataSpec): RawTable {
  for (const field of ['rows', 'features'] as const) {
    const v = spec[field];
    if (!Number.isInteger(v) || v < 1) {
      throw new FitwatchError({
        code: 'data/bad-sample',
        message: `The sample's ${field} is ${v}; it must be a positive integer.`,
        fix: `Set data.${field} to a whole number such as ${field === 'rows' ? 50000 : 64}.`,
        location: { file: SAMPLE_SOURCE, jsonPath: ['data', field] },
      });
    }
  }
  const s = generateSeedSample(spec.rows, spec.features, spec.seed);
  const labels = new LabelBuilder(s.rows);
  for (let r = 0; r < s.rows; r++) labels.add(s.y[r]);
  return {
    format: 'sample',
    source: SAMPLE_SOURCE,
    x: s.x,
    rows: s.rows,
    features: s.features,
    columns: [...s.featureNames, s.labelName],
    featureNames: s.featureNames,
    labelName: s.labelName,
    labels: labels.finish(),
    labelSite: (r) => ({ text: `${SAMPLE_SOURCE} row ${r}`, location: { file: SAMPLE_SOURCE } }),
  };
}
