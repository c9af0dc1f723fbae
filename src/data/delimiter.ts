/** Picks the field separator of a delimited text file from its first lines. */
import type { Delimiter } from './csv-tokenizer';

const CANDIDATES: readonly Delimiter[] = [',', '\t', ';', '|'];

/**
 * The delimiter that splits every sampled line into the same number (> 0) of pieces, the one
 * with most pieces winning; `.tsv` is always tab. Quoted text is ignored so a comma inside
 * quotes does not vote. `.txt` falls back to whitespace (np.savetxt's default).
 */
export function sniffDelimiter(sample: string, extension: string): Delimiter {
  if (extension === '.tsv') return '\t';
  let lines = sample.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.length > 1) lines = lines.slice(0, -1); // the last one may be cut off by the chunk
  const sampled = lines
    .map((l) => l.replace(/"(?:[^"]|"")*"/g, '""'))
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  let best: Delimiter | undefined;
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const counts = sampled.map((l) => l.split(d).length - 1);
    if (counts.length > 0 && counts.every((k) => k === counts[0]) && counts[0] > bestCount) {
      best = d;
      bestCount = counts[0];
    }
  }
  if (best) return best;
  if (extension === '.txt' && sampled.some((l) => /\S[ \t]+\S/.test(l))) return 'whitespace';
  return ',';
}
