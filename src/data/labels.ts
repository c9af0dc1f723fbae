/**
 * The label column: collected cell by cell while a file streams, then encoded for the loss
 * (class indices, 0/1, one-hot or raw targets) with the task inferred from the values.
 */
import type { Task } from '../shared/dataset';
import { FitwatchError, type SourceLocation } from '../shared/location';
import type { LossName } from '../shared/spec';
import { type Growable, growableF64, growableI32 } from './growable';

/** A cell as a reader hands it over: CSV gives strings, JSON gives any JSON scalar. */
export type CellValue = string | number | boolean | null | undefined;

/** The label column as read, before it is checked against the loss. */
export interface RawLabels {
  rows: number;
  /** Numeric value per row; NaN where the label is a string. */
  num: Float64Array;
  /** String id per row (-1 where numeric); absent when every label is a number. */
  sid?: Int32Array;
  /** Distinct strings, by id. */
  strings: string[];
  /** From a one-hot y: the number of classes, counting those that never occur. */
  classCount?: number;
}

/** Where a label sits, for error messages: `line 12` (text files) or `y[12]` (npy). */
export interface LabelSite {
  text: string;
  location: SourceLocation;
}

/** Labels ready for the loss. */
export interface EncodedLabels {
  y: Float32Array;
  labelWidth: number;
  task: Task;
  /** Class names in index order (classification only). */
  classes?: string[];
  /** Class index per row (classification only), for class counts. */
  classIndex?: Int32Array;
}

/** Above this many distinct integer values, inference calls a label a regression target. */
export const MAX_INFERRED_CLASSES = 100;

const NOT_FINITE = /^[-+]?(nan|inf|infinity)$/i;

/** Collects a label column; `add` returns why a cell is unusable instead of throwing, so the reader can say where. */
export class LabelBuilder {
  private readonly num: Growable<Float64Array>;
  private sid: Growable<Int32Array> | undefined;
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];

  constructor(initialRows = 1024) {
    this.num = growableF64(initialRows);
  }

  /** Appends one label; returns a reason (e.g. "is empty") when the cell cannot be a label. */
  add(cell: CellValue): string | undefined {
    if (typeof cell === 'number') {
      if (!Number.isFinite(cell)) return `is ${cell}, not a finite number`;
      return this.pushNumber(cell);
    }
    if (typeof cell === 'string') {
      const t = cell.trim();
      if (t === '') return 'is empty';
      const v = Number(t);
      if (Number.isFinite(v)) return this.pushNumber(v);
      if (NOT_FINITE.test(t)) return `is ${JSON.stringify(t)}, not a finite number`;
      return this.pushString(t);
    }
    if (typeof cell === 'boolean') return this.pushString(String(cell));
    return 'is missing';
  }

  /** Appends a label already known to be a finite number (the CSV fast path). */
  addNumber(v: number): undefined {
    return this.pushNumber(v);
  }

  private pushNumber(v: number): undefined {
    this.num.push(v);
    this.sid?.push(-1);
    return undefined;
  }

  private pushString(s: string): undefined {
    if (!this.sid) {
      this.sid = growableI32(this.num.buf.length);
      this.sid.reserve(this.num.length);
      this.sid.buf.fill(-1, 0, this.num.length);
      this.sid.length = this.num.length;
    }
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(s, id);
      this.strings.push(s);
    }
    this.num.push(Number.NaN);
    this.sid.push(id);
    return undefined;
  }

  /** Number of labels so far. */
  get rows(): number {
    return this.num.length;
  }

  /** The collected column. */
  finish(): RawLabels {
    return { rows: this.num.length, num: this.num.finish(), sid: this.sid?.finish(), strings: this.strings };
  }
}

const NEGATIVE_WORDS = new Set(['0', 'false', 'f', 'no', 'n', 'neg', 'negative', 'off', 'fail', 'failure']);

