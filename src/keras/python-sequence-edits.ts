/** Adding an item to a call's arguments, a list or an import, in the layout the code already uses. */
import type { TextEdit } from './text-edits';
import type { SequenceLayout } from './python-types';

/** An item's text, or how to write it when it starts at a given column (so it can wrap itself to the line limit). */
export type ItemText = string | ((column: number) => string);

/** The item's text when it starts at `column`. */
function textAt(item: ItemText, column: number): string {
  return typeof item === 'string' ? item : item(column);
}

/**
 * Edits that append `item` to the sequence: on a new line with the same indentation when the
 * items sit on their own lines (keeping a trailing-comma habit, and comments on the last line
 * where they are), else inline after the last item; an item that would take the line past
 * `lineLimit` goes on a new line aligned with the opening bracket (PEP 8's continuation).
 */
export function appendItem(layout: SequenceLayout, item: ItemText, lineLimit = Infinity): TextEdit[] {
  if (layout.itemCount === 0) return [{ offset: layout.openEnd, length: 0, text: textAt(item, layout.openColumn) }];
  if (layout.onOwnLines) {
    const text = textAt(item, layout.indent.length);
    if (layout.trailingCommaEnd !== undefined) return [{ offset: layout.lastLineCodeEnd, length: 0, text: `\n${layout.indent}${text},` }];
    if (layout.lastLineCodeEnd === layout.lastItemEnd) return [{ offset: layout.lastItemEnd, length: 0, text: `,\n${layout.indent}${text}` }];
    // A comment follows the last item: the comma goes before it, the new item after it.
    return [
      { offset: layout.lastItemEnd, length: 0, text: ',' },
      { offset: layout.lastLineCodeEnd, length: 0, text: `\n${layout.indent}${text}` },
    ];
  }
  const inline = textAt(item, layout.lastItemEndColumn + 2);
  // Inline only when the whole item fits on the line; one that has to wrap starts its own line.
  const fits = !inline.includes('\n') && layout.lastLineLength + 2 + inline.length <= lineLimit;
  if (!fits && layout.bracketed) {
    const text = `\n${' '.repeat(layout.openColumn)}${textAt(item, layout.openColumn)}`;
    if (layout.trailingCommaEnd !== undefined) return [{ offset: layout.trailingCommaEnd, length: 0, text }];
    return [{ offset: layout.lastItemEnd, length: 0, text: `,${text}` }];
  }
  if (layout.trailingCommaEnd !== undefined) return [{ offset: layout.trailingCommaEnd, length: 0, text: ` ${inline}` }];
  return [{ offset: layout.lastItemEnd, length: 0, text: `, ${inline}` }];
}

/** Whether adding `item` inline to an unbracketed sequence (an import line) keeps it within `lineLimit`. */
export function fitsInline(layout: SequenceLayout, item: string, lineLimit: number): boolean {
  return layout.bracketed || layout.onOwnLines || layout.lastLineLength + 2 + item.length <= lineLimit;
}

/**
 * Edits that remove the items at `drop` from a sequence of `items` (in order), with their
 * commas: an item followed by others goes up to the next one (its own comment with it); a run
 * of dropped items at the end goes from the last kept item's end, so no comma is left dangling.
 */
export function removeItems(items: readonly { span: { offset: number; length: number } }[], drop: ReadonlySet<number>): TextEdit[] {
  const end = (i: number): number => items[i].span.offset + items[i].span.length;
  let tail = items.length;
  while (tail > 0 && drop.has(tail - 1)) tail--;
  const edits: TextEdit[] = [];
  for (let i = 0; i < tail; i++) {
    if (drop.has(i)) edits.push({ offset: items[i].span.offset, length: items[i + 1].span.offset - items[i].span.offset, text: '' });
  }
  if (tail < items.length) {
    const from = tail > 0 ? end(tail - 1) : items[0].span.offset;
    edits.push({ offset: from, length: end(items.length - 1) - from, text: '' });
  }
  return edits;
}
