/**
 * `analyzePython`: finds the Keras model, compile and fit of a script with tree-sitter (no
 * regular expressions over code), for diagnostics, quick fixes and the spec import.
 * Only code outside syntax errors is trusted: a call that tree-sitter recovered from a broken
 * region could be glued to the wrong thing.
 */
import type { Tree } from 'web-tree-sitter';
import { FitwatchError, type Problem } from '../shared/location';
import { readImports } from './python-imports';
import type { PythonParser } from './python-parser-node';
import { readFits } from './python-fit';
import { ScriptIndex, type CallSite } from './python-index';
import { readLegacy } from './python-legacy';
import { argument, codeChildren, lastName, literalValue, spanOf } from './python-syntax';
import { syntaxProblems } from './python-syntax-errors';
import type { Node } from 'web-tree-sitter';
import type { PyArgument, PyCompile, PyLayer, PyModel, PyOptimizer, PythonAnalysis } from './python-types';

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

/** Keywords only Keras' compile takes, so `re.compile(...)` is not mistaken for it. */
const KERAS_COMPILE_KEYWORDS = ['optimizer', 'loss', 'metrics', 'loss_weights', 'jit_compile', 'run_eagerly', 'steps_per_execution'];

/** The compile call of the model `variable`; without one, the first that looks like Keras', else the first. */
function compileSite(index: ScriptIndex, variable: string | undefined): CallSite | undefined {
  if (variable) return index.methodCalls('compile', variable)[0];
  const all = index.methodCalls('compile', undefined);
  return all.find((c) => c.call.args.some((a) => a.keyword !== undefined && KERAS_COMPILE_KEYWORDS.includes(a.keyword))) ?? all[0];
}

/** The variable a non-Sequential model (functional API, a subclass) is known by: the object its compile is called on. */
function compiledVariable(index: ScriptIndex): string | undefined {
  const site = compileSite(index, undefined);
  const object = site?.node.childForFieldName('function')?.childForFieldName('object');
  return object && (object.type === 'identifier' || object.type === 'attribute') ? object.text : undefined;
}

/** `model.compile(...)`. */
function readCompile(index: ScriptIndex, variable: string | undefined): PyCompile | undefined {
  const site = compileSite(index, variable);
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

/** The script's longest line, kept between PEP 8's 79 and 120: added code is wrapped to it. */
function lineLimit(source: string): number {
  const longest = source.split('\n').reduce((m, l) => Math.max(m, l.replace(/\r$/, '').length), 0);
  return Math.min(120, Math.max(79, longest));
}

/** Analyses a parsed tree; `analyzePython` parses first. */
export function analyzeTree(tree: Tree, source: string, file: string): PythonAnalysis {
  const root = tree.rootNode;
  const index = new ScriptIndex(source, root);
  const model = readModel(index);
  const variable = model?.variable ?? compiledVariable(index);
  const compile = readCompile(index, variable);
  const fits = readFits(index, variable);
  const fit = fits[0];
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
    fits,
    legacy: readLegacy(index, variable),
    lineLimit: lineLimit(source),
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
