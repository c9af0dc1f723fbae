/**
 * The Keras engine's script: a `*.fitwatch.json` spec as the equivalent Keras 3 program. The
 * script reads the rows Fitwatch prepared (loaded, normalised, split and weighted by the same
 * pipeline as the other engines) and Fitwatch's initial weights from `.npy` files beside it, so
 * Keras trains exactly what the fast engine would; it is plain Keras, readable and runnable by
 * hand (`python train_keras.py`). Pure: text in, text out.
 */
import type { Activation, FitwatchSpec, LayerSpec, LossName, MetricName, OptimizerSpec, ReduceLROnPlateauSpec, EarlyStoppingSpec } from '../shared/spec';
import { pythonNumber, pythonValue } from './python-format';

/** The files of a Keras-engine run folder (beside run.json & co.), as the script names them. */
export const KERAS_ENGINE_FILES = {
  script: 'train_keras.py',
  /** Folder of the prepared arrays, next to the script. */
  dataDir: 'keras-data',
  xTrain: 'x_train.npy',
  yTrain: 'y_train.npy',
  xVal: 'x_val.npy',
  yVal: 'y_val.npy',
  sampleWeight: 'sample_weight.npy',
  /** Every weight of the model flattened in `model.get_weights()` order (kernel [in, out], then bias). */
  initialWeights: 'initial_weights.npy',
  /** What the script saves when fit returns. */
  finalModel: 'model-final.keras',
  /** The trained weights, flat like initialWeights, for Fitwatch's tfjs-format model-final/ (fitwatch predict). */
  finalWeights: 'final_weights.npy',
} as const;

/** What the script needs to know besides the spec. */
export interface KerasScriptInput {
  spec: FitwatchSpec;
  /** Shown in the docstring: where the spec came from. */
  specLabel: string;
  /** Seeds Keras' shuffle and dropout (`keras.utils.set_random_seed`). */
  seed: number;
  /** Whether x_val/y_val exist (fit.validationSplit > 0 and rows left for it). */
  hasValidation: boolean;
  /** Whether sample_weight.npy exists (fit.classWeight as one weight per training row). */
  hasSampleWeight: boolean;
  /** data.standardizeTarget: the target's std, so losses are reported in the target's units as the other engines do. */
  targetStd?: number;
}

const LOSSES: Readonly<Record<LossName, string>> = {
  binaryCrossentropy: 'binary_crossentropy',
  categoricalCrossentropy: 'categorical_crossentropy',
  sparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
  meanSquaredError: 'mean_squared_error',
  meanAbsoluteError: 'mean_absolute_error',
};

/** Keras 3 logs `metrics=["accuracy"]` as accuracy/val_accuracy; Fitwatch calls them acc/val_acc. */
const MONITOR_KEYS: Readonly<Record<string, string>> = { acc: 'accuracy', val_acc: 'val_accuracy' };

const q = (s: string): string => pythonValue(s, '"');
const num = pythonNumber;
const bool = (b: boolean): string => (b ? 'True' : 'False');

/** `keras.optimizers.Adam(learning_rate=…)` with every argument Fitwatch resolved, so nothing rests on Keras' defaults. */
export function optimizerCall(o: OptimizerSpec): string {
  switch (o.type) {
    case 'adam':
      return `keras.optimizers.Adam(learning_rate=${num(o.learningRate)}, beta_1=${num(o.beta1)}, beta_2=${num(o.beta2)}, epsilon=${num(o.epsilon)})`;
    case 'sgd':
      return `keras.optimizers.SGD(learning_rate=${num(o.learningRate)}, momentum=${num(o.momentum)}, nesterov=${bool(o.nesterov)})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(learning_rate=${num(o.learningRate)}, rho=${num(o.rho)}, momentum=${num(o.momentum)}, epsilon=${num(o.epsilon)})`;
  }
}

function activationArg(a: Activation): string {
  return `activation=${q(a)}`;
}

