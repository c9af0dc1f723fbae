/**
 * `keras.callbacks.CSVLogger` files: a header `epoch,<keys sorted>` and one row per epoch,
 * `NA` for a key missing in that epoch. Written by Keras with `csv.DictWriter`, so the
 * separator is configurable and a cell that holds it is quoted: a list-valued metric (e.g.
 * `F1Score(average=None)`) is written as `"""[0.47, 0.23]"""`, one quoted cell with commas in it.
 */
import type { EpochRecord, History } from '../shared/metrics';
import { logError, normalizeLogKey, parseLogNumber } from './log-keys';

/** The separators CSVLogger users pick (`separator=` argument), in the order they are tried. */
const SEPARATORS = [',', ';', '\t'] as const;

/** A parsed header: the separator, and the log key for each column (`epoch` kept as is). */
export interface CsvLogHeader {
  separator: string;
  columns: string[];
}

/** The header of a CSVLogger file, or undefined when `line` is not one (no `epoch` column). */
export function parseCsvLogHeader(line: string): CsvLogHeader | undefined {
  const clean = line.replace(/^\uFEFF/, '').trim();
  for (const separator of SEPARATORS) {
    const names = clean.split(separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (names.length >= 2 && names.includes('epoch')) return { separator, columns: names.map(normalizeLogKey) };
  }
  return undefined;
}

/** Where a row sits in its file, for error messages. */
export interface RowSource {
  file: string;
  text: string;
  offset: number;
}

/** A row's cells as `csv` writes them: a quoted cell may hold the separator, and `""` inside it is one quote. */
export function splitCsvCells(line: string, separator: string): { text: string; value: string }[] {
  const cells: { text: string; value: string }[] = [];
  let start = 0;
  while (start <= line.length) {
    let end = start;
    let value = '';
    if (line[start] === '"') {
      // Quoted: up to the quote that is not doubled; an unclosed quote runs to the end of the line.
      end = start + 1;
      for (; end < line.length; end++) {
        if (line[end] !== '"') value += line[end];
        else if (line[end + 1] === '"') value += line[++end];
        else break;
      }
      end = line.indexOf(separator, end);
      if (end < 0) end = line.length;
    } else {
      end = line.indexOf(separator, start);
      if (end < 0) end = line.length;
      value = line.slice(start, end);
    }
    cells.push({ text: line.slice(start, end), value });
    start = end + separator.length;
  }
  return cells;
}

/** A list or array value (`[0.47, 0.23]`, as CSVLogger writes a per-class metric), which a curve cannot show: left out. */
function isListValue(raw: string): boolean {
  return /^"?\[.*\]"?$/.test(raw);
}

/** One data row; `NA`, empty and list-valued cells are left out of the logs (Keras writes NA for missing keys). */
export function parseCsvLogRow(header: CsvLogHeader, line: string, src: RowSource): EpochRecord {
  const cells = splitCsvCells(line, header.separator);
  if (cells.length !== header.columns.length) {
    logError(
      src.file,
      src.text,
      src.offset,
      'keras/csv-columns',
      `This CSVLogger row has ${cells.length} values, but the header names ${header.columns.length} columns (${header.columns.join(', ')}).`,
      'Remove the broken row, or start the run again so that CSVLogger writes a fresh file (append=False).',
    );
  }
  let epoch = -1;
  const logs: Record<string, number> = {};
  cells.forEach((cell, i) => {
    const key = header.columns[i];
    const raw = cell.value.trim();
    if (raw === '' || raw === 'NA' || (key !== 'epoch' && isListValue(raw))) return;
    const value = parseLogNumber(raw);
    if (value === undefined) {
      const at = src.offset + cells.slice(0, i).reduce((s, c) => s + c.text.length + header.separator.length, 0);
      logError(
        src.file,
        src.text,
        at,
        'keras/csv-value',
        `Column '${key}' holds '${raw}', which is not a number.`,
        'CSVLogger writes numbers, NA, nan or a quoted [list] here; fix or remove the row.',
      );
    }
    if (key === 'epoch') epoch = value;
    else logs[key] = value;
  });
  if (!Number.isInteger(epoch) || epoch < 0) {
    logError(
      src.file,
      src.text,
      src.offset,
      'keras/csv-epoch',
      `The epoch column of this row is '${cells[header.columns.indexOf('epoch')]?.value ?? ''}', not an epoch number (0, 1, 2, …).`,
      'CSVLogger numbers epochs from 0; fix or remove the row.',
    );
  }
  return { epoch, logs, durationMs: 0 };
}

/** A whole CSVLogger file to a history (CSVLogger records no timing, so durations are 0). */
export function parseCsvLog(text: string, file: string): History {
  const lines = splitLinesWithOffsets(text);
  const first = lines.findIndex((l) => l.line.trim() !== '');
  const header = first >= 0 ? parseCsvLogHeader(lines[first].line) : undefined;
  if (!header) {
    logError(
      file,
      text,
      first >= 0 ? lines[first].offset : 0,
      'keras/csv-header',
      "This is not a CSVLogger file: its first line has no 'epoch' column.",
      "CSVLogger files start with a header such as 'epoch,acc,loss,val_acc,val_loss'; pick the file that keras.callbacks.CSVLogger(...) wrote.",
    );
  }
  const history: History = [];
  for (const { line, offset } of lines.slice(first + 1)) {
    if (line.trim() === '') continue;
    // Two runs' files concatenated carry the header twice: skip the repeat.
    if (parseCsvLogHeader(line)) continue;
    history.push(parseCsvLogRow(header, line, { file, text, offset }));
  }
  return history;
}

/** Lines without their terminators, each with the offset where it starts. */
export function splitLinesWithOffsets(text: string): { line: string; offset: number }[] {
  const out: { line: string; offset: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text.charCodeAt(i);
    if (i === text.length || ch === 10 || ch === 13) {
      out.push({ line: text.slice(start, i), offset: start });
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  return out;
}
