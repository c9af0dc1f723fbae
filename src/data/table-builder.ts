/**
 * Turns rows of cells (CSV fields or JSON values) into a RawTable: decides the header from the
 * first rows, checks each row's width and each feature cell, and grows the arrays in place.
 */
import { FitwatchError, type SourceLocation } from '../shared/location';
import { columnNames, detectHeader, resolveColumns, type ColumnChoice, type ColumnLayout } from './columns';
import { type Growable, growableF32, growableI32 } from './growable';
import { type CellValue, LabelBuilder } from './labels';
import type { RawTable } from './raw-table';
import type { Delimiter } from './csv-tokenizer';
import { DECIMAL_COMMA } from './delimiter';
import { type DecimalMark, numberWithComma } from './parse-decimal';

/** How a reader's rows map to columns. */
export interface TableOptions {
  file: string;
  format: RawTable['format'];
  choice: ColumnChoice;
  /** File size in bytes, to pre-size the arrays from the first row's length. */
  sizeHint: number;
  /**
   * JSONL objects: the column names are the first object's keys (no header row), the label
   * defaults to `label`/`y`/`target`/`class`, and features to the numeric keys.
   */
  keyed?: { names: string[]; defaultLabel?: number; numericKeys: number[] };
  /** Delimited text: how it was split and which decimal mark its numbers use. */
  text?: { delimiter: Delimiter; decimal: DecimalMark };
}

/** A row as the builder reads it: CSV rows parse numbers in place, JSON rows hold values. */
export interface RowView {
  readonly count: number;
  /** 1-based line the row starts on. */
  readonly line: number;
  get(i: number): CellValue;
  /** Cell `i` read as `Number(cell)` would (NaN for anything but numbers and numeric text). */
  num(i: number): number;
}

/** A row of JSON values (or kept cells), as a RowView. */
export class ValueRow implements RowView {
  constructor(
    public values: CellValue[] = [],
    public count = 0,
    public line = 0,
    /** Decimal mark of text cells (kept CSV cells of a `decimal: ","` file). */
    public decimal: DecimalMark = '.',
  ) {}

  /** Cell `i` as read. */
  get(i: number): CellValue {
    return this.values[i];
  }

  /** Cell `i` as a number, NaN when it is not one. */
  num(i: number): number {
    const v = this.values[i];
    if (typeof v === 'number') return v;
    if (typeof v !== 'string') return Number.NaN;
    return this.decimal === ',' ? numberWithComma(v.trim()) : Number(v);
  }
}

function blankText(cell: CellValue): boolean {
  return typeof cell === 'string' && cell.trim() === '';
}

/** Accumulates rows; call `add` for each row in file order, then `finish`. */
export class TableBuilder {
  private first: { cells: CellValue[]; line: number } | undefined;
  private layout: ColumnLayout | undefined;
  private headerLine = 0;
  private expected = 0;
  private x: Growable<Float32Array> | undefined;
  private labels: LabelBuilder | undefined;
  private lines: Growable<Int32Array> | undefined;

  constructor(private readonly opts: TableOptions) {}

  /** One row, in file order. The row object may be reused by the caller afterwards. */
  add(row: RowView): void {
    if (this.layout) {
      this.addData(row);
      return;
    }
    const cells = Array.from({ length: row.count }, (_, i) => row.get(i));
    if (this.opts.keyed) {
      this.start({ cells, line: row.line }, undefined);
      this.addData(row);
      return;
    }
    if (!this.first) {
      this.first = { cells, line: row.line };
      return;
    }
    this.start(this.first, cells);
    this.addData(row);
  }

  private start(first: { cells: CellValue[]; line: number }, second: CellValue[] | undefined): void {
    const { choice, keyed, file } = this.opts;
    let names: string[];
    let header: boolean;
    if (keyed) {
      names = keyed.names;
      header = true;
    } else {
      header = detectHeader(first.cells, second, choice);
      names = columnNames(first.cells, header);
    }
    const rowDescription = keyed ? `the object on line ${first.line}` : header ? `the header on line ${first.line}` : `line ${first.line}`;
    this.layout = resolveColumns(
      names,
      choice,
      { file, line: first.line, hasHeader: header, rowDescription },
      keyed ? { label: keyed.defaultLabel, features: keyed.numericKeys } : {},
    );
    this.expected = names.length;
    this.headerLine = header && !keyed ? first.line : 0;
    const sizedBy = header && second ? second : first.cells; // a data row: header names are shorter than numbers
    const rowChars = sizedBy.reduce<number>((s, c) => s + (typeof c === 'string' ? c.length + 1 : 8), 0);
    const estRows = Math.ceil((this.opts.sizeHint / Math.max(rowChars, 2)) * 1.05) + 16;
    this.x = growableF32(estRows * this.layout.featureIdx.length);
    this.labels = new LabelBuilder(estRows);
    this.lines = growableI32(estRows);
    if (!header) this.addData(new ValueRow(first.cells, first.cells.length, first.line, this.opts.text?.decimal));
  }