/** Class order: '0'/'false'/'no'/negatives first, numbers numerically, then plain string order (locale-free, so deterministic). */
export function sortClassNames(names: readonly string[]): string[] {
  const rank = (s: string): number => (NEGATIVE_WORDS.has(s.toLowerCase()) ? 0 : 1);
  return [...names].sort((a, b) => {
    const r = rank(a) - rank(b);
    if (r !== 0) return r;
    const na = Number(a);
    const nb = Number(b);
    if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function isRegressionLoss(loss: LossName): boolean {
  return loss === 'meanSquaredError' || loss === 'meanAbsoluteError';
}

function labelText(raw: RawLabels, r: number): string {
  return raw.sid && raw.sid[r] >= 0 ? JSON.stringify(raw.strings[raw.sid[r]]) : String(raw.num[r]);
}

interface ClassMapping {
  classes: string[];
  index: Int32Array;
}

/** Maps every row to a class index, or names the first row whose numeric label is not an integer. */
function mapClasses(raw: RawLabels): ClassMapping | { nonInteger: number } {
  const index = new Int32Array(raw.rows);
  if (!raw.sid) {
    const distinct = new Set<number>();
    for (let r = 0; r < raw.rows; r++) {
      const v = raw.num[r];
      if (!Number.isInteger(v)) return { nonInteger: r };
      distinct.add(v);
    }
    if (raw.classCount !== undefined) for (let k = 0; k < raw.classCount; k++) distinct.add(k);
    const values = [...distinct].sort((a, b) => a - b);
    const at = new Map(values.map((v, k) => [v, k]));
    for (let r = 0; r < raw.rows; r++) index[r] = at.get(raw.num[r]) ?? 0;
    return { classes: values.map(String), index };
  }
  const tmp = new Map<string, number>();
  const names: string[] = [];
  for (let r = 0; r < raw.rows; r++) {
    const name = raw.sid[r] >= 0 ? raw.strings[raw.sid[r]] : String(raw.num[r]);
    let id = tmp.get(name);
    if (id === undefined) {
      id = names.length;
      tmp.set(name, id);
      names.push(name);
    }
    index[r] = id;
  }
  const classes = sortClassNames(names);
  const remap = new Int32Array(names.length);
  classes.forEach((c, k) => (remap[tmp.get(c) ?? 0] = k));
  for (let r = 0; r < raw.rows; r++) index[r] = remap[index[r]];
  return { classes, index };
}

/** The task the values suggest when no loss is known yet (for "New Training Spec from Dataset"). */
export function inferTask(raw: RawLabels): { task: Task; classes?: string[] } {
  const m = mapClasses(raw);
  if ('nonInteger' in m || (!raw.sid && m.classes.length > MAX_INFERRED_CLASSES)) return { task: 'regression' };
  return { task: m.classes.length <= 2 ? 'binary' : 'multiclass', classes: m.classes };
}

/** Checks the labels against the loss and encodes them; errors name the row, the value and a loss that fits. */
export function encodeLabels(raw: RawLabels, loss: LossName, labelName: string, site: (row: number) => LabelSite): EncodedLabels {
  if (isRegressionLoss(loss)) {
    if (raw.sid) {
      let r = 0;
      while (raw.sid[r] < 0) r++;
      const s = site(r);
      const text = raw.strings[raw.sid[r]];
      if (/^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/.test(text)) {
        throw new FitwatchError({
          code: 'data/decimal-comma',
          message: `${s.text}: label ${JSON.stringify(text)} in "${labelName}": this looks like decimal commas.`,
          fix: 'Use a dot as the decimal mark (1.5), or set "decimal": "," in the spec\'s data section.',
          location: s.location,
        });
      }
      throw new FitwatchError({
        code: 'data/label-not-numeric',
        message: `${s.text}: label ${labelText(raw, r)} in "${labelName}" is not a number, but ${loss} needs numeric targets.`,
        fix: 'For class labels use "sparseCategoricalCrossentropy" (or "binaryCrossentropy" for two classes); for regression make every label a number.',
        location: s.location,
      });
    }
    let constant = true;
    for (let r = 1; r < raw.rows && constant; r++) constant = raw.num[r] === raw.num[0];
    if (constant) {
      throw new FitwatchError({
        code: 'data/single-class',
        message: `Every label in "${labelName}" is ${raw.num[0]}: there is nothing to learn.`,
        fix: 'Check that labelColumn points at the target column.',
        location: site(0).location,
      });
    }
    return { y: Float32Array.from(raw.num), labelWidth: 1, task: 'regression' };
  }
  const m = mapClasses(raw);
  if ('nonInteger' in m) {
    const s = site(m.nonInteger);
    throw new FitwatchError({
      code: 'data/label-not-class',
      message: `${s.text}: label ${labelText(raw, m.nonInteger)} in "${labelName}" is not a class label (not an integer), but ${loss} needs classes.`,
      fix: 'For a numeric target use "meanSquaredError"; for classes make every label an integer or a name.',
      location: s.location,
    });
  }
  const { classes, index } = m;
  if (classes.length < 2) {
    throw new FitwatchError({
      code: 'data/single-class',
      message: `Every label in "${labelName}" is ${JSON.stringify(classes[0])}: a classifier needs at least two classes.`,
      fix: 'Check that labelColumn points at the label and that the file holds examples of every class.',
      location: site(0).location,
    });
  }
  if (loss === 'binaryCrossentropy' && classes.length > 2) {
    let r = 0;
    while (index[r] < 2) r++;
    const s = site(r);
    throw new FitwatchError({
      code: 'data/label-not-binary',
      message: `${s.text}: label ${labelText(raw, r)} in "${labelName}" is a third class (after ${JSON.stringify(classes[0])} → 0 and ${JSON.stringify(classes[1])} → 1); binaryCrossentropy needs labels 0/1. The column has ${classes.length} classes: ${preview(classes)}.`,
      fix: `Use "sparseCategoricalCrossentropy" with a last layer of ${classes.length} softmax units.`,
      location: s.location,
    });
  }
  const task: Task = classes.length === 2 ? 'binary' : 'multiclass';
  if (loss === 'categoricalCrossentropy') {
    const k = classes.length;
    const y = new Float32Array(raw.rows * k);
    for (let r = 0; r < raw.rows; r++) y[r * k + index[r]] = 1;
    return { y, labelWidth: k, task, classes, classIndex: index };
  }
  return { y: Float32Array.from(index), labelWidth: 1, task, classes, classIndex: index };
}

function preview(classes: readonly string[]): string {
  const shown = classes
    .slice(0, 8)
    .map((c) => JSON.stringify(c))
    .join(', ');
  return classes.length > 8 ? `${shown}, …` : shown;
}
