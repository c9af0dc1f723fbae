/**
 * Reads the rows to predict on the way training read its data, then applies the saved scaling:
 * the same tokenizer, delimiter sniffing and decimal mark, the feature columns by header name
 * (any order, extra columns ignored) or by position (the training file's columns, or just the
 * features). A label column, when present, is kept so predictions can be scored.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { isAscii } from 'node:buffer';
import { looksNumeric } from '../../data/columns';
import { CsvTokenizer } from '../../data/csv-tokenizer';
import { DECIMAL_COMMA, sniffDelimiter } from '../../data/delimiter';
import { parseNpy } from '../../data/npy';
import { numberWithComma } from '../../data/parse-decimal';
import type { Preprocessing } from '../../runs/preprocessing';
import { FitwatchError, type SourceLocation } from '../../shared/location';
import { errorMessage } from '../../shared/error-message';

/** Rows ready for the model. */
export interface PredictionRows {
  /** rows × features, scaled like the training data. */
  x: Float32Array;
  rows: number;
  /** The label cell of each row as written (trimmed), when the file has the label column. */
  labels?: string[];
  /** 1-based line (or array row) of each row, for messages. */
  lines: Int32Array;
}

/** Extensions `fitwatch predict` reads. */
export const PREDICT_EXTENSIONS = ['.csv', '.tsv', '.txt', '.jsonl', '.ndjson', '.npy'] as const;

type Cell = string | number | boolean | null | undefined;

/** Maps the cells of one file to features and label, and collects them. */
class RowCollector {
  private mapping: { features: number[]; label: number; width: number | undefined; source: string } | undefined;
  private x: Float32Array;
  private readonly shift: Float64Array;
  private readonly scale: Float64Array;
  private readonly labels: string[] = [];
  private lines: Int32Array;
  rows = 0;
  private withLabels = false;

  constructor(
    private readonly prep: Preprocessing,
    private readonly file: string,
    sizeHint: number,
  ) {
    const n = prep.features.names.length;
    const est = Math.max(16, Math.min(1 << 22, Math.ceil(sizeHint / Math.max(4 * n, 8))));
    this.x = new Float32Array(est * n);
    this.lines = new Int32Array(est);
    this.shift = Float64Array.from(prep.features.shift);
    this.scale = Float64Array.from(prep.features.scale);
  }

  private fail(code: string, message: string, fix: string, location: SourceLocation): never {
    throw new FitwatchError({ code, message, fix, location });
  }

  private featureList(): string {
    const names = this.prep.features.names;
    const shown = names
      .slice(0, 12)
      .map((s) => JSON.stringify(s))
      .join(', ');
    return names.length > 12 ? `${shown}, … (${names.length} in all)` : shown;
  }

  /** Decides, from the first row, whether it is a header and where each feature sits. Returns true when the row was a header. */
  start(first: readonly Cell[], line: number, keyed?: string[]): boolean {
    const { prep, file } = this;
    const names = prep.features.names;
    const decimal = prep.input.decimal;
    const labelName = prep.labels.name;
    // A header names columns: with a training header, it holds at least one feature or label
    // name (a headerless row with a text label is data); without one, it is a row of words.
    const texts = first.map((c) => String(c ?? '').trim());
    const isHeader = prep.input.header
      ? texts.some((t) => names.includes(t) || t === labelName)
      : texts.every((t, i) => t === '' || !looksNumeric(first[i], decimal)) && texts.some((t) => t !== '');
    const header = keyed ?? (isHeader ? texts : undefined);
    if (header && (prep.input.header || keyed)) {
      const missing = names.filter((n) => !header.includes(n));
      if (missing.length > 0) {
        this.fail(
          'predict/missing-column',
          `${keyed ? 'The objects' : `The header on line ${line}`} of ${file} lack${keyed ? '' : 's'} the feature column${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')}. The model was trained on: ${this.featureList()}.`,
          'Give the file a header with every feature name (any order; other columns are ignored), or leave the header out and write the columns in training order.',
          { file, line },
        );
      }
      this.mapping = {
        features: names.map((n) => header.indexOf(n)),
        label: header.indexOf(labelName),
        width: keyed ? undefined : header.length,
        source: keyed ? 'key' : 'header',
      };
      this.withLabels = this.mapping.label >= 0;
      return !keyed;
    }
    if (header) {
      this.fail(
        'predict/unexpected-header',
        `Line ${line} of ${file} looks like a header (${header
          .slice(0, 6)
          .map((h) => JSON.stringify(h))
          .join(', ')}…), but the training file had none, so its columns have no names to match.`,
        `Remove the header line and write the columns in training order (${prep.input.columns.length} columns with the label, or the ${names.length} features alone).`,
        { file, line },
      );
    }
    const count = first.length;
    const { columns, featureIndex, labelIndex } = prep.input;
    if (count === names.length && !(count === columns.length && labelIndex >= 0)) {
      this.mapping = { features: names.map((_, i) => i), label: -1, width: count, source: 'features' };
    } else if (count === columns.length) {
      this.mapping = { features: [...featureIndex], label: labelIndex, width: count, source: 'training' };
      this.withLabels = labelIndex >= 0;
    } else {
      this.fail(
        'predict/wrong-column-count',
        `Line ${line} of ${file} has ${count} column${count === 1 ? '' : 's'}, but the model takes ${names.length} feature${names.length === 1 ? '' : 's'} (${this.featureList()})${columns.length !== names.length ? `, or the training file's ${columns.length} columns with the label ${JSON.stringify(labelName)}` : ''}.`,
        'Write the same columns as the training file, or just the features in training order; check the delimiter if every value ended up in one column.',
        { file, line },
      );
    }
    return false;
  }