  private addData(row: RowView): void {
    const { count, line } = row;
    const layout = this.layout as ColumnLayout;
    const x = this.x as Growable<Float32Array>;
    if (count !== this.expected && !this.opts.keyed) {
      const ref = this.headerLine > 0 ? `the header on line ${this.headerLine}` : `line ${this.first?.line ?? 1}`;
      throw new FitwatchError({
        code: 'data/ragged-row',
        message: `Line ${line} has ${count} cells, expected ${this.expected} like ${ref}.`,
        fix: 'Give every row the same number of cells: look for a missing or extra delimiter (a delimiter inside a value must be quoted).',
        location: { file: this.opts.file, line, column: Math.min(count, this.expected) + 1 },
      });
    }
    const idx = layout.featureIdx;
    const nf = idx.length;
    x.reserve(nf);
    const buf = x.buf;
    let o = x.length;
    for (let k = 0; k < nf; k++) {
      const v = row.num(idx[k]);
      if (!Number.isFinite(v) || (v === 0 && blankText(row.get(idx[k])))) this.badFeature(row.get(idx[k]), idx[k], line);
      buf[o++] = v;
    }
    x.length = o;
    const labels = this.labels as LabelBuilder;
    const lv = row.num(layout.labelIdx);
    const reason = Number.isFinite(lv) && lv !== 0 ? labels.addNumber(lv) : labels.add(row.get(layout.labelIdx));
    if (reason !== undefined) {
      throw new FitwatchError({
        code: 'data/bad-label',
        message: `Line ${line}, ${this.describe(layout.labelIdx)}: the label ${reason}.`,
        fix: 'Every row needs a label: drop or fix rows without one.',
        location: this.where(line, layout.labelIdx),
      });
    }
    (this.lines as Growable<Int32Array>).push(line);
  }

  private describe(col: number): string {
    const name = (this.layout as ColumnLayout).names[col];
    return this.opts.keyed ? `key ${JSON.stringify(name)}` : `column ${col + 1} (${JSON.stringify(name)})`;
  }

  private where(line: number, col: number): SourceLocation {
    return this.opts.keyed ? { file: this.opts.file, line } : { file: this.opts.file, line, column: col + 1 };
  }

  private badFeature(cell: CellValue, col: number, line: number): never {
    const at = `Line ${line}, ${this.describe(col)}`;
    const location = this.where(line, col);
    const text = typeof cell === 'string' ? cell.trim() : cell;
    if (text === '' || text === null || text === undefined) {
      throw new FitwatchError({
        code: 'data/missing-value',
        message: `${at} is ${text === undefined ? 'missing' : 'empty'}: missing values are not supported.`,
        fix: 'Fill or drop rows with missing values before training (e.g. pandas df.dropna() or df.fillna(0)).',
        location,
      });
    }
    if (typeof cell === 'number' || /^[-+]?(nan|inf|infinity)$/i.test(String(text))) {
      throw new FitwatchError({
        code: 'data/not-finite',
        message: `${at} is ${JSON.stringify(String(text))}, not a finite number.`,
        fix: 'Replace NaN and infinite values before training (e.g. df.replace([np.inf, -np.inf], np.nan).dropna()).',
        location,
      });
    }
    if (typeof text === 'string' && DECIMAL_COMMA.test(text) && (this.opts.text?.decimal ?? '.') === '.') {
      throw new FitwatchError({
        code: 'data/decimal-comma',
        message: `${at} holds ${JSON.stringify(text)}: this looks like decimal commas.`,
        fix: 'Use a dot as the decimal mark (1.5), or set "decimal": "," in the spec\'s data section (the fields are then split on ";" or tabs).',
        location,
      });
    }
    throw new FitwatchError({
      code: 'data/non-numeric',
      message: `${at} holds ${JSON.stringify(text)}, which is not a number; feature columns must be numeric.`,
      fix: 'Encode text as numbers (e.g. one-hot), or leave the column out with "featureColumns".',
      location,
    });
  }

  /** The table; errors for a file with no rows or only a header. */
  finish(): RawTable {
    if (!this.layout && this.first) this.start(this.first, undefined);
    const { file, format } = this.opts;
    if (!this.layout) {
      throw new FitwatchError({
        code: 'data/empty-file',
        message: `${file} is empty: it has no rows.`,
        fix: 'Point the spec at a file with data, or export the data again.',
        location: { file },
      });
    }
    const labels = (this.labels as LabelBuilder).finish();
    if (labels.rows === 0) {
      throw new FitwatchError({
        code: 'data/header-only',
        message: `${file} has a header row (line ${this.headerLine}) but no data rows.`,
        fix: 'Export the data again with its rows, or check header: false if line 1 is data.',
        location: { file, line: this.headerLine },
      });
    }
    const layout = this.layout;
    const lines = (this.lines as Growable<Int32Array>).finish();
    return {
      format,
      source: file,
      x: (this.x as Growable<Float32Array>).finish(),
      rows: labels.rows,
      features: layout.featureIdx.length,
      columns: layout.names,
      featureNames: layout.featureIdx.map((i) => layout.names[i]),
      labelName: layout.names[layout.labelIdx],
      labels,
      labelSite: (r) => ({ text: `Line ${lines[r]}`, location: this.where(lines[r], layout.labelIdx) }),
      layout: {
        columns: layout.names,
        header: this.headerLine > 0 || Boolean(this.opts.keyed),
        featureIndex: [...layout.featureIdx],
        labelIndex: layout.labelIdx,
        ...(this.opts.text ?? {}),
      },
    };
  }
}
