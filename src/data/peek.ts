/**
 * A cheap look at a data file for `fitwatch train data.csv`: the header and the first rows
 * (at most PEEK_BYTES), never the whole file. The columns and the feature count are exact; the
 * task and classes are a guess from the rows seen, marked `complete: false` when the file is
 * longer. The trainer, which parses the file anyway, settles the task from every label
 * (src/trainer/settle-generated-spec.ts), so a 200 MB CSV is parsed once, not twice.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { DatasetSummary, Task } from '../shared/dataset';
import { fileError } from '../shared/file-errors';
import { FitwatchError } from '../shared/location';
import { CsvTokenizer } from './csv-tokenizer';
import { sniffDelimiter } from './delimiter';
import { inferTask, LabelBuilder } from './labels';
import { parseNpy } from './npy';
import type { RawTable } from './raw-table';
import { TableBuilder, ValueRow } from './table-builder';
import { defaultLabelKey } from './jsonl-reader';
import { errorMessage } from '../shared/error-message';

/** How much of a text file the peek reads: the header and a few thousand rows. */
export const PEEK_BYTES = 1 << 20;

/** What the first rows of a data file say. */
export interface DataFilePeek {
  format: DatasetSummary['format'];
  /** Every column, label included. */
  columns: string[];
  /** Feature count with the last column (the generated spec's labelColumn -1) as the label. */
  features: number;
  /** The task the rows seen suggest; final only when `complete`. */
  task: Task;
  classes?: string[];
  /** Data rows seen. */
  sampledRows: number;
  /** Whether the whole file was seen (small files): then task and classes are exact. */
  complete: boolean;
}

async function readHead(absPath: string, bytes: number): Promise<{ text: Buffer; size: number }> {
  const size = (await stat(absPath)).size;
  const fh = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, bytes));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { text: buf.subarray(0, bytesRead), size };
  } finally {
    await fh.close();
  }
}

function toPeek(table: RawTable, complete: boolean): DataFilePeek {
  const { task, classes } = inferTask(table.labels);
  return { format: table.format, columns: table.columns, features: table.features, task, ...(classes ? { classes } : {}), sampledRows: table.rows, complete };
}

/** The text before the last newline: a row cut by the byte limit is not a row. */
function wholeLines(text: string, complete: boolean): string {
  if (complete) return text;
  const cut = text.lastIndexOf('\n');
  return cut >= 0 ? text.slice(0, cut + 1) : '';
}

async function peekDelimited(absPath: string, file: string): Promise<DataFilePeek> {
  const { text: buf, size } = await readHead(absPath, PEEK_BYTES);
  const complete = buf.length >= size;
  let text = wholeLines(buf.toString('utf8'), complete);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const ext = extname(absPath).toLowerCase();
  const delimiter = sniffDelimiter(text, ext);
  const builder = new TableBuilder({
    file,
    format: delimiter === '\t' ? 'tsv' : 'csv',
    choice: { labelColumn: -1, header: 'auto' },
    sizeHint: text.length,
    text: { delimiter, decimal: '.' },
  });
  const tokenizer = new CsvTokenizer(delimiter, file, (row) => builder.add(row));
  tokenizer.push(text);
  tokenizer.end();
  return toPeek(builder.finish(), complete);
}

