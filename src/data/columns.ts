/**
 * Which cell is the label and which are features: header detection and `ColumnRef`
 * resolution (names or 0-based indices, negative from the end), shared by CSV and JSONL.
 */
import { FitwatchError } from '../shared/location';
import type { ColumnRef, FileDataSpec } from '../shared/spec';
import type { CellValue } from './labels';
import { type DecimalMark, numberWithComma } from './parse-decimal';

/** The column choices of a file data spec. */
export type ColumnChoice = Pick<FileDataSpec, 'labelColumn' | 'featureColumns' | 'header' | 'decimal'>;

/** Resolved columns of a table. */
export interface ColumnLayout {
  /** Every column's name (header text, or `col1`… when there is none). */
  names: string[];
  featureIdx: number[];
  labelIdx: number;
}

const NOT_FINITE_WORD = /^[-+]?(nan|inf|infinity)$/i;
const DECIMAL_COMMA_CELL = /^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/;

/** Whether a cell reads as a number (NaN/Inf count: they are data with a bad value, not header text). */
export function looksNumeric(cell: CellValue, decimal: DecimalMark = '.'): boolean {
  if (typeof cell === 'number') return true;
  if (typeof cell !== 'string') return false;
  const t = cell.trim();
  // `1,5` in a dot-decimal file is a number written with a decimal comma, not a column name: it is
  // data, and the reader then says "this looks like decimal commas".
  return t !== '' && (Number.isFinite(decimal === ',' ? numberWithComma(t) : Number(t)) || NOT_FINITE_WORD.test(t) || DECIMAL_COMMA_CELL.test(t));
}

function isBlank(cell: CellValue): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function cellText(cell: CellValue): string {
  return typeof cell === 'string' ? cell.trim() : cell === null || cell === undefined ? '' : String(cell);
}

function normalIndex(ref: number, count: number): number {
  return ref < 0 ? count + ref : ref;
}

/**
 * Whether the first row is a header. With `header: 'auto'` it is when a cell in a feature column
 * is text, when every column name the spec uses appears in it, or when its label cell is text
 * while the next row's label is a number (pandas writes integer column names as `0,1,…,label`).
 */
export function detectHeader(first: readonly CellValue[], second: readonly CellValue[] | undefined, choice: ColumnChoice): boolean {
  if (choice.header !== 'auto') return choice.header;
  const count = first.length;
  const texts = first.map(cellText);
  const refs = [choice.labelColumn, ...(choice.featureColumns ?? [])];
  const named = refs.filter((r): r is string => typeof r === 'string');
  if (named.length > 0 && named.every((n) => texts.includes(n))) return true;
  const label = typeof choice.labelColumn === 'number' ? normalIndex(choice.labelColumn, count) : texts.indexOf(choice.labelColumn);
  const numericFeatures = choice.featureColumns?.every((r) => typeof r === 'number');
  const candidates = numericFeatures
    ? (choice.featureColumns as number[]).map((r) => normalIndex(r, count))
    : first.map((_, i) => i).filter((i) => i !== label);
  const dec = choice.decimal ?? '.';
  if (candidates.some((i) => i >= 0 && i < count && !isBlank(first[i]) && !looksNumeric(first[i], dec))) return true;
  if (label >= 0 && label < count && second && !looksNumeric(first[label], dec) && looksNumeric(second[label], dec)) return true;
  return false;
}

/** Column names from a header row (blank names become `column N`), or `col1…colN` without one. */
export function columnNames(first: readonly CellValue[], header: boolean): string[] {
  return first.map((c, i) => (header && cellText(c) !== '' ? cellText(c) : header ? `column ${i + 1}` : `col${i + 1}`));
}

/** What a column error needs to say where it is. */
export interface ResolveContext {
  file: string;
  /** 1-based line of the header (or first row), for locations. */
  line: number;
  hasHeader: boolean;
  /** How to name the row in messages: "the header on line 1", "the first object". */
  rowDescription: string;
}

