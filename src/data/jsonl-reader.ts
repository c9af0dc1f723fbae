/**
 * JSON Lines: one object per line (features are the first object's numeric keys, in order,
 * minus the label) or one array per line (read like a CSV row, header detection included).
 * With the default labelColumn (-1), objects use the key `label`, `y`, `target` or `class`
 * when present, else the last key.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FitwatchError } from '../shared/location';
import type { ColumnChoice } from './columns';
import type { CellValue } from './labels';
import type { RawTable } from './raw-table';
import { TableBuilder, ValueRow } from './table-builder';
import { errorMessage } from '../shared/error-message';

/** Key names taken as the label when labelColumn is left at its default. */
export const LABEL_KEYS = ['label', 'y', 'target', 'class'];

function toCell(v: unknown): CellValue {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The label key an object's keys suggest: a conventional name, else the last key. */
export function defaultLabelKey(keys: readonly string[]): number {
  const i = keys.findIndex((k) => LABEL_KEYS.includes(k.toLowerCase()));
  return i >= 0 ? i : keys.length - 1;
}

/** Streams a .jsonl file into a raw table. */
export async function readJsonl(absPath: string, file: string, size: number, choice: ColumnChoice, signal?: AbortSignal): Promise<RawTable> {
  const stream = createReadStream(absPath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let builder: TableBuilder | undefined;
  let mode: 'object' | 'array' | undefined;
  let keys: string[] = [];
  const row = new ValueRow();
  const cells = row.values;
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      if (lineNo % 4096 === 0) signal?.throwIfAborted();
      const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        const detail = errorMessage(err);
        const pos = /position (\d+)/.exec(detail);
        throw new FitwatchError({
          code: 'data/bad-json',
          message: `Line ${lineNo} is not valid JSON: ${detail}.`,
          fix: 'Each line of a .jsonl file must be one complete JSON object or array.',
          location: { file, line: lineNo, column: pos ? Number(pos[1]) + 1 : undefined },
        });
      }
      const kind = isPlainObject(value) ? 'object' : Array.isArray(value) ? 'array' : undefined;
      if (!kind || (mode && kind !== mode)) {
        throw new FitwatchError({
          code: 'data/bad-json-row',
          message: `Line ${lineNo} is ${kind ? `an ${kind}` : JSON.stringify(value)}, but ${mode ? `the first line is an ${mode}` : 'each line must be an object or an array'}.`,
          fix: 'Write every line the same way: {"x1": 0.5, …, "label": 1} or [0.5, …, 1].',
          location: { file, line: lineNo },
        });
      }
      if (!builder) {
        mode = kind;
        if (isPlainObject(value)) {
          keys = Object.keys(value);
          const numericKeys = keys.flatMap((k, i) => (typeof value[k] === 'number' ? [i] : []));
          builder = new TableBuilder({
            file,
            format: 'jsonl',
            choice,
            sizeHint: size,
            keyed: { names: keys, defaultLabel: defaultLabelKey(keys), numericKeys },
          });
        } else {
          builder = new TableBuilder({ file, format: 'jsonl', choice, sizeHint: size });
        }
      }
      if (isPlainObject(value)) {
        for (let i = 0; i < keys.length; i++) cells[i] = toCell(value[keys[i]]);
        row.count = keys.length;
        row.line = lineNo;
        builder.add(row);
      } else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) cells[i] = toCell(value[i]);
        row.count = value.length;
        row.line = lineNo;
        builder.add(row);
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  signal?.throwIfAborted();
  return (builder ?? new TableBuilder({ file, format: 'jsonl', choice, sizeHint: 0 })).finish();
}
