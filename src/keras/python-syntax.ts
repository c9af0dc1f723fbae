/**
 * Small readers over tree-sitter-python nodes: spans, literals, calls and the layout of
 * bracketed sequences. web-tree-sitter parses JavaScript strings as UTF-16, so its indices and
 * columns are already UTF-16 code units, the unit of JS strings and VS Code positions.
 */
import type { Node } from 'web-tree-sitter';
import type { PyArgument, PyCall, PyLiteral, PySpan, SequenceLayout } from './python-types';

/** The span of a node. */
export function spanOf(node: Node): PySpan {
  return {
    offset: node.startIndex,
    length: node.endIndex - node.startIndex,
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}

/** Named children without comments (comments are "extras" that may sit anywhere). */
export function codeChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** All children, tokens included. */
export function allChildren(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** True when the node sits inside a region tree-sitter could not parse. */
export function insideError(node: Node): boolean {
  for (let p: Node | null = node.parent; p; p = p.parent) if (p.isError) return true;
  return false;
}

/** The value of a literal expression (numbers with a sign, strings without prefixes or interpolation, booleans, None). */
export function literalValue(node: Node): PyLiteral | undefined {
  switch (node.type) {
    case 'integer': {
      const n = Number(node.text.replace(/_/g, '').replace(/[lL]$/, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'float': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      const op = node.childForFieldName('operator')?.text;
      const v = operand ? literalValue(operand) : undefined;
      if (typeof v !== 'number') return undefined;
      return op === '-' ? -v : op === '+' ? v : undefined;
    }
    case 'parenthesized_expression': {
      const inner = codeChildren(node);
      return inner.length === 1 ? literalValue(inner[0]) : undefined;
    }
    case 'string': {
      const parts = codeChildren(node);
      if (parts.some((p) => p.type === 'interpolation')) return undefined;
      return parts
        .filter((p) => p.type === 'string_content' || p.type === 'escape_sequence')
        .map((p) => (p.type === 'escape_sequence' ? unescape(p.text) : p.text))
        .join('');
    }
    case 'concatenated_string': {
      const parts = codeChildren(node).map(literalValue);
      return parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
    }
    default:
      return undefined;
  }
}

/** The common one-character escapes; others stay as written. */
function unescape(text: string): string {
  const map: Record<string, string> = { '\\n': '\n', '\\t': '\t', "\\'": "'", '\\"': '"', '\\\\': '\\' };
  return map[text] ?? text;
}

/** The last name of a callee: `Dense` for `keras.layers.Dense`, `fit` for `model.fit`. */
export function lastName(node: Node): string {
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text ?? node.text;
  return node.text;
}

/** Length of the line holding `offset`. */
function lineLengthAt(source: string, offset: number): number {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  const nl = source.indexOf('\n', offset);
  const end = nl < 0 ? source.length : nl;
  return end - start - (source[end - 1] === '\r' ? 1 : 0);
}

/** The layout of a bracketed sequence whose items are `items`, inside `container`. */
export function sequenceLayout(source: string, container: Node, items: Node[]): SequenceLayout {
  const tokens = allChildren(container);
  const open = tokens.find((t) => t.type === '(' || t.type === '[' || t.type === '{');
  const last = items[items.length - 1];
  const openEnd = open ? open.endIndex : last ? last.endIndex : container.endIndex;
  const openColumn = open ? open.endPosition.column : last ? last.endPosition.column : container.endPosition.column;
  const where = { bracketed: open !== undefined, openColumn };
  if (!last) {
    return {
      openEnd,
      itemCount: 0,
      lastItemEnd: openEnd,
      lastLineCodeEnd: openEnd,
      onOwnLines: false,
      indent: '',
      ...where,
      lastItemEndColumn: openColumn,
      lastLineLength: lineLengthAt(source, openEnd),
    };
  }
  const after = tokens.filter((t) => t.startIndex >= last.endIndex);
  const comma = after[0]?.type === ',' ? after[0] : undefined;
  let lastLineCodeEnd = comma ? comma.endIndex : last.endIndex;
  const row = comma ? comma.endPosition.row : last.endPosition.row;
  const comment = after.find((t) => t.type === 'comment' && t.startPosition.row === row);
  if (comment) lastLineCodeEnd = comment.endIndex;
  const lineStart = source.lastIndexOf('\n', last.startIndex - 1) + 1;
  const before = source.slice(lineStart, last.startIndex);
  const onOwnLines = lineStart > openEnd - 1 && /^[ \t]*$/.test(before);
  return {
    openEnd,
    itemCount: items.length,
    lastItemEnd: last.endIndex,
    ...(comma ? { trailingCommaEnd: comma.endIndex } : {}),
    lastLineCodeEnd,
    onOwnLines,
    indent: onOwnLines ? before : '',
    ...where,
    lastItemEndColumn: last.endPosition.column,
    lastLineLength: lineLengthAt(source, last.endIndex),
  };
}

/** Reads one argument of an argument list. */
function readArgument(node: Node): PyArgument {
  if (node.type === 'keyword_argument') {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value') ?? node;
    const lit = literalValue(value);
    return { keyword: name?.text ?? '', span: spanOf(node), valueSpan: spanOf(value), valueText: value.text, ...(lit !== undefined ? { value: lit } : {}) };
  }
  const lit = literalValue(node);
  return { span: spanOf(node), valueSpan: spanOf(node), valueText: node.text, ...(lit !== undefined ? { value: lit } : {}) };
}

/** Reads a `call` node; undefined for a generator-expression call (`f(x for x in y)`). */
export function readCall(source: string, node: Node): PyCall | undefined {
  const fn = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  if (!fn || !argList || argList.type !== 'argument_list') return undefined;
  const items = codeChildren(argList);
  return {
    callee: fn.text.replace(/\s+/g, ''),
    name: lastName(fn),
    span: spanOf(node),
    argsSpan: spanOf(argList),
    args: items.map(readArgument),
    layout: sequenceLayout(source, argList, items),
  };
}

/** The argument with `keyword`, else the positional argument at `position` (when given). */
export function argument(call: PyCall, keyword: string | readonly string[], position?: number): PyArgument | undefined {
  const keys = typeof keyword === 'string' ? [keyword] : keyword;
  const byKeyword = call.args.find((a) => a.keyword !== undefined && keys.includes(a.keyword));
  if (byKeyword || position === undefined) return byKeyword;
  const positional = call.args.filter((a) => a.keyword === undefined && !a.valueText.startsWith('*'));
  return positional[position];
}
