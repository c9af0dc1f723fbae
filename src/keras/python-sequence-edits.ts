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
