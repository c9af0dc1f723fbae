/**
 * `preprocessing.json`: what a saved model needs besides its weights to predict on raw rows.
 * The trainer scales features with training-set statistics and maps string labels to class
 * indices; a model loaded with `tf.loadLayersModel` knows neither. This file holds both (and
 * the columns, task and output), is written into every run folder and next to each saved model,
 * and is read back by `fitwatch predict`. The format is documented in docs/runs.md.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetSummary, Task } from '../shared/dataset';
import { FitwatchError } from '../shared/location';
import { RUN_FILES } from '../shared/run';
import type { DataSpec, FitwatchSpec, LossName, NormalizeMode } from '../shared/spec';
import { errorMessage } from '../shared/error-message';

/** The file name, in the run folder and in model-best/ and model-final/. */
export const PREPROCESSING_FILE = 'preprocessing.json';

/** `format` value that marks the file. */
export const PREPROCESSING_FORMAT = 'fitwatch-preprocessing';

/** Version of the format; a reader refuses newer major versions. */
export const PREPROCESSING_VERSION = 1;

/** Field separators of delimited text, as stored (`whitespace`: runs of spaces/tabs). */
export type StoredDelimiter = ',' | '\t' | ';' | '|' | 'whitespace';

/** How to read a data file the way training did. */
export interface PreprocessingInput {
  /** The training file's format. */
  format: DatasetSummary['format'];
  /** Every column of the training file in order, label included. */
  columns: string[];
  /** Whether the training file had a header row (JSONL objects count as named). */
  header: boolean;
  /** 0-based column of each feature in the training file, in feature order. */
  featureIndex: number[];
  /** 0-based column of the label in the training file (-1 when the labels came from another file). */
  labelIndex: number;
  /** Delimited text only. */
  delimiter?: StoredDelimiter;
  /** Decimal mark of numbers in delimited text. */
  decimal: '.' | ',';
}

/**
 * Feature scaling: `scaled[j] = (float32(raw[j]) - shift[j]) * scale[j]`, computed in float64 and
 * stored as float32, exactly as training did. `shift`/`scale` are derived from the statistics:
 * standard: mean and 1/std; minmax: min and 1/(max - min); none: 0 and 1 (a zero spread scales by 1).
 */
export interface PreprocessingFeatures {
  names: string[];
  normalize: NormalizeMode;
  shift: number[];
  scale: number[];
  /** Training-set statistics per feature (before scaling). */
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
}

/** How the label column maps to the model's targets. */
export interface PreprocessingLabels {
  name: string;
  /** Class names in index order (classification): class i is output unit i (softmax) or the value i (sigmoid). */
  classes?: string[];
  /** How targets are encoded: a class index (sparse / binary 0-1), one-hot, or the raw value (regression). */
  encoding: 'index' | 'oneHot' | 'value';
}

/** How to read the model's output. */
export interface PreprocessingOutput {
  /** `sigmoid`: one probability of classes[1], class 1 when > threshold; `softmax`: argmax; `linear`: the value. */
  kind: 'sigmoid' | 'softmax' | 'linear';
  units: number;
  /** Sigmoid outputs only: Keras' binary accuracy threshold. */
  threshold?: number;
}

/**
 * Regression target standardisation (optional; set only by specs that standardise the target):
 * training targets were `(y - mean) / std`, so a prediction is `output * std + mean`.
 */
export interface PreprocessingTarget {
  mean: number;
  std: number;
}

/** The whole file. */
export interface Preprocessing {
  format: typeof PREPROCESSING_FORMAT;
  version: number;
  task: Task;
  loss: LossName;
  input: PreprocessingInput;
  features: PreprocessingFeatures;
  labels: PreprocessingLabels;
  output: PreprocessingOutput;
  target?: PreprocessingTarget;
}

