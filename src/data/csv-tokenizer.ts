/**
 * A streaming RFC 4180 tokenizer: text arrives in chunks, rows leave through a callback.
 * It never holds more than the current chunk plus one unfinished row, so a 30 MB file is
 * never one string nor an array of lines.
 */
import { FitwatchError } from '../shared/location';
import { type DecimalMark, numberWithComma, parseDecimal } from './parse-decimal';

/** A field separator; `whitespace` means runs of spaces/tabs (np.savetxt, aligned text). */
export type Delimiter = ',' | '\t' | ';' | '|' | 'whitespace';

/** Receives each non-blank row; the row object is reused, so read it before returning. */
export type RowHandler = (row: CsvRow) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

/**
 * One row as offsets into the text being scanned, so numbers can be parsed in place without
 * cutting a string per cell; quoted cells (rare) hold their unescaped text.
 */
export class CsvRow {
  /** The text the offsets point into. */
  text = '';
  /** Number of cells. */
  count = 0;
  /** 1-based line the row starts on. */
  line = 0;
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly quoted: (string | undefined)[] = [];
  /** Character code of the decimal mark: 46 (`.`) or 44 (`,`). */
  point = 46;

  /** Cell `i` as text. */
  get(i: number): string {
    return this.quoted[i] ?? this.text.slice(this.starts[i], this.ends[i]);
  }

  /** Cell `i` as `Number(cell)` would read it (so '' and blanks are 0: check `get` when 0). */
  num(i: number): number {
    const q = this.quoted[i];
    if (q === undefined) return parseDecimal(this.text, this.starts[i], this.ends[i], this.point);
    return this.point === 46 ? Number(q) : numberWithComma(q.trim());
  }

  /** The cells as strings (for the first rows, kept across chunks). */
  toArray(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.get(i));
  }
}

/** Splits chunked text into rows of cells; quoted fields may hold delimiters, `""` and newlines. */
export class CsvTokenizer {
  private carry = '';
  private line = 1;
  private readonly row = new CsvRow();
  private readonly delim: number;

  constructor(
    delimiter: Delimiter,
    private readonly file: string,
    private readonly onRow: RowHandler,
    decimal: DecimalMark = '.',
  ) {
    this.delim = delimiter === 'whitespace' ? -2 : delimiter.charCodeAt(0);
    this.row.point = decimal.charCodeAt(0);
  }

  /** Feeds the next chunk; complete rows are emitted, an unfinished one is kept for the next chunk. */
  push(chunk: string): void {
    if (this.carry.length === 0) {
      this.scan(chunk, 0, false);
      return;
    }
    // Finish the carried row on its own small string, then scan the chunk in place: `carry + chunk`
    // would be a cons string, and reading one char by char is several times slower.
    const nl = chunk.indexOf('\n');
    if (nl < 0) {
      this.scan(this.carry + chunk, 0, false);
      return;
    }
    this.scan(this.carry + chunk.slice(0, nl + 1), 0, false);
    if (this.carry.length === 0) this.scan(chunk, nl + 1, false);
    else this.scan(this.carry + chunk.slice(nl + 1), 0, false);
  }

  /** Flushes the last row (a file need not end with a newline). */
  end(): void {
    const rest = this.carry;
    this.carry = '';
    if (rest.length > 0) this.scan(rest, 0, true);
  }

  private scan(text: string, from: number, final: boolean): void {
    const n = text.length;
    const D = this.delim;
    const ws = D === -2;
    const row = this.row;
    const { starts, ends, quoted } = row;
    row.text = text;
    const dchar = ws ? '' : String.fromCharCode(D);
    let i = from;
    let line = this.line;
    let nl = -1; // index of the next '\n' at or after i (n when none), found lazily
    let cr = -1; // the same for '\r'
    while (i < n) {
      const rowStart = i;
      const rowLine = line;
      let count = 0;
      let quotedAny = false;
      let c = 0;
      if (ws) while (i < n && ((c = text.charCodeAt(i)) === SPACE || c === TAB)) i++;
      for (;;) {
        c = i < n ? text.charCodeAt(i) : -1;
        if (c === QUOTE) {
          quotedAny = true;
          let j = i + 1;
          let parts = '';
          let closed = -1;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q < 0) break;
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              parts += text.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // the next chunk may start with the second quote of `""`
            parts += text.slice(j, q);
            closed = q;
            break;
          }
          if (closed < 0) {
            if (!final) return this.keep(text, rowStart, rowLine);
            throw new FitwatchError({
              code: 'data/unclosed-quote',
              message: `The quoted field in column ${count + 1} starting on line ${line} is never closed.`,
              fix: 'Add the closing double quote; a double quote inside a quoted field is written twice ("").',
              location: { file: this.file, line, column: count + 1 },
            });
          }
          line += countNewlines(text, i + 1, closed);
          quoted[count] = parts;
          starts[count] = i;
          ends[count] = closed + 1;
          i = closed + 1;
          c = i < n ? text.charCodeAt(i) : -1;
          if (ws && (c === SPACE || c === TAB)) {
            while (c === SPACE || c === TAB) c = ++i < n ? text.charCodeAt(i) : -1;
            if (c !== LF && c !== CR && c !== -1) {
              count++;
              continue;
            }
          }
          if (c !== D && c !== LF && c !== CR && c !== -1) {
            throw new FitwatchError({
              code: 'data/text-after-quote',
              message: `Line ${line}, column ${count + 1}: unexpected text after the closing quote: ${JSON.stringify(text.slice(i, i + 20))}.`,
              fix: 'Quote the whole field, and write a double quote inside it as "".',
              location: { file: this.file, line, column: count + 1 },
            });
          }
        } else {
          let j = i;
          if (ws) {
            while (j < n && (c = text.charCodeAt(j)) !== SPACE && c !== TAB && c !== LF && c !== CR) j++;
          } else {
            // indexOf is native and much faster than a charCodeAt loop on long numeric rows.
            if (nl < i) {
              nl = text.indexOf('\n', i);
              if (nl < 0) nl = n;
            }
            j = text.indexOf(dchar, i);
            if (j < 0 || j > nl) j = nl;
            if (cr < i) {
              cr = text.indexOf('\r', i);
              if (cr < 0) cr = n;
            }
            if (cr < j) j = cr;
            c = j < n ? text.charCodeAt(j) : -1;
          }
          quoted[count] = undefined;
          starts[count] = i;
          ends[count] = j;
          i = j;
          c = j < n ? c : -1;
          if (ws && (c === SPACE || c === TAB)) {
            while (c === SPACE || c === TAB) c = ++i < n ? text.charCodeAt(i) : -1;
            if (c !== LF && c !== CR && c !== -1) {
              count++;
              continue;
            }
          }
        }
        count++;
        if (c === -1) {
          if (!final) return this.keep(text, rowStart, rowLine);
          i = n;
        } else if (c === D) {
          i++;
          continue;
        } else if (c === CR) {
          if (i + 1 >= n && !final) return this.keep(text, rowStart, rowLine);
          i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
          line++;
        } else {
          i++;
          line++;
        }
        if (!(count === 1 && !quotedAny && row.get(0).trim() === '')) {
          row.count = count;
          row.line = rowLine;
          this.onRow(row);
        }
        break;
      }
    }
    this.carry = '';
    this.line = line;
  }

  private keep(text: string, rowStart: number, rowLine: number): void {
    this.carry = text.slice(rowStart);
    this.line = rowLine;
  }
}
