/**
 * An X.npy (+ y.npy) pair as a raw table. Without `labelsPath`, a 2-D X with at least two
 * columns is read like a headerless CSV: `labelColumn` (default -1, the last column) is the label.
 * Columns are named `f0…` (0-based, as NumPy indexes them) and may be referred to by that name.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { FitwatchError } from '../shared/location';
import type { ColumnChoice } from './columns';
import { resolveColumnRef, resolveColumns } from './columns';
import { LabelBuilder, type RawLabels } from './labels';
import { parseNpy, type NpyArray } from './npy';
import type { RawTable } from './raw-table';

/** A file to read and the name errors use for it. */
export interface NpyFile {
  absPath: string;
  file: string;
}

function shapeText(a: NpyArray): string {
  return `(${a.shape.join(', ')}${a.shape.length === 1 ? ',' : ''})`;
}

function notFinite(file: string, where: string, v: number): never {
  throw new FitwatchError({
    code: 'data/not-finite',
    message: `${file}: ${where} is ${v}, not a finite number.`,
    fix: 'Replace NaN and infinite values before saving (e.g. numpy.nan_to_num, or drop those rows).',
    location: { file },
  });
}

/** Reads labels from a 1-D y, an (n, 1) y, or a one-hot (n, k) y. */
function readLabels(y: NpyArray, file: string): RawLabels {
  const n = y.shape[0];
  const k = y.shape.length === 2 ? y.shape[1] : 1;
  if (y.shape.length > 2 || y.shape.length === 0 || k === 0) {
    throw new FitwatchError({
      code: 'data/npy-shape',
      message: `${file}: labels must have shape (rows,) or (rows, classes); got ${shapeText(y)}.`,
      fix: 'Save the labels as a 1-D array (y.ravel()) or as one-hot rows.',
      location: { file },
    });
  }
  const num = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    if (k === 1) {
      const v = y.values[r];
      if (!Number.isFinite(v)) notFinite(file, `y[${r}]`, v);
      num[r] = v;
      continue;
    }
    let hot = -1;
    let ones = 0;
    let other = false;
    for (let j = 0; j < k; j++) {
      const v = y.values[r * k + j];
      if (v === 1) {
        ones++;
        hot = j;
      } else if (v !== 0) other = true;
    }
    if (ones !== 1 || other) hot = -1;
    if (hot < 0) {
      throw new FitwatchError({
        code: 'data/not-one-hot',
        message: `${file}: row y[${r}] = [${Array.from({ length: Math.min(k, 10) }, (_, j) => y.values[r * k + j]).join(', ')}${k > 10 ? ', …' : ''}] is not one-hot (exactly one 1, the rest 0).`,
        fix: 'Save class indices as a 1-D array instead (y.argmax(axis=1)), or fix the row.',
        location: { file },
      });
    }
    num[r] = hot;
  }
  return { rows: n, num, strings: [], classCount: k > 1 ? k : undefined };
}

/** Reads X (and y, when given) into a raw table. */
export async function readNpy(x: NpyFile, y: NpyFile | undefined, choice: ColumnChoice, signal?: AbortSignal): Promise<RawTable> {
  const X = parseNpy(await readFile(x.absPath, { signal }), x.file);
  if (X.shape.length !== 2) {
    throw new FitwatchError({
      code: 'data/npy-shape',
      message: `${x.file}: features must be a 2-D array (rows, features); got shape ${shapeText(X)}.`,
      fix: X.shape.length === 1 ? 'For a single feature, save X.reshape(-1, 1).' : 'Flatten each sample first: X.reshape(len(X), -1).',
      location: { file: x.file },
    });
  }
  const [rows, cols] = X.shape;
  if (rows === 0 || cols === 0) {
    throw new FitwatchError({
      code: 'data/empty-file',
      message: `${x.file} is empty: its shape is ${shapeText(X)}.`,
      fix: 'Save an array with at least one row and one column.',
      location: { file: x.file },
    });
  }
  const names = Array.from({ length: cols }, (_, j) => `f${j}`);
  const ctx = { file: x.file, line: 1, hasHeader: true, rowDescription: `${x.file} (shape ${shapeText(X)})` };
  let labels: RawLabels;
  let featureIdx: number[];
  let labelName: string;
  let labelSite: RawTable['labelSite'];
  if (y) {
    const Y = parseNpy(await readFile(y.absPath, { signal }), y.file);
    if (Y.shape[0] !== rows) {
      throw new FitwatchError({
        code: 'data/row-mismatch',
        message: `${x.file} has ${rows} rows but ${y.file} has ${Y.shape[0] ?? 0} labels (shapes ${shapeText(X)} and ${shapeText(Y)}).`,
        fix: 'Save X and y from the same rows, in the same order.',
        location: { file: y.file },
      });
    }
    labels = readLabels(Y, y.file);
    featureIdx =
      choice.featureColumns && choice.featureColumns.length > 0
        ? choice.featureColumns.map((ref, k) => resolveColumnRef(ref, `featureColumns[${k}]`, names, ctx))
        : names.map((_, j) => j);
    labelName = basename(y.file, extname(y.file));
    labelSite = (r) => ({ text: `${y.file}: y[${r}]`, location: { file: y.file } });
  } else {
    if (cols < 2) {
      throw new FitwatchError({
        code: 'data/missing-labels',
        message: `${x.file} has a single column and no labels: add "labelsPath" naming the labels .npy (e.g. "y.npy").`,
        fix: 'Add "labelsPath": "y.npy" to the data section, next to "path".',
        location: { file: x.file },
      });
    }
    const layout = resolveColumns(names, choice, ctx);
    featureIdx = layout.featureIdx;
    const li = layout.labelIdx;
    const lb = new LabelBuilder(rows);
    for (let r = 0; r < rows; r++) {
      const v = X.values[r * cols + li];
      if (lb.add(v) !== undefined) notFinite(x.file, `X[${r}, ${li}] (the label column)`, v);
    }
    labels = lb.finish();
    labelName = names[li];
    labelSite = (r) => ({ text: `${x.file}: X[${r}, ${li}]`, location: { file: x.file } });
  }
  signal?.throwIfAborted();
  const nf = featureIdx.length;
  const out = new Float32Array(rows * nf);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let k = 0; k < nf; k++) {
      const v = X.values[base + featureIdx[k]];
      if (!Number.isFinite(v)) notFinite(x.file, `X[${r}, ${featureIdx[k]}]`, v);
      out[r * nf + k] = v;
    }
  }
  return {
    format: 'npy',
    source: x.file,
    x: out,
    rows,
    features: nf,
    columns: y ? [...names, labelName] : names,
    featureNames: featureIdx.map((j) => names[j]),
    labelName,
    labels,
    labelSite,
  };
}
