/**
 * A Keras script's `Sequential([Dense…])` + compile + fit as a `*.fitwatch.json` text, each
 * field commented with the Keras code it came from, so the model trains in Fitwatch as is.
 * Anything Fitwatch cannot train (other layers, other losses) is an error naming it and its line.
 */
import { FitwatchError } from '../shared/location';
import { ACTIVATIONS, LOSSES, METRICS, OPTIMIZERS } from '../shared/spec';
import { LOSS_ALIASES, METRIC_ALIASES, MONITOR_ALIASES } from '../shared/spec/vocabulary';
import { requireFit } from './python';
import type { PyArgument, PyCall, PyLayer, PySpan, PythonAnalysis } from './python-types';
import { renderSpecDraft, type DraftField, type SpecDraft } from './spec-text';

/** The data the user picked for the spec: paths relative to the folder the spec is written to. */
export interface SpecDataChoice {
  /** A `.csv` (label in the last column unless `labelColumn` says) or the X `.npy`. */
  dataPath: string;
  /** The y `.npy` for an X `.npy`. */
  labelsPath?: string;
  labelColumn?: string | number;
  name?: string;
}

/** A located error in the script. */
function scriptError(analysis: PythonAnalysis, span: PySpan | undefined, code: string, message: string, fix: string): FitwatchError {
  return new FitwatchError({
    code,
    message,
    fix,
    location: span
      ? { file: analysis.file, line: span.start.line + 1, column: span.start.column + 1, offset: span.offset, length: span.length }
      : { file: analysis.file },
  });
}

/** A call as one line of source, for comments: `Dense(16, activation='relu')`. */
export function callText(call: PyCall): string {
  return `${call.callee}(${call.args.map((a) => (a.keyword ? `${a.keyword}=${a.valueText}` : a.valueText)).join(', ')})`.replace(/\s+/g, ' ');
}

/** A numeric argument, or an error naming it when it is not a literal number. */
function numberArg(analysis: PythonAnalysis, arg: PyArgument, what: string): number {
  if (typeof arg.value === 'number') return arg.value;
  throw scriptError(
    analysis,
    arg.valueSpan,
    'keras/not-a-number',
    `${what} is '${arg.valueText}', which Fitwatch cannot evaluate.`,
    `Write ${what} as a number in the script, or edit the generated spec.`,
  );
}

/** One layer as a spec layer (Input layers give none: the input size comes from the data). */
function specLayer(analysis: PythonAnalysis, layer: PyLayer): Record<string, unknown> | undefined {
  if (layer.kind === 'input') return undefined;
  if (layer.kind === 'unsupported') {
    throw scriptError(
      analysis,
      layer.span,
      'keras/unsupported-layer',
      `Fitwatch cannot train a ${layer.className} layer: it trains stacks of Dense and Dropout layers.`,
      'Remove or replace the layer to train the model in Fitwatch; the curves and callback fixes work on this script as it is.',
    );
  }
  if (layer.kind === 'dropout') {
    if (layer.rate === undefined)
      throw scriptError(
        analysis,
        layer.span,
        'keras/not-a-number',
        'The Dropout rate is not a literal number.',
        'Write the rate as a number, e.g. Dropout(0.2).',
      );
    return { type: 'dropout', rate: layer.rate };
  }
  if (!layer.units)
    throw scriptError(
      analysis,
      layer.span,
      'keras/dense-units',
      'This Dense layer has no units argument.',
      'Give it a width, e.g. Dense(16, activation="relu").',
    );
  const units = numberArg(analysis, layer.units, 'units');
  const activation = layer.activation ?? 'linear';
  if (!(ACTIVATIONS as readonly string[]).includes(activation)) {
    throw scriptError(
      analysis,
      layer.span,
      'keras/unsupported-activation',
      `The activation '${activation}' is not one Fitwatch trains (${ACTIVATIONS.join(', ')}).`,
      'Pick one of those activations, or edit the generated spec.',
    );
  }
  const out: Record<string, unknown> = { type: 'dense', units, activation };
  const useBias = layer.call?.args.find((a) => a.keyword === 'use_bias')?.value;
  if (useBias === false) out.useBias = false;
  if (layer.kernelRegularizer) out.kernelRegularizer = layer.kernelRegularizer;
  return out;
}

/** Optimizer keyword → spec field, per optimizer. */
const OPTIMIZER_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  adam: { learning_rate: 'learningRate', lr: 'learningRate', beta_1: 'beta1', beta_2: 'beta2', epsilon: 'epsilon' },
  sgd: { learning_rate: 'learningRate', lr: 'learningRate', momentum: 'momentum', nesterov: 'nesterov' },
  rmsprop: { learning_rate: 'learningRate', lr: 'learningRate', rho: 'rho', momentum: 'momentum', epsilon: 'epsilon' },
};

