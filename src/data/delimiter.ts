/** Picks the field separator of a delimited text file from its first lines. */
import type { Delimiter } from './csv-tokenizer';
import type { DecimalMark } from './parse-decimal';

const CANDIDATES: readonly Delimiter[] = [',', '\t', ';', '|'];

/** A number written with a decimal comma (`1,5`, `-0,25`, `3,1e-2`), quoted or not. */
export const DECIMAL_COMMA = /^\s*"?[-+]?\d*,\d+(?:[eE][-+]?\d+)?"?\s*$/;

/** The first lines of a chunk, quoted text blanked so a delimiter inside quotes does not vote. */
function sampleLines(sample: string): { raw: string[]; blanked: string[] } {
  let lines = sample.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.length > 1) lines = lines.slice(0, -1); // the last one may be cut off by the chunk
  const raw = lines.filter((l) => l.trim() !== '').slice(0, 20);
  return { raw, blanked: raw.map((l) => l.replace(/"(?:[^"]|"")*"/g, '""')) };
}

/** Whether the sampled rows, split by `d`, hold numbers written with decimal commas (`1,5;2,3`). */
function hasDecimalCommas(raw: readonly string[], d: Delimiter): boolean {
  const data = raw.slice(1); // the first line may be a header
  const rows = data.length > 0 ? data : raw;
  return rows.length > 0 && rows.every((l) => l.split(d).some((cell) => DECIMAL_COMMA.test(cell)));
}

/**
 * The delimiter that splits every sampled line into the same number (> 0) of pieces, the one
 * with most pieces winning; `.tsv` is always tab. Quoted text is ignored so a comma inside
 * quotes does not vote. `.txt` falls back to whitespace (np.savetxt's default). A file whose
 * cells use decimal commas (`1,5;2,3`) is split on its other separator, never on the comma:
 * with `decimal: ","` the comma is not a candidate at all, and without it the reader then says
 * "this looks like decimal commas" instead of splitting `1,5` into two numbers.
 */
export function sniffDelimiter(sample: string, extension: string, decimal: DecimalMark = '.'): Delimiter {
  if (extension === '.tsv') return '\t';
  const { raw, blanked } = sampleLines(sample);
  const consistent = (d: Delimiter): number => {
    const counts = blanked.map((l) => l.split(d).length - 1);
    return counts.length > 0 && counts.every((k) => k === counts[0]) ? counts[0] : 0;
  };
  const candidates = decimal === ',' ? CANDIDATES.filter((d) => d !== ',') : CANDIDATES;
  if (decimal === '.') {
    const other = candidates.find((d) => d !== ',' && consistent(d) > 0 && hasDecimalCommas(raw, d));
    if (other) return other;
  }
  let best: Delimiter | undefined;
  let bestCount = 0;
  for (const d of candidates) {
    const count = consistent(d);
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  if (best) return best;
  if ((extension === '.txt' || decimal === ',') && blanked.some((l) => /\S[ \t]+\S/.test(l))) return 'whitespace';
  return decimal === ',' ? ';' : ',';
}
