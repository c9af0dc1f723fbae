/**
 * The coach's fixes as edits of the user's Keras script: callbacks added to `model.fit`
 * (creating `callbacks=[...]` or extending it), hidden Dense layers widened, the learning
 * rate changed where the optimizer is written. Imports follow the script's own style.
 */
import type { Fix, FixKind } from '../shared/findings';
import { FitwatchError } from '../shared/location';
import { requireFit } from './python';
import { layoutCall, pythonNumber, pythonValue, quoteStyle, snakeCase } from './python-format';
import { OPTIMIZER_CLASSES } from './python-legacy';
import { kerasReference } from './python-references';
import { appendItem } from './python-sequence-edits';
import { wrapLongCall } from './python-wrap';
import type { PyArgument, PyFit, PySpan, PythonAnalysis } from './python-types';
import type { TextEdit } from './text-edits';

export { applyTextEdits, type TextEdit } from './text-edits';

/** The fix kinds that have a Python form. */
export const PYTHON_FIX_KINDS: readonly FixKind[] = ['addReduceLROnPlateau', 'addEarlyStopping', 'widenLayers', 'setLearningRate'];

/** Keyword order of each callback's Keras signature, and the spec parameter each comes from. */
const CALLBACK_KEYWORDS: Readonly<Record<'ReduceLROnPlateau' | 'EarlyStopping', readonly string[]>> = {
  ReduceLROnPlateau: ['monitor', 'factor', 'patience', 'mode', 'minDelta', 'cooldown', 'minLr'],
  EarlyStopping: ['monitor', 'minDelta', 'patience', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch'],
};

/** Widest layer a widening fix writes, as the coach caps it. */
const MAX_UNITS = 1024;

/** A located error about the script, with 1-based line/column. */
function scriptError(analysis: PythonAnalysis, span: PySpan | undefined, code: string, message: string, fix: string): FitwatchError {
  const location = span
    ? { file: analysis.file, line: span.start.line + 1, column: span.start.column + 1, offset: span.offset, length: span.length }
    : { file: analysis.file };
  return new FitwatchError({ code, message, fix, location });
}

/**
 * The monitor as the script's Keras logs it. Fitwatch logs accuracy as `acc` (like the seed's
 * Keras 2); Keras ≥ 2.3 logs `accuracy` for `metrics=['accuracy']`, and a callback watching a
 * key that is never logged silently does nothing.
 */
function kerasMonitor(monitor: string, analysis: PythonAnalysis): string {
  const metrics = analysis.compile?.metrics ?? [];
  if ((monitor === 'acc' || monitor === 'val_acc') && !metrics.includes('acc')) return monitor.replace(/acc$/, 'accuracy');
  return monitor;
}

/** A call to write: `head(args…)`, laid out where it lands. */
interface CallParts {
  head: string;
  args: string[];
}

/** `ReduceLROnPlateau(monitor='val_loss', factor=0.5, …)` from the fix's parameters, in Keras' keyword order. */
function callbackCall(expr: string, className: keyof typeof CALLBACK_KEYWORDS, params: Fix['params'], analysis: PythonAnalysis): CallParts {
  const quote = quoteStyle(analysis);
  const args = CALLBACK_KEYWORDS[className].flatMap((key) => {
    const value = params[key];
    if (value === undefined) return [];
    const v = key === 'monitor' && typeof value === 'string' ? kerasMonitor(value, analysis) : value;
    return [`${snakeCase(key)}=${pythonValue(v, quote)}`];
  });
  return { head: expr, args };
}

/** Edits that put the callback expression `call` into one fit's callbacks (creating the argument when missing). */
function addToCallbacks(fit: PyFit, call: CallParts, lineLimit: number): TextEdit[] {
  const callbacks = fit.callbacks;
  // `])` or `],` follow the new call: kept within the limit too.
  const at = (column: number): string => layoutCall(call.head, call.args, column, lineLimit, 2);
  if (!callbacks) return appendItem(fit.call.layout, (column) => `callbacks=[${at(column + 'callbacks=['.length)}]`, lineLimit);
  if (callbacks.list) return appendItem(callbacks.list.layout, at, lineLimit);
  // Some other expression (a function call, a list built elsewhere): keep it and add to it.
  const arg = callbacks.argument;
  const text = `[*${arg.valueText}, `;
  return [{ offset: arg.valueSpan.offset, length: arg.valueSpan.length, text: `${text}${at(arg.valueSpan.start.column + text.length)}]` }];
}

/**
 * A callback added to every fit of the model that lacks one of that class, with its import; []
 * when all have one. Every fit, not the first: in `if quick: fit(...) else: fit(...)` the branch
 * that trains this time is not known from the text, and a callback in the branch that does not
 * run does nothing. A callbacks list shared by several fits (`cbs = [...]`) is extended once.
 */
export function addCallbackEdits(
  analysis: PythonAnalysis,
  className: 'ReduceLROnPlateau' | 'EarlyStopping' | 'CSVLogger',
  callParts: (expr: string) => CallParts,
): TextEdit[] {
  requireFit(analysis);
  const lacking = analysis.fits.filter((f) => !f.callbacks?.items.some((i) => i.className === className));
  if (lacking.length === 0) return [];
  const ref = kerasReference(analysis.imports, 'callbacks', className, analysis.lineLimit);
  const seenLists = new Set<number>();
  const edits = lacking.flatMap((fit) => {
    const list = fit.callbacks?.list;
    if (list) {
      if (seenLists.has(list.span.offset)) return [];
      seenLists.add(list.span.offset);
    }
    return addToCallbacks(fit, callParts(ref.expr), analysis.lineLimit);
  });
  return [...ref.edits, ...edits];
}

/** Hidden Dense layers (all but the last Dense) with their new width. */
function widenEdits(analysis: PythonAnalysis, fix: Fix): TextEdit[] {
  const model = analysis.model;
  if (!model)
    throw scriptError(
      analysis,
      undefined,
      'keras/model-not-found',
      'The script has no Sequential model whose layers could be widened.',
      'Define the model as Sequential([Dense(…), …]) or with model.add(Dense(…)).',
    );
  const factor = typeof fix.params.factor === 'number' ? fix.params.factor : 2;
  // Spec layer indices skip Input layers, which the spec leaves out.
  const specLayers = model.layers.filter((l) => l.kind !== 'input');
  const dense = specLayers.map((l, i) => ({ l, i })).filter(({ l }) => l.kind === 'dense');
  const edits: TextEdit[] = [];
  for (const { l, i } of dense.slice(0, -1)) {
    const units = l.units;
    if (!units || typeof units.value !== 'number' || !Number.isInteger(units.value)) continue;
    const explicit = fix.params[`layers[${i}].units`];
    const next = typeof explicit === 'number' ? explicit : Math.min(MAX_UNITS, Math.round(units.value * factor));
    if (next !== units.value) edits.push({ offset: units.valueSpan.offset, length: units.valueSpan.length, text: String(next) });
  }
  return edits;
}

/** The learning rate written into the optimizer as `learning_rate=` (Keras 3 raises ValueError on the old `lr=`, so that keyword is replaced). */
function learningRateEdits(source: string, analysis: PythonAnalysis, fix: Fix): TextEdit[] {
  const edits = learningRateChange(analysis, fix);
  const compile = analysis.compile;
  return compile ? wrapLongCall(source, compile.call, edits, analysis.lineLimit) : edits;
}

/** The learning-rate edits before wrapping. */
function learningRateChange(analysis: PythonAnalysis, fix: Fix): TextEdit[] {
  const lr = fix.params.learningRate;
  if (typeof lr !== 'number')
    throw scriptError(
      analysis,
      undefined,
      'keras/fix-params',
      `The fix carries no learningRate (got ${String(lr)}).`,
      'Run the coach again to get a learning-rate fix.',
    );
  const compile = analysis.compile;
  if (!compile)
    throw scriptError(
      analysis,
      undefined,
      'keras/compile-not-found',
      'The script has no model.compile(...) call to set the learning rate in.',
      'Add model.compile(optimizer=Adam(learning_rate=…), loss=…).',
    );
  const text = pythonNumber(lr);
  const opt = compile.optimizer;
  const withImport = (className: string, replace: PySpan | undefined): TextEdit[] => {
    const ref = kerasReference(analysis.imports, 'optimizers', className, analysis.lineLimit);
    const call = `${ref.expr}(learning_rate=${text})`;
    return [
      ...ref.edits,
      ...(replace
        ? [{ offset: replace.offset, length: replace.length, text: call }]
        : appendItem(compile.call.layout, `optimizer=${call}`, analysis.lineLimit)),
    ];
  };
  if (!opt) return withImport('RMSprop', undefined); // compile's default optimizer is 'rmsprop'
  if (opt.form === 'string') {
    const className = OPTIMIZER_CLASSES[opt.name.toLowerCase()];
    if (!className)
      throw scriptError(
        analysis,
        opt.span,
        'keras/unknown-optimizer',
        `The optimizer '${opt.name}' is not one Fitwatch knows how to construct.`,
        'Write the optimizer as a call, e.g. Adam(learning_rate=0.001), and set the rate there.',
      );
    return withImport(className, opt.span);
  }
  if (opt.form === 'other') {
    throw scriptError(
      analysis,
      opt.span,
      'keras/optimizer-unreadable',
      `The optimizer is '${opt.text}', which Fitwatch cannot follow to a call.`,
      `Set the learning rate to ${text} where the optimizer is created.`,
    );
  }
  const current: PyArgument | undefined = opt.learningRate;
  if (!current) return appendItem(opt.call.layout, `learning_rate=${text}`, analysis.lineLimit);
  if (typeof current.value !== 'number') {
    throw scriptError(
      analysis,
      current.valueSpan,
      'keras/learning-rate-expression',
      `The learning rate is '${current.valueText}', an expression (e.g. a schedule), not a number.`,
      `Replace it with ${text} by hand if you want a constant rate.`,
    );
  }
  // `lr=` is Keras 2's name: Keras 3 rejects it, so the fix renames it rather than keep a script that cannot run.
  if (current.keyword === 'lr') return [{ offset: current.span.offset, length: current.span.length, text: `learning_rate=${text}` }];
  return [{ offset: current.valueSpan.offset, length: current.valueSpan.length, text }];
}

/** The edits that apply `fix` to the script; [] when the script already has what the fix adds. */
export function pythonEditsForFix(source: string, analysis: PythonAnalysis, fix: Fix): TextEdit[] {
  if (source.length !== analysis.sourceLength) {
    throw scriptError(
      analysis,
      undefined,
      'keras/stale-analysis',
      `The script changed since it was analysed (${analysis.sourceLength} → ${source.length} characters).`,
      'Analyse the current text again, then apply the fix.',
    );
  }
  switch (fix.kind) {
    case 'addReduceLROnPlateau':
      return addCallbackEdits(analysis, 'ReduceLROnPlateau', (expr) => callbackCall(expr, 'ReduceLROnPlateau', fix.params, analysis));
    case 'addEarlyStopping':
      return addCallbackEdits(analysis, 'EarlyStopping', (expr) => callbackCall(expr, 'EarlyStopping', { restoreBestWeights: true, ...fix.params }, analysis));
    case 'widenLayers':
      return widenEdits(analysis, fix);
    case 'setLearningRate':
      return learningRateEdits(source, analysis, fix);
    default:
      throw scriptError(
        analysis,
        analysis.fit?.call.span,
        'keras/fix-unsupported',
        `The fix '${fix.title}' (${fix.kind}) has no Python form yet.`,
        `Apply it by hand, or train the model from a Fitwatch spec. Fixes available for Python: ${PYTHON_FIX_KINDS.join(', ')}.`,
      );
  }
}

/** Adds `CSVLogger('<file>', append=False)` to fit, so Fitwatch can tail the live run; [] when one is there. */
export function csvLoggerEdits(analysis: PythonAnalysis, fileName = 'fitwatch-log.csv'): TextEdit[] {
  const quote = quoteStyle(analysis);
  return addCallbackEdits(analysis, 'CSVLogger', (expr) => ({ head: expr, args: [pythonValue(fileName, quote), 'append=False'] }));
}

/** The file an existing CSVLogger in fit writes to (its first argument or `filename=`), when it is a literal. */
export function csvLoggerPath(analysis: PythonAnalysis): string | undefined {
  const logger = analysis.fits.flatMap((f) => f.callbacks?.items ?? []).find((i) => i.className === 'CSVLogger');
  const arg = logger?.call?.args.find((a) => a.keyword === 'filename') ?? logger?.call?.args.find((a) => a.keyword === undefined);
  return typeof arg?.value === 'string' ? arg.value : undefined;
}
