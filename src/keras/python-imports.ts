/** How a Keras script imports things: the bindings each import creates, and where a new import line goes. */
import type { Node } from 'web-tree-sitter';
import { allChildren, codeChildren, insideError, sequenceLayout, spanOf } from './python-syntax';
import type { PyFromImport, PyImportBinding, PyImports } from './python-types';

/** `a.b` from a dotted_name / relative_import node, without spaces. */
function dotted(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

/** Reads `import a.b as c, d` into bindings: `c → a.b`, `d → d` (and `a → a` for `import a.b`). */
function importBindings(node: Node): PyImportBinding[] {
  const out: PyImportBinding[] = [];
  for (const item of node.childrenForFieldName('name')) {
    if (!item) continue;
    if (item.type === 'aliased_import') {
      const name = item.childForFieldName('name');
      const alias = item.childForFieldName('alias');
      if (name && alias) out.push({ local: alias.text, target: dotted(name) });
    } else {
      const target = dotted(item);
      out.push({ local: target.split('.')[0], target: target.split('.')[0] });
    }
  }
  return out;
}

/** Reads `from m import a, b as c` (or `*`) into a statement record and its bindings. */
function fromImport(source: string, node: Node): { record: PyFromImport; bindings: PyImportBinding[] } | undefined {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return undefined;
  const module = dotted(moduleNode);
  const nameNodes = node.childrenForFieldName('name').filter((n): n is Node => n !== null);
  const wildcard = allChildren(node).some((c) => c.type === 'wildcard_import');
  const bindings: PyImportBinding[] = [];
  const names: string[] = [];
  for (const item of nameNodes) {
    if (item.type === 'aliased_import') {
      const name = item.childForFieldName('name');
      const alias = item.childForFieldName('alias');
      if (name && alias) {
        names.push(dotted(name));
        bindings.push({ local: alias.text, target: `${module}.${dotted(name)}` });
      }
    } else {
      names.push(dotted(item));
      bindings.push({ local: dotted(item), target: `${module}.${dotted(item)}` });
    }
  }
  return { record: { module, names, wildcard, span: spanOf(node), layout: sequenceLayout(source, node, nameNodes) }, bindings };
}

/** True for a module of Keras or TensorFlow. */
function isKerasModule(module: string): boolean {
  return /^(keras|tensorflow|tf_keras)(\.|$)/.test(module);
}

/** Start of the line after `offset`'s line, and whether the text ends before a newline. */
function nextLineStart(source: string, offset: number): { offset: number; needsNewline: boolean } {
  const nl = source.indexOf('\n', offset);
  return nl < 0 ? { offset: source.length, needsNewline: true } : { offset: nl + 1, needsNewline: false };
}

/** Where a new import goes when the script has none: after a shebang, leading comments, the docstring and `from __future__`. */
function headerEnd(source: string, root: Node): { offset: number; needsNewline: boolean } {
  let end = 0;
  // The loop stops at the first other statement, so a string met here is the module docstring.
  for (const child of root.namedChildren) {
    if (!child) continue;
    const isDocstring = child.type === 'expression_statement' && codeChildren(child)[0]?.type === 'string';
    if (child.type === 'comment' || isDocstring || child.type === 'future_import_statement') end = child.endIndex;
    else break;
  }
  return end === 0 ? { offset: 0, needsNewline: false } : nextLineStart(source, end);
}

/** Reads every import of the script. */
export function readImports(source: string, root: Node): PyImports {
  const bindings: PyImportBinding[] = [];
  const fromImports: PyFromImport[] = [];
  let lastImport: Node | undefined;
  let lastKerasImport: Node | undefined;
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!node || insideError(node)) continue;
    const topLevel = node.parent?.type === 'module';
    let modules: string[];
    if (node.type === 'import_statement') {
      const found = importBindings(node);
      bindings.push(...found);
      modules = found.map((b) => b.target);
    } else {
      const read = fromImport(source, node);
      if (!read) continue;
      bindings.push(...read.bindings);
      fromImports.push(read.record);
      modules = [read.record.module];
    }
    if (!topLevel) continue;
    lastImport = node;
    if (modules.some(isKerasModule)) lastKerasImport = node;
  }
  const anchor = lastKerasImport ?? lastImport;
  const at = anchor ? nextLineStart(source, anchor.endIndex) : headerEnd(source, root);
  const usesTf = fromImports.some((f) => f.module.startsWith('tensorflow.keras')) || bindings.some((b) => b.target.startsWith('tensorflow.keras'));
  const usesKeras = fromImports.some((f) => f.module === 'keras' || f.module.startsWith('keras.'));
  return {
    bindings,
    fromImports,
    package: usesTf && !usesKeras ? 'tensorflow.keras' : 'keras',
    insertOffset: at.offset,
    insertNeedsNewline: at.needsNewline,
  };
}
