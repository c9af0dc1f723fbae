/**
 * Findings about the script itself, before any run: Keras 2 code that Keras 3 rejects, each
 * with a quick fix that writes the Keras 3 form (which Keras 2.x accepts too, so the fixed
 * script runs on both). Pure, so the editor, the CLI and the tests share it.
 */
import { removeItems } from './python-sequence-edits';
import type { PyLegacyUse, PySpan, PythonAnalysis } from './python-types';
import type { TextEdit } from './text-edits';
import { wrapLongCall } from './python-wrap';

/** Stable codes of the script checks (diagnostic codes in the editor). */
export type ScriptCheckCode = 'keras/lr-keyword' | 'keras/generator-method';

/** One finding about the script, with its fix. */
export interface ScriptCheck {
  code: ScriptCheckCode;
  message: string;
  span: PySpan;
  fix: { title: string; edits: TextEdit[] };
}

/** Keras 2's positional parameters of the generator methods, to keep a positional argument's meaning under the new method. */
const GENERATOR_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  fit_generator: [
    'x',
    'steps_per_epoch',
    'epochs',
    'verbose',
    'callbacks',
    'validation_data',
    'validation_steps',
    'validation_freq',
    'class_weight',
    'max_queue_size',
    'workers',
    'use_multiprocessing',
    'shuffle',
    'initial_epoch',
  ],
  evaluate_generator: ['x', 'steps', 'callbacks', 'max_queue_size', 'workers', 'use_multiprocessing', 'verbose'],
  predict_generator: ['x', 'steps', 'callbacks', 'max_queue_size', 'workers', 'use_multiprocessing', 'verbose'],
};

/** Arguments Keras 3's fit/evaluate/predict do not take (TypeError): they moved to `keras.utils.PyDataset`. */
const MOVED_TO_PYDATASET = ['workers', 'use_multiprocessing', 'max_queue_size'];

/** `lr=` renamed to `learning_rate=`; the call that holds the optimizer (compile) is wrapped when its line gets too long. */
function lrCheck(source: string, analysis: PythonAnalysis, use: Extract<PyLegacyUse, { kind: 'lr-keyword' }>): ScriptCheck {
  const { argument, call } = use;
  const rename = { offset: argument.span.offset, length: argument.valueSpan.offset - argument.span.offset, text: 'learning_rate=' };
  const compile = analysis.compile?.call;
  const holder = compile && compile.span.offset <= call.span.offset && call.span.offset < compile.span.offset + compile.span.length ? compile : call;
  return {
    code: 'keras/lr-keyword',
    message: `${call.name}(lr=${argument.valueText}): Keras 3 optimizers reject 'lr' (ValueError: Argument(s) not recognized), the keyword is 'learning_rate'.`,
    span: argument.span,
    fix: {
      title: `Rename lr= to learning_rate= in ${call.name} (Keras 3)`,
      // Only the keyword is replaced, so the value (a number, a schedule, a variable) stays as written.
      edits: wrapLongCall(source, holder, [rename], analysis.lineLimit),
    },
  };
}

/** `fit_generator(...)` → `fit(...)`: positional arguments named, the arguments Keras 3 moved to PyDataset dropped. */
function generatorCheck(use: Extract<PyLegacyUse, { kind: 'generator-method' }>): ScriptCheck {
  const { call, method, replacement, nameSpan } = use;
  const names = GENERATOR_PARAMETERS[method] ?? [];
  let positional = 0;
  const named = call.args.map((a) => {
    if (a.keyword !== undefined || a.valueText.startsWith('*')) return { arg: a, name: a.keyword };
    return { arg: a, name: names[positional++], positional: true };
  });
  const drop = new Set(named.flatMap((n, i) => (n.name !== undefined && MOVED_TO_PYDATASET.includes(n.name) ? [i] : [])));
  const edits: TextEdit[] = [{ offset: nameSpan.offset, length: nameSpan.length, text: replacement }, ...removeItems(call.args, drop)];
  // Keras 3's fit/evaluate/predict take (x, y, batch_size, …): a second positional argument would change meaning.
  named.forEach((n, i) => {
    if (n.positional && i > 0 && n.name !== undefined && !drop.has(i)) edits.push({ offset: n.arg.span.offset, length: 0, text: `${n.name}=` });
  });
  // Continuation lines aligned with the old `fit_generator(` stay aligned with the shorter `fit(`.
  const shift = method.length - replacement.length;
  call.args.forEach((arg, i) => {
    const previous = call.args[i - 1];
    const firstOnLine = previous ? previous.span.end.line < arg.span.start.line : arg.span.start.line > call.argsSpan.start.line;
    if (!drop.has(i) && firstOnLine && arg.span.start.column === call.argsSpan.start.column + 1 && shift > 0)
      edits.push({ offset: arg.span.offset - shift, length: shift, text: '' });
  });
  const dropped = [...drop].map((i) => named[i].name).join(', ');
  return {
    code: 'keras/generator-method',
    message:
      `${method} was removed in Keras 3 (AttributeError): ${replacement} takes the generator, a keras.utils.PyDataset or a tf.data.Dataset itself.` +
      (dropped ? ` Keras 3's ${replacement} has no ${dropped}: set them on a keras.utils.PyDataset instead.` : ''),
    span: call.span,
    fix: { title: `Call ${replacement} instead of ${method} (Keras 3)${dropped ? `, without ${dropped}` : ''}`, edits },
  };
}

/** The script's findings, in source order; `source` is the text `analysis` was made from. None for a `tf_keras` script: that is Keras 2, where both spellings work. */
export function kerasScriptChecks(source: string, analysis: PythonAnalysis): ScriptCheck[] {
  if (analysis.imports.bindings.some((b) => b.target === 'tf_keras' || b.target.startsWith('tf_keras.'))) return [];
  return analysis.legacy.map((use) => (use.kind === 'lr-keyword' ? lrCheck(source, analysis, use) : generatorCheck(use)));
}
