/** An index over a parsed script that the readers share: its calls and its simple assignments. */
import type { Node } from 'web-tree-sitter';
import { codeChildren, insideError, readCall } from './python-syntax';
import type { PyArgument, PyCall } from './python-types';

/** A call node with what was read from it. */
export interface CallSite {
  node: Node;
  call: PyCall;
}

/** Everything the readers share. */
export class ScriptIndex {
  readonly calls: CallSite[];
  private readonly assignments: { name: string; value: Node; end: number }[];

  constructor(
    readonly source: string,
    root: Node,
  ) {
    this.calls = root
      .descendantsOfType('call')
      .filter((n): n is Node => n !== null && !insideError(n) && !n.isError)
      .flatMap((node) => {
        const call = readCall(source, node);
        return call ? [{ node, call }] : [];
      });
    this.assignments = root
      .descendantsOfType('assignment')
      .filter((n): n is Node => n !== null && !insideError(n))
      .flatMap((n) => {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        return left?.type === 'identifier' && right ? [{ name: left.text, value: right, end: n.endIndex }] : [];
      });
  }

  /** What an identifier holds: the right side of its last assignment before `node`; other nodes as they are. */
  resolve(node: Node): { node: Node; via?: string } {
    if (node.type !== 'identifier') return { node };
    const before = this.assignments.filter((a) => a.name === node.text && a.end <= node.startIndex);
    const last = before[before.length - 1];
    return last ? { node: last.value, via: node.text } : { node };
  }

  /** The call site of a call node. */
  site(node: Node): CallSite | undefined {
    return this.calls.find((c) => c.node.id === node.id);
  }

  /** The value node of an argument read from `site`. */
  valueNode(site: CallSite, arg: PyArgument): Node | undefined {
    const items = codeChildren(site.node.childForFieldName('arguments') ?? site.node);
    const item = items.find((n) => n.startIndex === arg.span.offset);
    if (!item) return undefined;
    return item.type === 'keyword_argument' ? (item.childForFieldName('value') ?? undefined) : item;
  }

  /** Calls of `<object>.<method>(...)`, where object is `variable` when given. */
  methodCalls(method: string, variable: string | undefined): CallSite[] {
    return this.calls.filter((c) => {
      const fn = c.node.childForFieldName('function');
      if (fn?.type !== 'attribute' || c.call.name !== method) return false;
      return variable === undefined || fn.childForFieldName('object')?.text === variable;
    });
  }
}
