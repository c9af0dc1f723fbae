/**
 * Where a JSON path is in a spec's text, for placing a diagnostic on a field. A path that
 * does not exist (a fix that adds `callbacks`, say) lands on its nearest existing parent, so
 * the diagnostic still shows up somewhere that makes sense.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { JsonPath, SourceLocation } from '../location';
import { lineStarts, positionAt } from './text-position';

/** A range in the text. */
export interface TextSpan {
  offset: number;
  length: number;
}

/** For a missing top-level section: the existing sections it belongs next to, closest first. */
const TOP_LEVEL_NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  callbacks: ['fit', 'compile', 'model'],
  fit: ['compile', 'model'],
  compile: ['model', 'fit'],
  model: ['data', 'compile'],
  data: ['model', 'name'],
  backend: ['engine', 'fit'],
  engine: ['backend', 'fit'],
};

/** The key of a property value, if `node` is one. */
function keyOf(node: Node): Node | undefined {
  return node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
}

/** Where to point at `node`: a scalar itself; an object or array by its key (one short line), else the whole node. */
function spanOfNode(node: Node): TextSpan {
  if (node.type === 'object' || node.type === 'array') {
    const key = keyOf(node);
    if (key) return { offset: key.offset, length: key.length };
    if (!node.parent) {
      const firstKey = node.children?.[0]?.children?.[0];
      return firstKey ? { offset: firstKey.offset, length: firstKey.length } : { offset: node.offset, length: 1 };
    }
  }
  return { offset: node.offset, length: node.length };
}

/** The span for `path` in a parsed tree: the node itself, or its nearest existing parent. */
export function spanForPath(root: Node | undefined, path: JsonPath): TextSpan {
  if (!root) return { offset: 0, length: 0 };
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return spanOfNode(node);
  }
  const top = path[0];
  if (root.type === 'object' && typeof top === 'string') {
    for (const neighbour of TOP_LEVEL_NEIGHBOURS[top] ?? []) {
      const node = findNodeAtLocation(root, [neighbour]);
      if (node) return spanOfNode(node);
    }
  }
  return spanOfNode(root);
}

/** The location of `path` in `text` (1-based line/column); `jsonPath` is the path asked for. */
export function locateJsonPath(text: string, file: string, path: JsonPath): SourceLocation {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const span = spanForPath(root, path);
  const { line, column } = positionAt(lineStarts(text), span.offset);
  return { file, line, column, offset: span.offset, length: span.length, jsonPath: path };
}