async function peekJsonl(absPath: string, file: string): Promise<DataFilePeek> {
  const { text: buf, size } = await readHead(absPath, PEEK_BYTES);
  const complete = buf.length >= size;
  const lines = wholeLines(buf.toString('utf8'), complete)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  let builder: TableBuilder | undefined;
  let keys: string[] = [];
  const row = new ValueRow();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new FitwatchError({
        code: 'data/bad-json',
        message: `Line ${i + 1} is not valid JSON: ${errorMessage(err)}.`,
        fix: 'Each line of a .jsonl file must be one complete JSON object or array.',
        location: { file, line: i + 1 },
      });
    }
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!builder) {
      if (isObject) {
        const o = value as Record<string, unknown>;
        keys = Object.keys(o);
        const numericKeys = keys.flatMap((k, j) => (typeof o[k] === 'number' ? [j] : []));
        builder = new TableBuilder({
          file,
          format: 'jsonl',
          choice: { labelColumn: -1, header: 'auto' },
          sizeHint: buf.length,
          keyed: { names: keys, defaultLabel: defaultLabelKey(keys), numericKeys },
        });
      } else {
        builder = new TableBuilder({ file, format: 'jsonl', choice: { labelColumn: -1, header: 'auto' }, sizeHint: buf.length });
      }
    }
    const cells = isObject ? keys.map((k) => (value as Record<string, unknown>)[k]) : Array.isArray(value) ? value : [value];
    row.values = cells.map((c) =>
      c === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof c) ? (c as string | number | boolean | null | undefined) : JSON.stringify(c),
    );
    row.count = cells.length;
    row.line = i + 1;
    builder.add(row);
  });
  if (!builder)
    throw new FitwatchError({ code: 'data/empty-file', message: `${file} is empty: it has no rows.`, fix: 'Point at a file with data.', location: { file } });
  return toPeek(builder.finish(), complete);
}

async function peekNpy(absPath: string, file: string, labelsAbsPath: string | undefined): Promise<DataFilePeek> {
  const { text } = await readHead(absPath, 64 * 1024);
  // The shape from the header dictionary; the trainer validates the rest (dtype, order, length).
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text.subarray(0, 4096).toString('latin1'))?.[1];
  if (shapeText === undefined) {
    throw new FitwatchError({
      code: 'data/npy-header',
      message: `${file} is not a NumPy .npy file with a shape in its header.`,
      fix: 'Save the array with numpy.save().',
      location: { file },
    });
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const features = shape.length === 2 ? shape[1] : 1;
  const columns = Array.from({ length: features }, (_, j) => `f${j}`);
  if (!labelsAbsPath) {
    throw new FitwatchError({
      code: 'data/npy-needs-labels',
      message: `${file} holds features only; no y.npy beside it was found.`,
      fix: 'Save the labels next to it as y.npy (or X_train.npy → y_train.npy), or write a spec with data.labelsPath.',
      location: { file },
    });
  }
  // The labels are one number per row: small next to X, and the only way to know the task here.
  const y = parseNpy(new Uint8Array(await readFile(labelsAbsPath)), labelsAbsPath);
  const labels = new LabelBuilder(y.values.length);
  const width = y.shape.length === 2 ? y.shape[1] : 1;
  // A one-hot y (rows × k) is k classes; a column of numbers is read like any label column.
  if (width > 1) {
    const classes = Array.from({ length: width }, (_, k) => String(k));
    return {
      format: 'npy',
      columns: [...columns, 'y'],
      features,
      task: width === 2 ? 'binary' : 'multiclass',
      classes,
      sampledRows: y.shape[0] ?? 0,
      complete: true,
    };
  }
  for (let r = 0; r < y.values.length; r++) labels.add(Number(y.values[r]));
  const { task, classes } = inferTask(labels.finish());
  return { format: 'npy', columns: [...columns, 'y'], features, task, ...(classes ? { classes } : {}), sampledRows: y.values.length, complete: true };
}

/** Peeks at `absPath` (named `file` in errors); for X.npy, `labelsAbsPath` is its y.npy. */
export async function peekDataFile(absPath: string, file: string, labelsAbsPath?: string): Promise<DataFilePeek> {
  const ext = extname(absPath).toLowerCase();
  try {
    if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return await peekDelimited(absPath, file);
    if (ext === '.jsonl' || ext === '.ndjson') return await peekJsonl(absPath, file);
    if (ext === '.npy') return await peekNpy(absPath, file, labelsAbsPath);
  } catch (err) {
    throw fileError(err, { what: file, absPath, location: { file } }) ?? err;
  }
  throw new FitwatchError({
    code: 'data/unsupported-format',
    message: `${file}: the extension "${ext || '(none)'}" is not a supported data format.`,
    fix: 'Export the data as .csv, .npy or .jsonl.',
    location: { file },
  });
}