/** compile's fields: loss, optimizer (name or object), metrics. */
function compileFields(analysis: PythonAnalysis): DraftField[] {
  const compile = analysis.compile;
  if (!compile)
    throw scriptError(
      analysis,
      undefined,
      'keras/compile-not-found',
      'The script has no model.compile(...) call, so the loss is unknown.',
      "Add model.compile(loss='binary_crossentropy', optimizer='adam') to the script.",
    );
  const loss = compile.loss;
  const lossName = typeof loss?.value === 'string' ? (LOSS_ALIASES[loss.value] ?? (LOSSES as readonly string[]).find((l) => l === loss.value)) : undefined;
  if (!loss || !lossName) {
    throw scriptError(
      analysis,
      loss?.valueSpan ?? compile.call.span,
      'keras/unsupported-loss',
      `The loss ${loss ? loss.valueText : '(none given)'} is not one Fitwatch trains.`,
      `Use one of: ${Object.keys(LOSS_ALIASES).join(', ')}.`,
    );
  }
  const fields: DraftField[] = [{ key: 'loss', value: lossName, comment: `loss=${loss.valueText}` }];
  const opt = compile.optimizer;
  if (opt?.form === 'string') {
    const name = opt.name.toLowerCase();
    if (!(OPTIMIZERS as readonly string[]).includes(name))
      throw scriptError(
        analysis,
        opt.span,
        'keras/unsupported-optimizer',
        `The optimizer '${opt.name}' is not one Fitwatch trains (${OPTIMIZERS.join(', ')}).`,
        'Use adam, sgd or rmsprop.',
      );
    fields.push({ key: 'optimizer', value: name, comment: `optimizer='${opt.name}' (Keras defaults)` });
  } else if (opt?.form === 'call') {
    const type = opt.className.toLowerCase();
    const map = OPTIMIZER_FIELDS[type];
    if (!map)
      throw scriptError(
        analysis,
        opt.call.span,
        'keras/unsupported-optimizer',
        `The optimizer ${opt.className} is not one Fitwatch trains (Adam, SGD, RMSprop).`,
        'Use Adam, SGD or RMSprop.',
      );
    const value: Record<string, unknown> = { type };
    for (const arg of opt.call.args) {
      const field = arg.keyword ? map[arg.keyword] : arg === opt.learningRate ? 'learningRate' : undefined;
      if (field) value[field] = field === 'nesterov' ? arg.value === true : numberArg(analysis, arg, arg.keyword ?? 'the learning rate');
    }
    fields.push({ key: 'optimizer', value, comment: `optimizer=${callText(opt.call)}${opt.viaVariable ? ` (via ${opt.viaVariable})` : ''}` });
  } else if (opt) {
    throw scriptError(
      analysis,
      opt.span,
      'keras/optimizer-unreadable',
      `The optimizer '${opt.text}' cannot be followed to Adam(...), SGD(...) or RMSprop(...).`,
      'Create the optimizer in the script with a literal learning rate, or edit the generated spec.',
    );
  }
  const metrics = compile.metrics.flatMap((m) => {
    const name = METRIC_ALIASES[m] ?? (METRICS as readonly string[]).find((x) => x === m);
    return name ? [name] : [];
  });
  const dropped = compile.metrics.filter((m) => !METRIC_ALIASES[m] && !(METRICS as readonly string[]).includes(m));
  if (compile.metrics.length > 0) {
    fields.push({
      key: 'metrics',
      value: [...new Set(metrics)],
      comment: `metrics=[${compile.metrics.map((m) => `'${m}'`).join(', ')}]${dropped.length ? `; not logged by Fitwatch: ${dropped.join(', ')}` : ''}`,
    });
  }
  return fields;
}

/** fit's fields: the arguments the script gives (Keras defaults for the rest). */
function fitFields(analysis: PythonAnalysis): DraftField[] {
  const fit = requireFit(analysis);
  const arg = (kw: string): PyArgument | undefined => fit.call.args.find((a) => a.keyword === kw);
  const fields: DraftField[] = [];
  const add = (key: string, kw: string, value: number | boolean | undefined): void => {
    if (value !== undefined) fields.push({ key, value, comment: `${kw}=${arg(kw)?.valueText ?? String(value)}` });
  };
  add('epochs', 'epochs', fit.epochs);
  add('batchSize', 'batch_size', fit.batchSize);
  add('validationSplit', 'validation_split', fit.validationSplit);
  add('shuffle', 'shuffle', fit.shuffle);
  return fields;
}