/** One layer of the Sequential list. */
export function layerCall(layer: LayerSpec): string {
  if (layer.type === 'dropout') return `keras.layers.Dropout(${num(layer.rate)})`;
  const args = [String(layer.units), activationArg(layer.activation)];
  if (!layer.useBias) args.push('use_bias=False');
  const reg = layer.kernelRegularizer;
  if (reg) args.push(`kernel_regularizer=keras.regularizers.L1L2(l1=${num(reg.l1)}, l2=${num(reg.l2)})`);
  return `keras.layers.Dense(${args.join(', ')})`;
}

/** The monitored log key as Keras 3 spells it. */
export function kerasMonitor(monitor: string): string {
  return MONITOR_KEYS[monitor] ?? monitor;
}

function reduceLrCall(r: ReduceLROnPlateauSpec): string {
  return (
    `keras.callbacks.ReduceLROnPlateau(monitor=${q(kerasMonitor(r.monitor))}, factor=${num(r.factor)}, patience=${r.patience}, ` +
    `mode=${q(r.mode)}, min_delta=${num(r.minDelta)}, cooldown=${r.cooldown}, min_lr=${num(r.minLr)})`
  );
}

function earlyStoppingCall(e: EarlyStoppingSpec): string {
  return (
    `keras.callbacks.EarlyStopping(monitor=${q(kerasMonitor(e.monitor))}, min_delta=${num(e.minDelta)}, patience=${e.patience}, ` +
    `mode=${q(e.mode)}, baseline=${e.baseline === null ? 'None' : num(e.baseline)}, restore_best_weights=${bool(e.restoreBestWeights)}, ` +
    `start_from_epoch=${e.startFromEpoch})`
  );
}

function metricsList(metrics: readonly MetricName[]): string {
  return `[${metrics.map(q).join(', ')}]`;
}

/** The TargetUnits callback (data.standardizeTarget): it rescales the logs in place, first, so the callbacks after it and Fitwatch see the target's units. */
function targetUnitsClass(loss: LossName): string {
  const squared = loss === 'meanSquaredError' ? '"loss", "mse"' : '"mse"';
  const absolute = loss === 'meanAbsoluteError' ? '"loss", "mae"' : '"mae"';
  return `
class TargetUnits(keras.callbacks.Callback):
    """The model trains on the standardised target (data.standardizeTarget); losses are reported in the target's units."""

    SQUARED = (${squared})
    ABSOLUTE = (${absolute})

    def on_epoch_end(self, epoch, logs=None):
        for key in list(logs or {}):
            name = key[4:] if key.startswith("val_") else key
            if name in self.SQUARED:
                logs[key] = float(logs[key]) * TARGET_STD**2
            elif name in self.ABSOLUTE:
                logs[key] = float(logs[key]) * TARGET_STD

`;
}

const DISTRIBUTION = `
def distribution_scope():
    """One device by default (Keras uses a visible GPU on its own); FITWATCH_DISTRIBUTE picks a tf.distribute strategy."""
    kind = os.environ.get("FITWATCH_DISTRIBUTE", "")
    if not kind:
        return contextlib.nullcontext()
    import tensorflow as tf

    if kind == "mirrored":
        return tf.distribute.MirroredStrategy().scope()
    if kind == "multi-worker":
        # Each worker runs this script with its own TF_CONFIG (see docs/keras-engine.md).
        return tf.distribute.MultiWorkerMirroredStrategy().scope()
    raise SystemExit("FITWATCH_DISTRIBUTE is %r: use mirrored, multi-worker, or leave it unset." % kind)
`;

const HELPERS = `
HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    """One of the float32 arrays Fitwatch prepared (normalised, split and weighted as for its other engines)."""
    return np.load(os.path.join(HERE, ${q(KERAS_ENGINE_FILES.dataDir)}, name))


def split_weights(flat, model):
    """Fitwatch's initial weights, flattened in model.get_weights() order, cut back into the model's shapes."""
    out, at = [], 0
    for w in model.get_weights():
        out.append(flat[at : at + w.size].reshape(w.shape))
        at += w.size
    if at != flat.size:
        raise SystemExit("%s has %d values, the model %d: the spec changed since Fitwatch wrote them." % (${q(KERAS_ENGINE_FILES.initialWeights)}, flat.size, at))
    return out

`;

