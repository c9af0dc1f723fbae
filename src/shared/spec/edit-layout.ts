/**
 * Line-aware placement for spec edits. jsonc-parser's `modify` reformats the whole line around
 * an insertion (expanding a one-line layer next to it) and a removal can leave a neighbour's
 * comment on the wrong line; users hand-format specs, so new items go on their own line,
 * indented like their siblings, and removed fields take their line and trailing comment along.
 */
import type { Edit, Node } from 'jsonc-parser';

/** How the file indents and ends lines. */
export interface Layout {
  /** One level of indentation, e.g. two spaces or a tab. */
  unit: string;
  eol: string;
}

/** The whitespace before `offset` on its line, if only whitespace precedes it there. */
export function leadingIndent(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r' ? text.slice(i, offset) : undefined;
}

/** The indentation of the line `offset` is on. */
export function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** What follows a node on its line: an optional comma, then only blanks or a comment up to the line end. */
export interface Tail {
  /** Offset of the comma right after the node, if any. */
  comma?: number;
  /** Offset of the line end (the EOL itself), if the node's line ends after the comma/comment. */
  lineEnd?: number;
  /** Offset just past the EOL (or the text end). */
  nextLine?: number;
}

/** Scans what follows `end` on the same line. */
export function tailOf(text: string, end: number): Tail {
  let i = end;
  const skipBlanks = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  skipBlanks();
  const tail: Tail = {};
  if (text[i] === ',') {
    tail.comma = i;
    i++;
    skipBlanks();
  }
  if (text.startsWith('//', i)) {
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  } else if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    if (close >= 0 && !/[\r\n]/.test(text.slice(i, close))) {
      i = close + 2;
      skipBlanks();
    }
  }
  if (i >= text.length || text[i] === '\n' || text[i] === '\r') {
    tail.lineEnd = i;
    tail.nextLine = text.startsWith('\r\n', i) ? i + 2 : Math.min(i + 1, text.length);
  }
  return tail;
}

/** True for a plain JSON object (not an array or null). */
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ "a": 1 }` / `[1, 2]` on one line, spaced the way people write specs. */
export function renderInline(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map(renderInline).join(', ')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${renderInline(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** Objects holding only scalars (or scalar lists) stay on one line; anything deeper is spread out. */
function fitsOnOneLine(value: unknown, indent: string): boolean {
  const flat = (v: unknown): boolean => (Array.isArray(v) ? v.every((x) => !isObject(x) && !Array.isArray(x)) : !isObject(v));
  const shallow = isObject(value)
    ? Object.values(value).every(flat)
    : Array.isArray(value)
      ? value.every((x) => (isObject(x) ? Object.values(x).every(flat) : flat(x)))
      : true;
  return shallow && indent.length + renderInline(value).length <= 100;
}

/** Renders `value` for a position whose line is indented by `indent`. */
export function renderValue(value: unknown, indent: string, layout: Layout): string {
  if (fitsOnOneLine(value, indent)) return renderInline(value);
  const inner = indent + layout.unit;
  if (Array.isArray(value)) {
    return `[${layout.eol}${value.map((v) => inner + renderValue(v, inner, layout)).join(`,${layout.eol}`)}${layout.eol}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderValue(v, inner, layout)}`);
  return `{${layout.eol}${lines.join(`,${layout.eol}`)}${layout.eol}${indent}}`;
}

/** Edits that put `item` (already rendered for `indent`) right after `sibling`, on its own line when the sibling has one. */
export function insertAfter(text: string, sibling: Node, render: (indent: string) => string): Edit[] {
  const end = sibling.offset + sibling.length;
  const tail = tailOf(text, end);
  const indent = leadingIndent(text, sibling.offset);
  if (indent !== undefined && tail.lineEnd !== undefined) {
    const eol = text.startsWith('\r\n', tail.lineEnd) ? '\r\n' : text[tail.lineEnd] === '\r' ? '\r' : '\n';
    // A comma after the sibling means something follows it (or the file uses trailing commas): keep that.
    const newLine = `${eol}${indent}${render(indent)}${tail.comma !== undefined ? ',' : ''}`;
    const edits: Edit[] = [];
    if (tail.comma === undefined) edits.push({ offset: end, length: 0, content: ',' });
    edits.push({ offset: tail.lineEnd, length: 0, content: newLine });
    return edits;
  }
  return [{ offset: end, length: 0, content: `, ${render(lineIndent(text, sibling.offset))}` }];
}

/** Edits that put `item` first in `container`, before `first` (and before any comment lines above it). */
export function insertFirst(text: string, container: Node, first: Node, render: (indent: string) => string): Edit[] {
  const indent = leadingIndent(text, first.offset);
  const open = container.offset + 1;
  if (indent !== undefined) {
    const tail = tailOf(text, open);
    const at = tail.lineEnd ?? open;
    const eol = text.startsWith('\r\n', at) ? '\r\n' : text[at] === '\r' ? '\r' : '\n';
    return [{ offset: at, length: 0, content: `${eol}${indent}${render(indent)},` }];
  }
  return [{ offset: first.offset, length: 0, content: `${render(lineIndent(text, first.offset))}, ` }];
}

/**
 * Edits that remove `item` (a property or an array element) with its whole line and trailing
 * comment, when it has lines of its own; undefined when it shares a line (the caller falls back).
 */
export function removeLines(text: string, item: Node): Edit[] | undefined {
  const indent = leadingIndent(text, item.offset);
  const tail = tailOf(text, item.offset + item.length);
  if (indent === undefined || tail.nextLine === undefined) return undefined;
  const start = item.offset - indent.length;
  const edits: Edit[] = [{ offset: start, length: tail.nextLine - start, content: '' }];
  const siblings = item.parent?.children ?? [];
  const index = siblings.indexOf(item);
  if (tail.comma === undefined && index === siblings.length - 1 && index > 0) {
    const previous = siblings[index - 1];
    const prevTail = tailOf(text, previous.offset + previous.length);
    if (prevTail.comma !== undefined) edits.push({ offset: prevTail.comma, length: 1, content: '' });
  }
  return edits.sort((a, b) => a.offset - b.offset);
}