  /** Adds one data row. */
  add(cells: readonly Cell[], count: number, line: number): void {
    const m = this.mapping;
    if (!m) throw new Error('RowCollector.add before start');
    if (m.width !== undefined && count !== m.width) {
      this.fail(
        'predict/ragged-row',
        `Line ${line} of ${this.file} has ${count} column${count === 1 ? '' : 's'}, but the rows before it have ${m.width}.`,
        'Give every row the same columns: look for a missing or extra delimiter (a delimiter inside a value must be quoted).',
        { file: this.file, line, column: Math.min(count, m.width) + 1 },
      );
    }
    const n = m.features.length;
    if ((this.rows + 1) * n > this.x.length) {
      const grown = new Float32Array(Math.max(this.x.length * 2, (this.rows + 1) * n));
      grown.set(this.x);
      this.x = grown;
      const lines = new Int32Array(this.x.length / n);
      lines.set(this.lines);
      this.lines = lines;
    }
    const o = this.rows * n;
    for (let j = 0; j < n; j++) {
      const col = m.features[j];
      const raw = this.number(cells[col], line, col, j);
      this.x[o + j] = (Math.fround(raw) - this.shift[j]) * this.scale[j];
    }
    if (this.withLabels) {
      const l = cells[m.label];
      this.labels.push(typeof l === 'string' ? l.trim() : l === null || l === undefined ? '' : String(l));
    }
    this.lines[this.rows] = line;
    this.rows++;
  }

  private number(cell: Cell, line: number, col: number, feature: number): number {
    if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
    const text = typeof cell === 'string' ? cell.trim() : cell;
    const decimal = this.prep.input.decimal;
    if (typeof text === 'string' && text !== '') {
      const v = decimal === ',' ? numberWithComma(text) : Number(text);
      if (Number.isFinite(v)) return v;
    }
    const at = `Line ${line}, column ${col + 1} (feature ${JSON.stringify(this.prep.features.names[feature])})`;
    const location = { file: this.file, line, column: col + 1 };
    if (text === '' || text === null || text === undefined) {
      this.fail('predict/missing-value', `${at} is empty.`, 'Every feature needs a value: fill or drop rows with missing values.', location);
    }
    if (typeof text === 'string' && decimal === '.' && DECIMAL_COMMA.test(text)) {
      this.fail(
        'predict/decimal-comma',
        `${at} holds ${JSON.stringify(text)}: this looks like decimal commas, but the model was trained on numbers with a dot.`,
        'Write the numbers with a dot (1.5).',
        location,
      );
    }
    this.fail(
      'predict/non-numeric',
      `${at} holds ${JSON.stringify(text)}, which is not a finite number.`,
      'Features must be numbers, as in the training file.',
      location,
    );
  }

  finish(): PredictionRows {
    if (this.rows === 0) {
      throw new FitwatchError({
        code: 'predict/no-rows',
        message: `${this.file} has no data rows to predict on.`,
        fix: 'Point predict at a file with rows.',
        location: { file: this.file },
      });
    }
    const n = this.prep.features.names.length;
    return { x: this.x.slice(0, this.rows * n), rows: this.rows, lines: this.lines.slice(0, this.rows), ...(this.withLabels ? { labels: this.labels } : {}) };
  }
}