/** What the trainer knows once the data is loaded; structurally a slice of `Dataset`. */
export interface PreprocessingSource {
  summary: Pick<DatasetSummary, 'format' | 'featureNames' | 'labelName' | 'task' | 'classes' | 'normalize' | 'featureStats'>;
  labelWidth: number;
  layout?: { columns: string[]; header: boolean; featureIndex: number[]; labelIndex: number; delimiter?: StoredDelimiter; decimal?: '.' | ',' };
}

/** The shift and scale training applied (mirrors `normalizeInPlace` in src/data/feature-stats.ts). */
function scaling(mode: NormalizeMode, s: { mean: number; std: number; min: number; max: number }): { shift: number; scale: number } {
  if (mode === 'none') return { shift: 0, scale: 1 };
  const spread = mode === 'standard' ? s.std : s.max - s.min;
  return { shift: mode === 'standard' ? s.mean : s.min, scale: spread > 0 ? 1 / spread : 1 };
}

function outputOf(loss: LossName, labelWidth: number, classes: number | undefined): PreprocessingOutput {
  if (loss === 'binaryCrossentropy') return { kind: 'sigmoid', units: labelWidth, threshold: 0.5 };
  if (loss === 'sparseCategoricalCrossentropy') return { kind: 'softmax', units: classes ?? labelWidth };
  if (loss === 'categoricalCrossentropy') return { kind: 'softmax', units: labelWidth };
  return { kind: 'linear', units: labelWidth };
}

/** Builds the file's contents from the spec and the loaded data. */
export function buildPreprocessing(
  spec: Pick<FitwatchSpec, 'compile'> & { data: DataSpec },
  data: PreprocessingSource,
  target?: PreprocessingTarget,
): Preprocessing {
  const { summary } = data;
  const loss = spec.compile.loss;
  const stats = summary.featureStats;
  const scaled = stats.map((s) => scaling(summary.normalize, s));
  const layout = data.layout ?? {
    // npy and the embedded sample: features are the columns in order, the label lives elsewhere.
    columns: [...summary.featureNames],
    header: false,
    featureIndex: summary.featureNames.map((_, i) => i),
    labelIndex: -1,
  };
  const fileDecimal = spec.data.kind === 'file' ? spec.data.decimal : undefined;
  const classification = summary.task !== 'regression';
  const out: Preprocessing = {
    format: PREPROCESSING_FORMAT,
    version: PREPROCESSING_VERSION,
    task: summary.task,
    loss,
    input: {
      format: summary.format,
      columns: [...layout.columns],
      header: layout.header,
      featureIndex: [...layout.featureIndex],
      labelIndex: layout.labelIndex,
      ...(layout.delimiter ? { delimiter: layout.delimiter } : {}),
      decimal: layout.decimal ?? fileDecimal ?? '.',
    },
    features: {
      names: [...summary.featureNames],
      normalize: summary.normalize,
      shift: scaled.map((s) => s.shift),
      scale: scaled.map((s) => s.scale),
      mean: stats.map((s) => s.mean),
      std: stats.map((s) => s.std),
      min: stats.map((s) => s.min),
      max: stats.map((s) => s.max),
    },
    labels: {
      name: summary.labelName,
      ...(classification && summary.classes ? { classes: [...summary.classes] } : {}),
      encoding: !classification ? 'value' : loss === 'categoricalCrossentropy' ? 'oneHot' : 'index',
    },
    output: outputOf(loss, data.labelWidth, summary.classes?.length),
  };
  if (target) out.target = { mean: target.mean, std: target.std };
  return out;
}

