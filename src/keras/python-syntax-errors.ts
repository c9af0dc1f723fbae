/**
 * Syntax errors as problems a user can act on. tree-sitter recovers from errors, so it still
 * finds calls in a broken script; the problem says what broke and where, and the analysis
 * distrusts anything inside the broken region.
 */
import type { Node } from 'web-tree-sitter';
import type { Problem } from '../shared/location';
import { allChildren } from './python-syntax';

/** The bracket that closes each opening one. */
const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** The opening brackets directly in an ERROR node that are never closed there. */
function unclosedBrackets(error: Node): Node[] {
  const stack: Node[] = [];
  for (const token of allChildren(error)) {
    if (token.type in CLOSERS) stack.push(token);
    else if (stack.length > 0 && token.type === CLOSERS[stack[stack.length - 1].type]) stack.pop();
  }
  return stack;
}

/** The outermost ERROR and MISSING nodes. */
function errorNodes(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      out.push(node);
      return;
    }
    if (!node.hasError) return;
    for (const child of allChildren(node)) visit(child);
  };
  visit(root);
  return out;
}

/** A short quote of a node's first line, for messages. */
function quote(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** One problem per broken region of the script, located at its start (1-based line/column as editors show them). */
export function syntaxProblems(root: Node, file: string): Problem[] {
  return errorNodes(root).map((node): Problem => {
    const unclosed = node.isError ? unclosedBrackets(node) : [];
    const at = unclosed[0] ?? node;
    const location = {
      file,
      line: at.startPosition.row + 1,
      column: at.startPosition.column + 1,
      offset: at.startIndex,
      length: Math.max(1, at.endIndex - at.startIndex),
    };
    if (node.isMissing) {
      return {
        severity: 'error',
        code: 'keras/python-syntax',
        message: `Python syntax error: '${node.type}' is missing here.`,
        fix: `Add '${node.type}'.`,
        location,
      };
    }
    if (unclosed.length > 0) {
      const closing = unclosed
        .map((b) => CLOSERS[b.type])
        .reverse()
        .join('');
      const lineText = node.text.split('\n')[0].trim();
      return {
        severity: 'error',
        code: 'keras/python-syntax',
        message: `Python syntax error: the '${at.type}' opened in '${quote(lineText)}' (line ${location.line}) is never closed, so the code after it cannot be read.`,
        fix: `Close it with '${closing}' where the expression ends (e.g. after the last layer), and make stray text lines comments with '#'.`,
        location,
      };
    }
    return {
      severity: 'error',
      code: 'keras/python-syntax',
      message: `Python syntax error at '${quote(node.text)}'.`,
      fix: 'Fix the Python syntax here (stray text must be a comment starting with #).',
      location,
    };
  });
}
