/**
 * `analyzePython`: finds the Keras model, compile and fit of a script with tree-sitter (no
 * regular expressions over code), for diagnostics, quick fixes and the spec import.
 * Only code outside syntax errors is trusted: a call that tree-sitter recovered from a broken
 * region could be glued to the wrong thing.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { FitwatchError, type Problem } from '../shared/location';
import { readImports } from './python-imports';
import type { PythonParser } from './python-parser-node';
import { argument, codeChildren, insideError, lastName, literalValue, readCall, sequenceLayout, spanOf } from './python-syntax';
import { syntaxProblems } from './python-syntax-errors';
import type { PyArgument, PyCall, PyCallbackItem, PyCallbacks, PyCompile, PyFit, PyLayer, PyModel, PyOptimizer, PythonAnalysis } from './python-types';

/** A call node with what was read from it. */
interface CallSite {
  node: Node;
  call: PyCall;
}

/** Everything the readers below share. */
class ScriptIndex {
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

/** The activation name of `activation=...`: a string, or the last name of `tf.nn.relu`; None is linear. */
function activationName(index: ScriptIndex, site: CallSite, arg: PyArgument | undefined): string | undefined {
  if (!arg) return undefined;
  if (typeof arg.value === 'string') return arg.value;
  if (arg.value === null) return 'linear';
  const node = index.valueNode(site, arg);
  return node && (node.type === 'identifier' || node.type === 'attribute') ? lastName(node) : arg.valueText;
}

/** `l2(0.01)`, `regularizers.L2(1e-4)`, `l1_l2(l1=…, l2=…)` as numbers; undefined for anything else. */
function regularizer(index: ScriptIndex, site: CallSite, arg: PyArgument | undefined): { l1: number; l2: number } | undefined {
  const node = arg && index.valueNode(site, arg);
  const reg = node?.type === 'call' ? index.site(node) : undefined;
  if (!reg) return undefined;
  const num = (a: PyArgument | undefined, dflt: number): number | undefined => (a === undefined ? dflt : typeof a.value === 'number' ? a.value : undefined);
  const name = reg.call.name.toLowerCase();
  // Keras 3 defaults: l1(0.01), l2(0.01), l1_l2(l1=0.0, l2=0.0).
  if (name === 'l2') {
    const l2 = num(argument(reg.call, 'l2', 0), 0.01);
    return l2 === undefined ? undefined : { l1: 0, l2 };
  }
  if (name === 'l1') {
    const l1 = num(argument(reg.call, 'l1', 0), 0.01);
    return l1 === undefined ? undefined : { l1, l2: 0 };
  }
  if (name === 'l1_l2' || name === 'l1l2') {
    const l1 = num(argument(reg.call, 'l1', 0), 0);
    const l2 = num(argument(reg.call, 'l2', 1), 0);
    return l1 === undefined || l2 === undefined ? undefined : { l1, l2 };
  }
  return undefined;
}

/** One layer expression (a call, or a variable holding one). */
function readLayer(index: ScriptIndex, item: Node): PyLayer {
  const resolved = index.resolve(item).node;
  const site = resolved.type === 'call' ? index.site(resolved) : undefined;
  if (!site) return { kind: 'unsupported', className: item.text, span: spanOf(item) };
  const { call } = site;
  const base = { className: call.name, call, span: call.span };
  switch (call.name) {
    case 'Dense': {
      const units = argument(call, 'units', 0);
      const activation = activationName(index, site, argument(call, 'activation', 1));
      const reg = regularizer(index, site, argument(call, 'kernel_regularizer'));
      return { kind: 'dense', ...base, ...(units ? { units } : {}), ...(activation ? { activation } : {}), ...(reg ? { kernelRegularizer: reg } : {}) };
    }
    case 'Dropout': {
      const rate = argument(call, 'rate', 0)?.value;
      return { kind: 'dropout', ...base, ...(typeof rate === 'number' ? { rate } : {}) };
    }
    case 'Input':
    case 'InputLayer':
      return { kind: 'input', ...base };
    default:
      return { kind: 'unsupported', ...base };
  }
}

/** The Sequential model: its list of layers and the `model.add(...)` calls after it. */
function readModel(index: ScriptIndex): PyModel | undefined {
  const seq = index.calls.find((c) => c.call.name === 'Sequential');
  if (!seq) return undefined;
  const parent = seq.node.parent;
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
  const variable = left?.type === 'identifier' ? left.text : undefined;
  const layersArg = argument(seq.call, 'layers', 0);
  const listNode = layersArg ? index.valueNode(seq, layersArg) : undefined;
  const listed = listNode && (listNode.type === 'list' || listNode.type === 'tuple') ? codeChildren(listNode).map((n) => readLayer(index, n)) : [];
  const added = variable
    ? index
        .methodCalls('add', variable)
        .filter((c) => c.node.startIndex > seq.node.endIndex)
        .flatMap((c) => {
          const arg = argument(c.call, 'layer', 0);
          const node = arg && index.valueNode(c, arg);
          return node ? [readLayer(index, node)] : [];
        })
    : [];
  const construction = listed.length > 0 && added.length > 0 ? 'list+add' : added.length > 0 ? 'add' : 'list';
  return { ...(variable ? { variable } : {}), sequential: seq.call, layers: [...listed, ...added], construction };
}

/** compile's optimizer: a string, a call (maybe through a variable), or something else. */
function readOptimizer(index: ScriptIndex, site: CallSite, arg: PyArgument): PyOptimizer {
  const node = index.valueNode(site, arg);
  if (typeof arg.value === 'string') return { form: 'string', name: arg.value, span: arg.valueSpan };
  const resolved = node ? index.resolve(node) : undefined;
  const opt = resolved?.node.type === 'call' ? index.site(resolved.node) : undefined;
  if (!opt) return { form: 'other', text: arg.valueText, span: arg.valueSpan };
  const learningRate = argument(opt.call, ['learning_rate', 'lr'], 0);
  return {
    form: 'call',
    className: opt.call.name,
    call: opt.call,
    ...(resolved?.via ? { viaVariable: resolved.via } : {}),
    ...(learningRate ? { learningRate } : {}),
  };
}

/** `model.compile(...)`. */
function readCompile(index: ScriptIndex, variable: string | undefined): PyCompile | undefined {
  const site = index.methodCalls('compile', variable)[0] ?? (variable ? undefined : index.methodCalls('compile', undefined)[0]);
  if (!site) return undefined;
  const loss = argument(site.call, 'loss', 1);
  const optArg = argument(site.call, 'optimizer', 0);
  const metricsArg = argument(site.call, 'metrics', 2);
  const metricsNode = metricsArg && index.valueNode(site, metricsArg);
  const metrics =
    metricsNode && (metricsNode.type === 'list' || metricsNode.type === 'tuple')
      ? codeChildren(metricsNode).flatMap((n) => {
          const v = literalValue(n);
          return typeof v === 'string' ? [v] : [];
        })
      : [];
  return { call: site.call, ...(loss ? { loss } : {}), ...(optArg ? { optimizer: readOptimizer(index, site, optArg) } : {}), metrics };
}

/** fit's callbacks: the list (inline or via a variable) and the class of each item. */
function readCallbacks(index: ScriptIndex, site: CallSite, arg: PyArgument): PyCallbacks {
  const node = index.valueNode(site, arg);
  const resolved = node ? index.resolve(node) : undefined;
  if (!resolved || resolved.node.type !== 'list') return { argument: arg, items: [] };
  const itemNodes = codeChildren(resolved.node);
  const items = itemNodes.map((item): PyCallbackItem => {
    const target = index.resolve(item).node;
    const cb = target.type === 'call' ? index.site(target) : undefined;
    return cb ? { className: cb.call.name, span: spanOf(item), call: cb.call } : { className: item.text, span: spanOf(item) };
  });
  const list = {
    span: spanOf(resolved.node),
    layout: sequenceLayout(index.source, resolved.node, itemNodes),
    ...(resolved.via ? { viaVariable: resolved.via } : {}),
  };
  return { argument: arg, list, items };
}

/** Keyword names only Keras' fit takes, to tell it from scikit-learn's when the model variable is unknown. */
const KERAS_FIT_KEYWORDS = ['epochs', 'batch_size', 'validation_split', 'validation_data', 'callbacks', 'verbose'];

/** `model.fit(...)`, with the numbers Fitwatch maps (positional ones in Keras' order: x, y, batch_size, epochs, verbose, callbacks, validation_split). */
function readFit(index: ScriptIndex, variable: string | undefined): PyFit | undefined {
  const all = index.methodCalls('fit', undefined);
  const kerasLooking = all.find((c) => c.call.args.some((a) => a.keyword !== undefined && KERAS_FIT_KEYWORDS.includes(a.keyword)));
  const site = variable !== undefined ? (index.methodCalls('fit', variable)[0] ?? kerasLooking) : (kerasLooking ?? all[0]);
  if (!site) return undefined;
  const { call } = site;
  const num = (kw: string, pos: number): number | undefined => {
    const v = argument(call, kw, pos)?.value;
    return typeof v === 'number' ? v : undefined;
  };
  const shuffle = argument(call, 'shuffle', 8)?.value;
  const callbacksArg = argument(call, 'callbacks', 5);
  const fit: PyFit = { call };
  const epochs = num('epochs', 3);
  const batchSize = num('batch_size', 2);
  const validationSplit = num('validation_split', 6);
  const verbose = num('verbose', 4);
  if (epochs !== undefined) fit.epochs = epochs;
  if (batchSize !== undefined) fit.batchSize = batchSize;
  if (validationSplit !== undefined) fit.validationSplit = validationSplit;
  if (verbose !== undefined) fit.verbose = verbose;
  if (typeof shuffle === 'boolean') fit.shuffle = shuffle;
  if (callbacksArg) fit.callbacks = readCallbacks(index, site, callbacksArg);
  return fit;
}

/** Analyses a parsed tree; `analyzePython` parses first. */
export function analyzeTree(tree: Tree, source: string, file: string): PythonAnalysis {
  const root = tree.rootNode;
  const index = new ScriptIndex(source, root);
  const model = readModel(index);
  const compile = readCompile(index, model?.variable);
  const fit = readFit(index, model?.variable);
  const problems: Problem[] = syntaxProblems(root, file);
  for (const layer of model?.layers ?? []) {
    if (layer.kind !== 'unsupported') continue;
    problems.push({
      severity: 'warning',
      code: 'keras/unsupported-layer',
      message: `Fitwatch cannot train a ${layer.className} layer: it trains Dense and Dropout stacks.`,
      fix: 'Curves and callback fixes still work; to train the model in Fitwatch, use Dense/Dropout layers only.',
      location: { file, line: layer.span.start.line + 1, column: layer.span.start.column + 1, offset: layer.span.offset, length: layer.span.length },
    });
  }
  return {
    file,
    sourceLength: source.length,
    imports: readImports(source, root),
    ...(model ? { model } : {}),
    ...(compile ? { compile } : {}),
    ...(fit ? { fit } : {}),
    problems,
  };
}

/** Parses and analyses a Keras script. */
export function analyzePython(parser: PythonParser, source: string, file: string): PythonAnalysis {
  const tree = parser.parser.parse(source);
  if (!tree) {
    throw new FitwatchError({
      code: 'keras/parser-failed',
      message: 'The Python parser returned no tree.',
      fix: 'Create the parser with createPythonParser() before analysing.',
      location: { file },
    });
  }
  try {
    return analyzeTree(tree, source, file);
  } finally {
    tree.delete();
  }
}

/** The fit call, or a clear error: the syntax error that hides it, or that there is none. */
export function requireFit(analysis: PythonAnalysis): NonNullable<PythonAnalysis['fit']> {
  if (analysis.fit) return analysis.fit;
  const syntax = analysis.problems.find((p) => p.code === 'keras/python-syntax');
  if (syntax) {
    throw new FitwatchError({
      code: 'keras/fit-not-found',
      message: `No readable model.fit(...) call: ${syntax.message}`,
      fix: syntax.fix ?? 'Fix the syntax error first.',
      ...(syntax.location ? { location: syntax.location } : {}),
    });
  }
  throw new FitwatchError({
    code: 'keras/fit-not-found',
    message: 'The script has no model.fit(...) call.',
    fix: 'Open the script that trains the model with model.fit(X, y, epochs=…, …).',
    location: { file: analysis.file },
  });
}