/** Callback keyword → spec field. */
const CALLBACK_FIELDS: Readonly<Record<string, string>> = {
  monitor: 'monitor',
  factor: 'factor',
  patience: 'patience',
  mode: 'mode',
  min_delta: 'minDelta',
  cooldown: 'cooldown',
  min_lr: 'minLr',
  baseline: 'baseline',
  restore_best_weights: 'restoreBestWeights',
  start_from_epoch: 'startFromEpoch',
};

/** ReduceLROnPlateau and EarlyStopping from fit's callbacks; others are named in the comment. */
function callbackFields(analysis: PythonAnalysis): { fields: DraftField[]; skipped: string[] } {
  const items = analysis.fit?.callbacks?.items ?? [];
  const fields: DraftField[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    const key = item.className === 'ReduceLROnPlateau' ? 'reduceLROnPlateau' : item.className === 'EarlyStopping' ? 'earlyStopping' : undefined;
    if (!key || !item.call) {
      skipped.push(item.className);
      continue;
    }
    const value: Record<string, unknown> = {};
    for (const a of item.call.args) {
      const field = a.keyword ? CALLBACK_FIELDS[a.keyword] : undefined;
      if (!field || a.value === undefined) continue;
      value[field] = field === 'monitor' && typeof a.value === 'string' ? (MONITOR_ALIASES[a.value] ?? a.value) : a.value;
    }
    fields.push({ key, value, comment: callText(item.call) });
  }
  return { fields, skipped };
}

/** The data block for the chosen file. */
function dataFields(data: SpecDataChoice): DraftField[] {
  const fields: DraftField[] = [{ key: 'path', value: data.dataPath }];
  if (data.labelsPath !== undefined) fields.push({ key: 'labelsPath', value: data.labelsPath, comment: 'the labels (y) for the features in path (X)' });
  else fields.push({ key: 'labelColumn', value: data.labelColumn ?? -1, comment: data.labelColumn === undefined ? 'the label is the last column' : undefined });
  return fields;
}

/** Why some callbacks are not in the spec. */
function skippedNote(skipped: string[]): string {
  return `callbacks not mapped (Fitwatch logs and saves runs itself): ${skipped.join(', ')}`;
}

/** The spec text for the script's model, trained on `data`. */
export function kerasScriptToSpecText(analysis: PythonAnalysis, data: SpecDataChoice): string {
  const model = analysis.model;
  if (!model) {
    throw scriptError(
      analysis,
      undefined,
      'keras/model-not-found',
      'The script has no Sequential model to train.',
      'Fitwatch trains models built as Sequential([Dense(...), ...]) or with model.add(Dense(...)).',
    );
  }
  const layers = model.layers.flatMap((l) => {
    const value = specLayer(analysis, l);
    return value ? [{ value, comment: l.call ? callText(l.call) : l.className }] : [];
  });
  if (layers.length === 0)
    throw scriptError(
      analysis,
      model.sequential.span,
      'keras/no-layers',
      'The Sequential model has no layers Fitwatch can read.',
      'List the layers in Sequential([...]) or add them with model.add(...).',
    );
  const callbacks = callbackFields(analysis);
  const fit = requireFit(analysis);
  const draft: SpecDraft = {
    header: [
      `The model of ${analysis.file}, as a Fitwatch spec: each field names the Keras code it comes from.`,
      'Paths are relative to the folder of this file.',
    ],
    name: data.name ?? analysis.file.split(/[/\\]/).pop()?.replace(/\.py$/, '') ?? 'keras model',
    data: dataFields(data),
    dataComment: `the data the script's model.fit(${fit.call.args
      .filter((a) => !a.keyword)
      .map((a) => a.valueText)
      .join(', ')}, …) trains on`,
    layers,
    layersComment: `${model.variable ?? 'model'} = ${model.sequential.callee}(...)${model.construction !== 'list' ? ' and .add(...)' : ''}; the input size comes from the data`,
    compile: compileFields(analysis),
    compileComment: callText(analysis.compile!.call),
    fit: fitFields(analysis),
    fitComment: callText(fit.call) + (callbacks.skipped.length > 0 && callbacks.fields.length === 0 ? `; ${skippedNote(callbacks.skipped)}` : ''),
    callbacks: callbacks.fields,
    ...(callbacks.skipped.length > 0 ? { callbacksComment: skippedNote(callbacks.skipped) } : {}),
  };
  return renderSpecDraft(draft);
}
