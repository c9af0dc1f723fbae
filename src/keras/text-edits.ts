/** Text edits in UTF-16 offsets (the unit of JS strings and VS Code), and applying them. */
import { FitwatchError } from '../shared/location';

/** Replace `length` characters at `offset` with `text` (length 0 inserts). */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/** Applies non-overlapping edits computed against `source`; edits at the same offset apply in the order given. */
export function applyTextEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of ordered) {
    if (e.offset < at || e.offset + e.length > source.length) {
      throw new FitwatchError({
        code: 'keras/edit-overlap',
        message: `A text edit at offset ${e.offset} (length ${e.length}) overlaps another edit or runs past the end of the text (${source.length} characters).`,
        fix: 'Compute the edits again from the current text.',
      });
    }
    out += source.slice(at, e.offset) + e.text;
    at = e.offset + e.length;
  }
  return out + source.slice(at);
}