function listNames(names: readonly string[]): string {
  const shown = names
    .slice(0, 30)
    .map((n) => JSON.stringify(n))
    .join(', ');
  return names.length > 30 ? `${shown}, … (${names.length} in all)` : shown;
}

/** The 0-based index of one column reference; `field` names it in errors (e.g. `labelColumn`). */
export function resolveColumnRef(ref: ColumnRef, field: string, names: readonly string[], ctx: ResolveContext): number {
  const count = names.length;
  const location = { file: ctx.file, line: ctx.line };
  if (typeof ref === 'number') {
    const i = normalIndex(ref, count);
    if (!Number.isInteger(ref) || i < 0 || i >= count) {
      throw new FitwatchError({
        code: 'data/column-out-of-range',
        message: `${field} ${ref} is out of range: ${ctx.rowDescription} has ${count} columns, so indices go from 0 to ${count - 1} (or ${-count} to -1).`,
        fix: 'Use a 0-based column index within that range, or a column name.',
        location,
      });
    }
    return i;
  }
  if (!ctx.hasHeader) {
    throw new FitwatchError({
      code: 'data/no-header',
      message: `${field} "${ref}" names a column, but the file has no header row (${ctx.rowDescription} holds numbers).`,
      fix: 'Use a 0-based column index instead (e.g. -1 for the last column), or add a header row.',
      location,
    });
  }
  const i = names.indexOf(ref);
  if (i < 0) {
    const near = names.find((n) => n.toLowerCase() === ref.toLowerCase());
    throw new FitwatchError({
      code: 'data/missing-column',
      message: `${field} "${ref}" is not a column of ${ctx.rowDescription}. The columns are: ${listNames(names)}.`,
      fix: near ? `Did you mean "${near}"? Names are case-sensitive.` : 'Use one of these names, or a 0-based column index.',
      location,
    });
  }
  return i;
}

/**
 * Resolves the label and feature columns. Features default to `defaultFeatures` when given
 * (JSONL: the numeric keys), else every column but the label.
 */
export function resolveColumns(
  names: readonly string[],
  choice: ColumnChoice,
  ctx: ResolveContext,
  defaults: { label?: number; features?: number[] } = {},
): ColumnLayout {
  const labelIdx = choice.labelColumn === -1 && defaults.label !== undefined ? defaults.label : resolveColumnRef(choice.labelColumn, 'labelColumn', names, ctx);
  let featureIdx: number[];
  if (choice.featureColumns && choice.featureColumns.length > 0) {
    featureIdx = choice.featureColumns.map((r, k) => resolveColumnRef(r, `featureColumns[${k}]`, names, ctx));
    const seen = new Set<number>();
    featureIdx.forEach((i, k) => {
      if (i === labelIdx || seen.has(i)) {
        throw new FitwatchError({
          code: 'data/duplicate-column',
          message:
            i === labelIdx
              ? `featureColumns[${k}] (${JSON.stringify(choice.featureColumns?.[k])}) is the label column "${names[i]}": a model cannot take its own answer as input.`
              : `featureColumns[${k}] (${JSON.stringify(choice.featureColumns?.[k])}) repeats column "${names[i]}".`,
          fix: 'List each feature column once, and leave the label out of featureColumns.',
          location: { file: ctx.file, line: ctx.line },
        });
      }
      seen.add(i);
    });
  } else {
    featureIdx = (defaults.features ?? names.map((_, i) => i)).filter((i) => i !== labelIdx);
  }
  if (featureIdx.length === 0) {
    throw new FitwatchError({
      code: 'data/no-features',
      message: `There is no feature column: ${ctx.rowDescription} has only the label "${names[labelIdx]}"${names.length > 1 ? ' and no other numeric column' : ''}.`,
      fix: 'Check the delimiter and that the file has input columns besides the label.',
      location: { file: ctx.file, line: ctx.line },
    });
  }
  return { names: [...names], featureIdx, labelIdx };
}
