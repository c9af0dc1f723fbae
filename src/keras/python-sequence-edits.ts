/** Adding an item to a call's arguments, a list or an import, in the layout the code already uses. */
import type { TextEdit } from './text-edits';
import type { SequenceLayout } from './python-types';

/**
 * Edits that append `item` to the sequence: on a new line with the same indentation when the
 * items sit on their own lines (keeping a trailing-comma habit, and comments on the last line
 * where they are), else inline after the last item.
 */
export function appendItem(layout: SequenceLayout, item: string): TextEdit[] {
  if (layout.itemCount === 0) return [{ offset: layout.openEnd, length: 0, text: item }];
  if (layout.onOwnLines) {
    if (layout.trailingCommaEnd !== undefined) return [{ offset: layout.lastLineCodeEnd, length: 0, text: `\n${layout.indent}${item},` }];
    if (layout.lastLineCodeEnd === layout.lastItemEnd) return [{ offset: layout.lastItemEnd, length: 0, text: `,\n${layout.indent}${item}` }];
    // A comment follows the last item: the comma goes before it, the new item after it.
    return [
      { offset: layout.lastItemEnd, length: 0, text: ',' },
      { offset: layout.lastLineCodeEnd, length: 0, text: `\n${layout.indent}${item}` },
    ];
  }
  if (layout.trailingCommaEnd !== undefined) return [{ offset: layout.trailingCommaEnd, length: 0, text: ` ${item}` }];
  return [{ offset: layout.lastItemEnd, length: 0, text: `, ${item}` }];
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
