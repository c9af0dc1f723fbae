/**
 * The embedded seed-shaped sample (50,000 × 64, binary), so Fitwatch can train with no user
 * data. Modelled on `synthetic()` in shared/bench/torch_reference.py: x uniform in [-1, 1],
 * w uniform, s = x·w + 0.5·Σ sin(3·x[:, ::3]), y = (s + 0.3·noise > 0). The nonlinear part
 * keeps a small MLP from separating it perfectly, so accuracy climbs and then plateaus.
 */
import { FitwatchError } from '../shared/location';
import type { SampleDataSpec } from '../shared/spec';
import { LabelBuilder } from './labels';
import { gaussian, mulberry32 } from './prng';
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

/** Deterministic seed-shaped data: the same bytes for the same arguments on every platform. */
export function generateSeedSample(rows = 50000, features = 64, seed = 1): SeedSample {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(features) || features < 1) {
    throw new RangeError(`generateSeedSample: rows (${rows}) and features (${features}) must be positive integers`);
  }
  const uniform = mulberry32(seed);
  const normal = gaussian(uniform);
  const x = new Float32Array(rows * features);
  for (let i = 0; i < x.length; i++) x[i] = uniform() * 2 - 1;
  const w = new Float64Array(features);
  for (let j = 0; j < features; j++) w[j] = uniform() * 2 - 1;
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * features;
    let s = 0;
    for (let j = 0; j < features; j++) s += x[o + j] * w[j];
    let wave = 0;
    for (let j = 0; j < features; j += 3) wave += Math.sin(3 * x[o + j]);
    y[r] = s + 0.5 * wave + 0.3 * normal() > 0 ? 1 : 0;
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
