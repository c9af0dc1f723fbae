/**
 * `metrics.csv` in Keras CSVLogger format: a header `epoch,<sorted log keys>` fixed by the first
 * epoch, then one row per epoch with the 0-based epoch and Python-style floats (`nan`, `inf`,
 * `NA` for a key missing from a later epoch), so pandas/Keras tooling reads it unchanged.
 */
import { pythonFloatRepr } from '../shared/callbacks/python-float';
import type { EpochLogs, EpochRecord } from '../shared/metrics';

/** The log keys in CSVLogger order (Python's `sorted`, i.e. by code point). */
export function csvKeys(logs: EpochLogs): string[] {
  return Object.keys(logs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The header line, newline included. */
export function csvHeader(keys: readonly string[]): string {
  return `${['epoch', ...keys].join(',')}\n`;
}

/** One row, newline included. */
export function csvRow(epoch: number, keys: readonly string[], logs: EpochLogs): string {
  const cells = [String(epoch), ...keys.map((k) => (logs[k] === undefined ? 'NA' : pythonFloatRepr(logs[k])))];
  return `${cells.join(',')}\n`;
}

/** A whole history as metrics.csv text, keys fixed by the first epoch as CSVLogger does. */
export function historyCsv(history: readonly EpochRecord[]): string {
  if (history.length === 0) return '';
  const keys = csvKeys(history[0].logs);
  return csvHeader(keys) + history.map((r) => csvRow(r.epoch, keys, r.logs)).join('');
}

/** A parsed CSV row: the 0-based epoch and its logs. */
export interface CsvEpoch {
  epoch: number;
  logs: EpochLogs;
}

function parseCell(cell: string): number | undefined {
  const c = cell.trim();
  if (c === '' || c === 'NA') return undefined;
  if (c === 'nan') return NaN;
  if (c === 'inf') return Infinity;
  if (c === '-inf') return -Infinity;
  const v = Number(c);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * Parses metrics.csv text. A last line without a newline is dropped: it is a row being written
 * when the trainer was killed. Malformed rows are skipped rather than failing the whole run.
 */
export function parseMetricsCsv(text: string): CsvEpoch[] {
  const lines = text.split('\n');
  // The element after the final '\n' is '' for a complete file, or a partial row.
  lines.pop();
  const header = lines.shift();
  if (!header) return [];
  const cols = header.replace(/\r$/, '').split(',');
  const epochCol = cols.indexOf('epoch');
  if (epochCol < 0) return [];
  const out: CsvEpoch[] = [];
  for (const raw of lines) {
    const cells = raw.replace(/\r$/, '').split(',');
    if (cells.length !== cols.length) continue;
    const epoch = Number(cells[epochCol]);
    if (!Number.isInteger(epoch) || epoch < 0) continue;
    const logs: EpochLogs = {};
    cols.forEach((name, i) => {
      if (i === epochCol) return;
      const v = parseCell(cells[i]);
      if (v !== undefined) logs[name] = v;
    });
    out.push({ epoch, logs });
  }
  return out;
}
