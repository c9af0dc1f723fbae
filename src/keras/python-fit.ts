/**
 * The fit calls that train the model: `model.fit(...)` and Keras 2's `model.fit_generator(...)`,
 * every one of them (a script that trains in an if/else has one per branch), with the numbers
 * Fitwatch maps and the callbacks list each one passes.
 */
import { argument, codeChildren, sequenceLayout, spanOf } from './python-syntax';
import type { CallSite, ScriptIndex } from './python-index';
import type { PyArgument, PyCallbackItem, PyCallbacks, PyFit } from './python-types';

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
const KERAS_FIT_KEYWORDS = ['epochs', 'batch_size', 'validation_split', 'validation_data', 'callbacks', 'verbose', 'steps_per_epoch'];

/** Positions of the mapped arguments: fit is (x, y, batch_size, epochs, verbose, callbacks, validation_split, validation_data, shuffle); Keras 2's fit_generator is (generator, steps_per_epoch, epochs, verbose, callbacks, …, shuffle at 12). */
const POSITIONS: Readonly<
  Record<PyFit['method'], Readonly<Record<'epochs' | 'batch_size' | 'verbose' | 'callbacks' | 'validation_split' | 'shuffle', number | undefined>>>
> = {
  fit: { batch_size: 2, epochs: 3, verbose: 4, callbacks: 5, validation_split: 6, shuffle: 8 },
  fit_generator: { batch_size: undefined, epochs: 2, verbose: 3, callbacks: 4, validation_split: undefined, shuffle: 12 },
};

/** One fit call read. */
function readFit(index: ScriptIndex, site: CallSite): PyFit {
  const { call } = site;
  const method = call.name === 'fit_generator' ? 'fit_generator' : 'fit';
  const at = POSITIONS[method];
  const arg = (kw: keyof typeof at): PyArgument | undefined => argument(call, kw, at[kw]);
  const num = (kw: keyof typeof at): number | undefined => {
    const v = arg(kw)?.value;
    return typeof v === 'number' ? v : undefined;
  };
  const fit: PyFit = { call, method };
  const shuffle = arg('shuffle')?.value;
  const callbacksArg = arg('callbacks');
  const epochs = num('epochs');
  const batchSize = num('batch_size');
  const validationSplit = num('validation_split');
  const verbose = num('verbose');
  if (epochs !== undefined) fit.epochs = epochs;
  if (batchSize !== undefined) fit.batchSize = batchSize;
  if (validationSplit !== undefined) fit.validationSplit = validationSplit;
  if (verbose !== undefined) fit.verbose = verbose;
  if (typeof shuffle === 'boolean') fit.shuffle = shuffle;
  if (callbacksArg) fit.callbacks = readCallbacks(index, site, callbacksArg);
  return fit;
}

/**
 * Every fit of the model `variable` (fit and fit_generator), in source order. Without a known
 * variable, or when it has none, the calls that pass a keyword only Keras' fit takes (so
 * `scaler.fit(X)` is not one); failing that, the first `.fit(...)`.
 */
export function readFits(index: ScriptIndex, variable: string | undefined): PyFit[] {
  const of = (v: string | undefined): CallSite[] =>
    [...index.methodCalls('fit', v), ...index.methodCalls('fit_generator', v)].sort((a, b) => a.node.startIndex - b.node.startIndex);
  const own = variable !== undefined ? of(variable) : [];
  const everyFit = of(undefined);
  const kerasLooking = everyFit.filter(
    (c) => c.call.name === 'fit_generator' || c.call.args.some((a) => a.keyword !== undefined && KERAS_FIT_KEYWORDS.includes(a.keyword)),
  );
  const sites = own.length > 0 ? own : kerasLooking.length > 0 ? kerasLooking : variable === undefined ? everyFit.slice(0, 1) : [];
  return sites.map((s) => readFit(index, s));
}
