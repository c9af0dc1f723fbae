/**
 * Quick look at a data file for "New Training Spec from Dataset": its columns, a label guess
 * and the task the labels suggest. Reads the whole file with the same readers as training.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { DatasetSummary, Task } from '../shared/dataset';
import { FitwatchError } from '../shared/location';
import type { ColumnRef, FileDataSpec } from '../shared/spec';
import { readDelimited } from './csv-reader';
import { CsvTokenizer } from './csv-tokenizer';
import { columnNames, detectHeader, type ColumnChoice } from './columns';
import { sniffDelimiter } from './delimiter';
import { readJsonl } from './jsonl-reader';
import { inferTask } from './labels';
import { SUPPORTED_EXTENSIONS } from './load-dataset';
import { readNpy } from './npy-reader';
import type { RawTable } from './raw-table';
import { errorMessage } from '../shared/error-message';

/** What a data file holds, as far as a new spec needs to know. */
export interface DataFileInfo {
  format: DatasetSummary['format'];
  /** Every column, label included (header names, `col1…` without a header, `f0…` plus the y file's name for npy, the first object's keys for JSONL). */
  columns: string[];
  /** The column to use as labelColumn: one named label/y/target/class, else the last. */
  labelGuess: string;
  task: Task;
  classes?: string[];
  /** Feature count with `labelGuess` as the label. */
  features: number;
  rows: number;
}

/** Names that mark a label column. */
const LABEL_NAMES = ['label', 'y', 'target', 'class'];

/** The first two rows of a delimited file (enough to decide the header). */
async function firstRows(absPath: string): Promise<string[][]> {
  const rows: string[][] = [];
  const stream = createReadStream(absPath, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    let tokenizer: CsvTokenizer | undefined;
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = tokenizer ? chunk : chunk.replace(/^\uFEFF/, '');
      tokenizer ??= new CsvTokenizer(sniffDelimiter(text, extname(absPath).toLowerCase()), absPath, (row) => {
        if (rows.length < 2) rows.push(row.toArray());
      });
      tokenizer.push(text);
      if (rows.length >= 2) break;
    }
    if (rows.length < 2) tokenizer?.end();
  } finally {
    stream.destroy();
  }
  return rows;
}

function toInfo(table: RawTable): DataFileInfo {
  const { task, classes } = inferTask(table.labels);
  return { format: table.format, columns: table.columns, labelGuess: table.labelName, task, classes, features: table.features, rows: table.rows };
}

/** Inspects `absPath`; for an X.npy, `labelsAbsPath` names its y.npy (the host guesses it from sibling names). */
export async function inspectDataFile(absPath: string, labelsAbsPath?: string): Promise<DataFileInfo> {
  const ext = extname(absPath).toLowerCase();
  let size: number;
  try {
    size = (await stat(absPath)).size;
  } catch (err) {
    throw new FitwatchError({
      code: 'data/not-found',
      message: `${absPath} could not be read: ${errorMessage(err)}.`,
      fix: 'Check that the file still exists.',
      location: { file: absPath },
    });
  }
  const base: Omit<FileDataSpec, 'path' | 'labelColumn'> = { kind: 'file', header: 'auto', normalize: 'none' };
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
    const [first, second] = await firstRows(absPath);
    let label: ColumnRef = -1;
    if (first) {
      const choice: ColumnChoice = { labelColumn: -1, header: 'auto' };
      const header = detectHeader(first, second, choice);
      const named = header ? columnNames(first, header).find((c) => LABEL_NAMES.includes(c.toLowerCase())) : undefined;
      if (named !== undefined) label = named;
    }
    return toInfo(await readDelimited(absPath, absPath, size, { ...base, labelColumn: label }));
  }
  if (ext === '.jsonl' || ext === '.ndjson') {
    return toInfo(await readJsonl(absPath, absPath, size, { ...base, labelColumn: -1 }));
  }
  if (ext === '.npy') {
    const labels = labelsAbsPath ? { absPath: labelsAbsPath, file: labelsAbsPath } : undefined;
    return toInfo(await readNpy({ absPath, file: absPath }, labels, { labelColumn: -1, header: 'auto' }));
  }
  throw new FitwatchError({
    code: 'data/unsupported-format',
    message: `${absPath}: the extension "${ext || '(none)'}" is not a supported data format (supported: ${SUPPORTED_EXTENSIONS.join(', ')}).`,
    fix: 'Export the data as .csv, .npy or .jsonl.',
    location: { file: absPath },
  });
}