/** Writes `preprocessing.json` into `runDir` (through a temporary file, so a reader never sees half of it). */
export function writePreprocessing(runDir: string, p: Preprocessing): void {
  const path = join(runDir, PREPROCESSING_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(p, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Copies the run folder's `preprocessing.json` next to each saved model (model-best/, model-final/), so a copied model folder is complete. */
export function copyPreprocessingBesideModels(runDir: string): void {
  const from = join(runDir, PREPROCESSING_FILE);
  if (!existsSync(from)) return;
  for (const model of [RUN_FILES.bestModel, RUN_FILES.finalModel]) {
    const dir = join(runDir, model);
    if (existsSync(join(dir, 'model.json'))) copyFileSync(from, join(dir, PREPROCESSING_FILE));
  }
}

// ---- reading and validating ----

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Check {
  constructor(private readonly file: string) {}

  fail(field: string, what: string): never {
    throw new FitwatchError({
      code: 'runs/bad-preprocessing',
      message: `${this.file}: ${field} ${what}.`,
      fix: 'The file is damaged or was edited by hand: train the run again to write a new one (see docs/runs.md for the format).',
      location: { file: this.file, jsonPath: field.split('.') },
    });
  }

  record(o: Json, key: string, field = key): Json {
    const v = o[key];
    if (!isRecord(v)) this.fail(field, 'must be an object');
    return v;
  }

  string(o: Json, key: string, field: string): string {
    const v = o[key];
    if (typeof v !== 'string') this.fail(field, `must be a string, got ${JSON.stringify(v)}`);
    return v;
  }

  oneOf<T extends string>(o: Json, key: string, field: string, values: readonly T[]): T {
    const v = o[key];
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) this.fail(field, `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  }

  int(o: Json, key: string, field: string, min: number): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `must be an integer of at least ${min}, got ${JSON.stringify(v)}`);
    return v;
  }

  finite(o: Json, key: string, field: string): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `must be a finite number, got ${JSON.stringify(v)}`);
    return v;
  }

  strings(o: Json, key: string, field: string, length?: number): string[] {
    const v = o[key];
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) this.fail(field, 'must be an array of strings');
    if (length !== undefined && v.length !== length) this.fail(field, `must have ${length} entries, has ${v.length}`);
    return v as string[];
  }

  numbers(o: Json, key: string, field: string, length: number): number[] {
    const v = o[key];
    if (!Array.isArray(v) || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) this.fail(field, 'must be an array of finite numbers');
    if (v.length !== length) this.fail(field, `must have ${length} entries (one per feature), has ${v.length}`);
    return v as number[];
  }

  indices(o: Json, key: string, field: string, length: number, below: number): number[] {
    const v = this.numbers(o, key, field, length);
    if (!v.every((i) => Number.isInteger(i) && i >= 0 && i < below)) this.fail(field, `must hold column indices from 0 to ${below - 1}`);
    return v;
  }
}

const TASKS = ['binary', 'multiclass', 'regression'] as const;
const LOSSES = ['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError', 'meanAbsoluteError'] as const;
const FORMATS = ['csv', 'tsv', 'npy', 'jsonl', 'sample'] as const;
const DELIMITERS = [',', '\t', ';', '|', 'whitespace'] as const;

/** Parses and checks `preprocessing.json` text; `file` names it in errors. Every field is checked, so a reader can trust the types. */
export function parsePreprocessing(text: string, file: string): Preprocessing {
  const c: Check = new Check(file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    c.fail('the file', `is not valid JSON (${errorMessage(err)})`);
  }
  if (!isRecord(raw)) c.fail('the file', 'must hold a JSON object');
  if (raw.format !== PREPROCESSING_FORMAT) c.fail('format', `must be "${PREPROCESSING_FORMAT}", got ${JSON.stringify(raw.format)}`);
  const version = c.int(raw, 'version', 'version', 1);
  if (version > PREPROCESSING_VERSION) {
    throw new FitwatchError({
      code: 'runs/preprocessing-too-new',
      message: `${file} has format version ${version}; this Fitwatch reads version ${PREPROCESSING_VERSION}.`,
      fix: 'Update Fitwatch to read runs written by a newer version.',
      location: { file, jsonPath: ['version'] },
    });
  }
  const task = c.oneOf(raw, 'task', 'task', TASKS);
  const loss = c.oneOf(raw, 'loss', 'loss', LOSSES);

  const f = c.record(raw, 'features');
  const names = c.strings(f, 'names', 'features.names');
  if (names.length === 0) c.fail('features.names', 'must name at least one feature');
  const n = names.length;
  const features: PreprocessingFeatures = {
    names,
    normalize: c.oneOf(f, 'normalize', 'features.normalize', ['none', 'standard', 'minmax'] as const),
    shift: c.numbers(f, 'shift', 'features.shift', n),
    scale: c.numbers(f, 'scale', 'features.scale', n),
    mean: c.numbers(f, 'mean', 'features.mean', n),
    std: c.numbers(f, 'std', 'features.std', n),
    min: c.numbers(f, 'min', 'features.min', n),
    max: c.numbers(f, 'max', 'features.max', n),
  };

  const i = c.record(raw, 'input');
  const columns = c.strings(i, 'columns', 'input.columns');
  const labelIndex = i.labelIndex;
  if (typeof labelIndex !== 'number' || !Number.isInteger(labelIndex) || labelIndex < -1 || labelIndex >= columns.length) {
    c.fail('input.labelIndex', `must be -1 or a column index below ${columns.length}, got ${JSON.stringify(labelIndex)}`);
  }
  if (typeof i.header !== 'boolean') c.fail('input.header', 'must be true or false');
  const input: PreprocessingInput = {
    format: c.oneOf(i, 'format', 'input.format', FORMATS),
    columns,
    header: i.header,
    featureIndex: c.indices(i, 'featureIndex', 'input.featureIndex', n, columns.length),
    labelIndex,
    decimal: c.oneOf(i, 'decimal', 'input.decimal', ['.', ','] as const),
  };
  if (i.delimiter !== undefined) input.delimiter = c.oneOf(i, 'delimiter', 'input.delimiter', DELIMITERS);

  const l = c.record(raw, 'labels');
  const labels: PreprocessingLabels = {
    name: c.string(l, 'name', 'labels.name'),
    encoding: c.oneOf(l, 'encoding', 'labels.encoding', ['index', 'oneHot', 'value'] as const),
  };
  if (l.classes !== undefined) labels.classes = c.strings(l, 'classes', 'labels.classes');
  if (task !== 'regression' && (!labels.classes || labels.classes.length < 2)) c.fail('labels.classes', `must list at least two classes for a ${task} model`);

  const o = c.record(raw, 'output');
  const output: PreprocessingOutput = {
    kind: c.oneOf(o, 'kind', 'output.kind', ['sigmoid', 'softmax', 'linear'] as const),
    units: c.int(o, 'units', 'output.units', 1),
  };
  if (o.threshold !== undefined) output.threshold = c.finite(o, 'threshold', 'output.threshold');
  if (output.kind === 'softmax' && labels.classes && output.units !== labels.classes.length) {
    c.fail('output.units', `is ${output.units}, but labels.classes lists ${labels.classes.length} classes`);
  }

  const out: Preprocessing = { format: PREPROCESSING_FORMAT, version, task, loss, input, features, labels, output };
  if (raw.target !== undefined) {
    const t = c.record(raw, 'target');
    const std = c.finite(t, 'std', 'target.std');
    if (!(std > 0)) c.fail('target.std', 'must be above 0');
    out.target = { mean: c.finite(t, 'mean', 'target.mean'), std };
  }
  return out;
}

/** Reads `preprocessing.json` from a model folder, else from its run folder; errors say which file is missing or wrong. */
export function readPreprocessing(runDir: string, modelDir?: string): { preprocessing: Preprocessing; file: string } {
  const candidates = [...(modelDir ? [join(modelDir, PREPROCESSING_FILE)] : []), join(runDir, PREPROCESSING_FILE)];
  const file = candidates.find((p) => existsSync(p));
  if (!file) {
    throw new FitwatchError({
      code: 'runs/no-preprocessing',
      message: `${runDir} has no ${PREPROCESSING_FILE}: the run was trained before Fitwatch saved its preprocessing, or it stopped before its data loaded.`,
      fix: 'Train the spec again; every new run folder holds preprocessing.json.',
      location: { file: candidates[candidates.length - 1] },
    });
  }
  return { preprocessing: parsePreprocessing(readFileSync(file, 'utf8'), file), file };
}
