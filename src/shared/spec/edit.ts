/**
 * Structured edits on a spec's text that keep its comments and formatting: the coach's quick
 * fixes land as a minimal change, indented like the rest of the file. Line-aware placement
 * (edit-layout.ts) handles the usual cases; jsonc-parser's `modify` handles the rest (empty
 * containers, fields sharing a line) and computes nothing the layout code already did.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions, type Node } from 'jsonc-parser';
import type { SpecEdit } from '../findings';
import { FitwatchError, formatJsonPath, type JsonPath } from '../location';
import { insertAfter, insertFirst, lineIndent, removeLines, renderValue, type Layout } from './edit-layout';
import { errorMessage } from '../error-message';

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

/** The indentation unit and EOL as a Layout. */
function layoutOf(options: FormattingOptions): Layout {
  return { unit: options.insertSpaces === false ? '\t' : ' '.repeat(options.tabSize ?? 2), eol: options.eol ?? '\n' };
}

/**
 * A string optimizer (`"optimizer": "adam"`) cannot take a field, so an edit inside it first
 * turns it into the equivalent object `{ "type": "adam" }`.
 */
function expandStringOptimizer(text: string, path: JsonPath, layout: Layout): string {
  if (path.length < 3 || path[0] !== 'compile' || path[1] !== 'optimizer') return text;
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtLocation(root, ['compile', 'optimizer']);
  if (!node || node.type !== 'string') return text;
  return applyEdits(text, [{ offset: node.offset, length: node.length, content: renderValue({ type: node.value }, '', layout) }]);
}

/** Line-aware edits for `edit`, or undefined to let jsonc-parser's `modify` do it. */
function planEdit(text: string, root: Node, edit: SpecEdit, layout: Layout): Edit[] | undefined {
  const { path, value } = edit;
  const last = path[path.length - 1];
  const inserting = typeof last === 'number' && (last === -1 || edit.insert === true);
  const target = path.length > 0 ? findNodeAtLocation(root, path) : undefined;
  if (value === undefined) {
    if (!target || inserting) return target ? undefined : [];
    return removeLines(text, target.parent?.type === 'property' ? target.parent : target);
  }
  if (target && !inserting) {
    return [{ offset: target.offset, length: target.length, content: renderValue(value, lineIndent(text, target.offset), layout) }];
  }
  // Find the deepest existing container, wrapping the value in what is missing (as `modify` does).
  let depth = path.length - 1;
  let wrapped: unknown = value;
  let container = findNodeAtLocation(root, path.slice(0, depth));
  while (!container && depth > 0) {
    const seg = path[depth];
    wrapped = typeof seg === 'string' ? { [seg]: wrapped } : [wrapped];
    depth--;
    container = findNodeAtLocation(root, path.slice(0, depth));
  }
  const seg = path[depth];
  const children = container?.children ?? [];
  if (!container || children.length === 0) return undefined;
  if (container.type === 'object' && typeof seg === 'string') {
    return insertAfter(text, children[children.length - 1], (indent) => `${JSON.stringify(seg)}: ${renderValue(wrapped, indent, layout)}`);
  }
  if (container.type === 'array' && typeof seg === 'number') {
    const index = seg < 0 || seg > children.length ? children.length : seg;
    const render = (indent: string): string => renderValue(wrapped, indent, layout);
    return index === 0 ? insertFirst(text, container, children[0], render) : insertAfter(text, children[index - 1], render);
  }
  return undefined;
}

/** Applies one edit; an error names the path when the text cannot take it (e.g. a field inside a number). */
function applyOne(text: string, edit: SpecEdit, options: FormattingOptions, file: string): string {
  const layout = layoutOf(options);
  const prepared = expandStringOptimizer(text, edit.path, layout);
  const root = parseTree(prepared, [], { allowTrailingComma: true });
  const last = edit.path[edit.path.length - 1];
  try {
    const planned = root ? planEdit(prepared, root, edit, layout) : undefined;
    const edits =
      planned ??
      modify(prepared, edit.path, edit.value, {
        formattingOptions: options,
        isArrayInsertion: edit.insert === true && typeof last === 'number',
      });
    return applyEdits(prepared, edits);
  } catch (e) {
    throw new FitwatchError({
      code: 'spec/edit-failed',
      message: `Cannot apply the change at ${formatJsonPath(edit.path)}: ${errorMessage(e)}.`,
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
