/**
 * Structured edits on a spec's text that keep its comments and formatting: the coach's quick
 * fixes land as a minimal change, indented like the rest of the file.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions } from 'jsonc-parser';
import type { SpecEdit } from '../findings';
import { FitwatchError, formatJsonPath } from '../location';

/** Indentation and line ending of `text`, so inserted lines look like their neighbours. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = text
    .split(/\r?\n/)
    .map((line) => /^[ \t]+(?=\S)/.exec(line)?.[0])
    .filter((s): s is string => s !== undefined);
  if (indents.length > 0 && indents.filter((s) => s.startsWith('\t')).length * 2 > indents.length) {
    return { insertSpaces: false, tabSize: 1, eol };
  }
  const widths = indents.filter((s) => !s.includes('\t')).map((s) => s.length);
  const tabSize = widths.length > 0 ? Math.min(...widths) : 2;
  return { insertSpaces: true, tabSize, eol };
}

/**
 * A string optimizer (`"optimizer": "adam"`) cannot take a field, so an edit inside it first
 * turns it into the equivalent object `{ "type": "adam" }`.
 */
function expandStringOptimizer(text: string, path: SpecEdit['path'], options: FormattingOptions): string {
  if (path.length < 3 || path[0] !== 'compile' || path[1] !== 'optimizer') return text;
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtLocation(root, ['compile', 'optimizer']);
  if (!node || node.type !== 'string') return text;
  return applyEdits(text, modify(text, ['compile', 'optimizer'], { type: node.value }, { formattingOptions: options }));
}

/** Applies one edit; an error names the path when the text cannot take it (e.g. a field inside a number). */
function applyOne(text: string, edit: SpecEdit, options: FormattingOptions, file: string): string {
  const prepared = expandStringOptimizer(text, edit.path, options);
  const last = edit.path[edit.path.length - 1];
  try {
    const edits = modify(prepared, edit.path, edit.value, {
      formattingOptions: options,
      isArrayInsertion: edit.insert === true && typeof last === 'number',
    });
    return applyEdits(prepared, edits);
  } catch (e) {
    throw new FitwatchError({
      code: 'spec/edit-failed',
      message: `Cannot apply the change at ${formatJsonPath(edit.path)}: ${e instanceof Error ? e.message : String(e)}.`,
      fix: 'Fix the spec so that this path holds an object or a list as expected, then apply the fix again.',
      location: { file, jsonPath: edit.path },
    });
  }
}

/**
 * Applies `edits` in order to `text`, keeping comments and formatting. `value: undefined`
 * removes a field; a path ending in -1 appends to a list; `insert: true` inserts before an index.
 * `file` only names the spec in the error thrown when an edit cannot apply.
 */
export function applySpecEdits(text: string, edits: readonly SpecEdit[], file = 'the spec'): string {
  const options = detectFormatting(text);
  return edits.reduce((current, edit) => applyOne(current, edit, options, file), text);
}

/** True if offset `i` splits a CRLF or a surrogate pair, where an editor cannot place a range boundary. */
function splitsPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const before = text.charCodeAt(i - 1);
  return (before === 13 && text.charCodeAt(i) === 10) || (before >= 0xd800 && before <= 0xdbff);
}

/**
 * The same change as `applySpecEdits`, as text edits on the ORIGINAL text (offset/length/content),
 * for a host to turn into a WorkspaceEdit. Several edits collapse into one minimal replacement,
 * because each later edit was computed against the text the earlier ones produced.
 */
export function specEditRanges(text: string, edits: readonly SpecEdit[], file = 'the spec'): Edit[] {
  const after = applySpecEdits(text, edits, file);
  if (after === text) return [];
  let start = 0;
  const max = Math.min(text.length, after.length);
  while (start < max && text[start] === after[start]) start++;
  let endOld = text.length;
  let endNew = after.length;
  while (endOld > start && endNew > start && text[endOld - 1] === after[endNew - 1]) {
    endOld--;
    endNew--;
  }
  while (start > 0 && (splitsPair(text, start) || splitsPair(after, start))) start--;
  while (endOld < text.length && (splitsPair(text, endOld) || splitsPair(after, endNew))) {
    endOld++;
    endNew++;
  }
  return [{ offset: start, length: endOld - start, content: after.slice(start, endNew) }];
}