async function readDelimitedRows(absPath: string, file: string, size: number, prep: Preprocessing): Promise<PredictionRows> {
  const collector = new RowCollector(prep, file, size);
  const ext = extname(absPath).toLowerCase();
  let tokenizer: CsvTokenizer | undefined;
  let started = false;
  const stream = createReadStream(absPath, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder('utf8');
  const cells: string[] = [];
  const onRow = (row: { count: number; line: number; get(i: number): string }): void => {
    cells.length = row.count;
    for (let i = 0; i < row.count; i++) cells[i] = row.get(i);
    if (!started) {
      started = true;
      if (collector.start(cells, row.line)) return;
    }
    collector.add(cells, row.count, row.line);
  };
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      const chunk = isAscii(bytes) ? decoder.end() + bytes.toString('latin1') : decoder.write(bytes);
      if (chunk === '') continue;
      if (!tokenizer) {
        const text = chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
        tokenizer = new CsvTokenizer(sniffDelimiter(text, ext, prep.input.decimal), file, onRow, prep.input.decimal);
        tokenizer.push(text);
      } else {
        tokenizer.push(chunk);
      }
    }
  } finally {
    stream.destroy();
  }
  const tail = decoder.end();
  if (tail) tokenizer?.push(tail);
  tokenizer?.end();
  return collector.finish();
}

async function readJsonlRows(absPath: string, file: string, size: number, prep: Preprocessing): Promise<PredictionRows> {
  const collector = new RowCollector(prep, file, size);
  const { createInterface } = await import('node:readline');
  const stream = createReadStream(absPath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let keys: string[] | undefined;
  let started = false;
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      if (raw.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw);
      } catch (err) {
        throw new FitwatchError({
          code: 'predict/bad-json',
          message: `Line ${lineNo} of ${file} is not valid JSON: ${errorMessage(err)}.`,
          fix: 'Each line must be one JSON object or array.',
          location: { file, line: lineNo },
        });
      }
      let cells: Cell[];
      if (Array.isArray(value)) {
        cells = value.map((v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Cell)));
      } else if (typeof value === 'object' && value !== null) {
        const o = value as Record<string, unknown>;
        keys ??= [...new Set([...prep.features.names, prep.labels.name, ...Object.keys(o)])];
        cells = keys.map((k) => o[k] as Cell);
      } else {
        throw new FitwatchError({
          code: 'predict/bad-json-row',
          message: `Line ${lineNo} of ${file} is ${JSON.stringify(value)}, not an object or array.`,
          fix: 'Write one {"feature": value, …} object or [value, …] array per line.',
          location: { file, line: lineNo },
        });
      }
      if (!started) {
        started = true;
        if (keys) {
          collector.start(cells, lineNo, keys);
          // Objects name their fields: a missing label key in some rows is not a ragged row.
        } else if (collector.start(cells, lineNo)) continue;
      }
      collector.add(cells, keys ? keys.length : cells.length, lineNo);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return collector.finish();
}

async function readNpyRows(absPath: string, file: string, prep: Preprocessing): Promise<PredictionRows> {
  const arr = parseNpy(new Uint8Array(await readFile(absPath)), file);
  const n = prep.features.names.length;
  const [rows, cols = 1] = arr.shape;
  if (arr.shape.length > 2 || cols !== n || rows === undefined) {
    throw new FitwatchError({
      code: 'predict/wrong-column-count',
      message: `${file} has shape (${arr.shape.join(', ')}), but the model takes ${n} feature${n === 1 ? '' : 's'} per row: shape (rows, ${n}).`,
      fix: 'Save the features alone, one row per example, with numpy.save().',
      location: { file },
    });
  }
  const collector = new RowCollector(prep, file, rows * n * 4);
  const names = prep.features.names.map((_, i) => i);
  collector.start(names, 1);
  const cells: number[] = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) cells[j] = Number(arr.values[r * n + j]);
    collector.add(cells, n, r + 1);
  }
  return collector.finish();
}

/** Reads `absPath` (named `file` in errors) for a model with preprocessing `prep`. */
export async function readPredictionRows(absPath: string, file: string, size: number, prep: Preprocessing): Promise<PredictionRows> {
  const ext = extname(absPath).toLowerCase();
  switch (ext) {
    case '.csv':
    case '.tsv':
    case '.txt':
      return readDelimitedRows(absPath, file, size, prep);
    case '.jsonl':
    case '.ndjson':
      return readJsonlRows(absPath, file, size, prep);
    case '.npy':
      return readNpyRows(absPath, file, prep);
    default:
      throw new FitwatchError({
        code: 'predict/unsupported-format',
        message: `${file}: predict reads ${PREDICT_EXTENSIONS.join(', ')} files, not "${ext || '(no extension)'}".`,
        fix: 'Export the rows as .csv (e.g. pandas df.to_csv(path, index=False)).',
        location: { file },
      });
  }
}
