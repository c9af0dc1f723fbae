/** Keeping a one-line call within the script's line length when a fix makes an argument longer. */
import { layoutCall } from './python-format';
import type { PyCall } from './python-types';
import { applyTextEdits, type TextEdit } from './text-edits';

/** The edits that fall inside [start, end), moved to offsets relative to `start`. */
function inside(edits: readonly TextEdit[], start: number, end: number): TextEdit[] {
  return edits.filter((e) => e.offset >= start && e.offset + e.length <= end).map((e) => ({ ...e, offset: e.offset - start }));
}

/**
 * `edits` as they are, unless those inside the one-line call `call` (replacements within its
 * arguments, e.g. `lr=` → `learning_rate=`) would take its line past `lineLimit`: then the call
 * is written again with its arguments wrapped, aligned after its `(`. Edits outside it stay.
 */
export function wrapLongCall(source: string, call: PyCall, edits: readonly TextEdit[], lineLimit: number): TextEdit[] {
  const start = call.span.offset;
  const end = start + call.span.length;
  if (call.span.start.line !== call.span.end.line || call.args.length < 2) return [...edits];
  const within = edits.filter((e) => e.offset >= start && e.offset + e.length <= end);
  // An insertion just after an argument (a new one appended) is not inside it.
  const byArg = call.args.map((a) => {
    const argEnd = a.span.offset + a.span.length;
    return inside(
      within.filter((e) => !(e.length === 0 && e.offset === argEnd)),
      a.span.offset,
      argEnd,
    );
  });
  // Only replacements inside arguments are re-laid out; anything else (a new argument) keeps its own layout.
  if (within.length === 0 || byArg.reduce((n, a) => n + a.length, 0) !== within.length) return [...edits];
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const nl = source.indexOf('\n', end);
  const lineEnd = nl < 0 ? source.length : nl;
  const line = applyTextEdits(source.slice(lineStart, lineEnd), inside(within, lineStart, lineEnd));
  if (line.replace(/\r$/, '').length <= lineLimit) return [...edits];
  const args = call.args.map((a, i) => applyTextEdits(source.slice(a.span.offset, a.span.offset + a.span.length), byArg[i]));
  const head = source.slice(start, call.argsSpan.offset);
  const rest = source.slice(end, lineEnd).replace(/\r$/, '').length;
  const text = layoutCall(head, args, call.span.start.column, lineLimit, rest);
  return [...edits.filter((e) => !within.includes(e)), { offset: start, length: call.span.length, text }];
}