/** The complete script for `input`. */
export function kerasScriptFor(input: KerasScriptInput): string {
  const { spec } = input;
  const f = KERAS_ENGINE_FILES;
  const layers = spec.model.layers.map((l) => `                ${layerCall(l)},`).join('\n');
  // TargetUnits first: the callbacks after it judge the target's units, as the other engines' callbacks do.
  // TerminateOnNaN: the other engines stop a run whose loss diverged too.
  const callbacks: string[] = [];
  if (input.targetStd !== undefined) callbacks.push('TargetUnits()');
  callbacks.push('keras.callbacks.TerminateOnNaN()');
  if (spec.callbacks.reduceLROnPlateau) callbacks.push(reduceLrCall(spec.callbacks.reduceLROnPlateau));
  if (spec.callbacks.earlyStopping) callbacks.push(earlyStoppingCall(spec.callbacks.earlyStopping));
  const fitArgs = [
    'x_train',
    'y_train',
    ...(input.hasValidation ? ['validation_data=(load(' + q(f.xVal) + '), load(' + q(f.yVal) + '))'] : []),
    `epochs=${spec.fit.epochs}`,
    `batch_size=${spec.fit.batchSize}`,
    `shuffle=${bool(spec.fit.shuffle)}`,
    ...(input.hasSampleWeight ? [`sample_weight=load(${q(f.sampleWeight)})`] : []),
    'callbacks=callbacks',
    'verbose=2',
  ];
  const constants = [`SEED = ${input.seed}`, ...(input.targetStd !== undefined ? [`TARGET_STD = ${num(input.targetStd)}`] : [])];
  return `"""Keras 3 training of ${input.specLabel}, generated by Fitwatch ("engine": "keras").

Fitwatch loaded the data, normalised it, split off the validation rows${input.hasSampleWeight ? ', weighted the classes' : ''} and
drew the initial weights exactly as for its own engines, and saved them as float32 .npy files in
${f.dataDir}/ beside this script: Keras trains the same rows from the same start. Run it by hand
with \`python ${f.script}\`; \`fitwatch train --engine keras\` runs it and records every epoch.
FITWATCH_DISTRIBUTE=mirrored (local GPUs) or multi-worker (TF_CONFIG) trains under tf.distribute.
"""
import contextlib
import os

import numpy as np
import keras

${constants.join('\n')}
${HELPERS}${DISTRIBUTION}${input.targetStd !== undefined ? targetUnitsClass(spec.compile.loss) : ''}

def main():
    keras.utils.set_random_seed(SEED)
    x_train, y_train = load(${q(f.xTrain)}), load(${q(f.yTrain)})
    with distribution_scope():
        model = keras.Sequential(
            [
                keras.Input(shape=(x_train.shape[1],)),
${layers}
            ]
        )
        model.set_weights(split_weights(load(${q(f.initialWeights)}), model))
        model.compile(
            optimizer=${optimizerCall(spec.compile.optimizer)},
            loss=${q(LOSSES[spec.compile.loss])},
            metrics=${metricsList(spec.compile.metrics)},
        )
    callbacks = [${callbacks.map((c) => `\n        ${c},`).join('')}\n    ]
    model.fit(
${fitArgs.map((a) => `        ${a},`).join('\n')}
    )
    model.save(os.path.join(HERE, ${q(f.finalModel)}))
    # The same weights, flat, for Fitwatch's own model-final/ (fitwatch predict reads that one).
    final = np.concatenate([w.ravel() for w in model.get_weights()]).astype("float32")
    np.save(os.path.join(HERE, ${q(f.dataDir)}, ${q(f.finalWeights)}), final)


if __name__ == "__main__":
    main()
`;
}
