/**
 * Checks that need more than one field: the output layer must fit the loss, and a callback
 * must monitor something that is logged. Each check runs only when the fields it reads were
 * valid, so one mistake is reported once, not again as a knock-on effect.
 */
import type { Node } from 'jsonc-parser';
import type { JsonPath } from '../location';
import type { DenseLayerSpec, FitwatchSpec } from '../spec';
import { spanForPath } from './locate';
import type { SpecReader } from './reader';

/** The metric a monitored log key needs in `compile.metrics` (`val_acc` → `accuracy`); none for the loss. */
function metricForMonitor(monitor: string): string | undefined {
  const base = monitor.replace(/^val_/, '');
  if (base === 'loss') return undefined;
  return base === 'acc' ? 'accuracy' : base;
}

/** The output layer must match the loss: one sigmoid unit for BCE, k ≥ 2 softmax units for categorical losses. */
function checkOutput(reader: SpecReader, root: Node, spec: FitwatchSpec): void {
  const layers = spec.model.layers;
  if (reader.hasErrorAt(['model']) || reader.hasErrorAt(['compile', 'loss']) || layers.length === 0) return;
  const last = layers[layers.length - 1];
  if (last.type !== 'dense') return;
  const at = (field: string): JsonPath => ['model', 'layers', layers.length - 1, field];
  const where = `model.layers[${layers.length - 1}]`;
  const { loss } = spec.compile;
  if (loss === 'binaryCrossentropy') {
    if (last.units !== 1) {
      reader.error(
        'spec/output-units',
        spanForPath(root, at('units')),
        at('units'),
        `binaryCrossentropy needs 1 output unit (the probability of the positive class), but the last layer (${where}) has ${last.units}.`,
        `Set ${where}.units to 1 with "activation": "sigmoid", or for ${last.units} classes use "loss": "sparseCategoricalCrossentropy" with "activation": "softmax".`,
      );
    }
    if (last.activation !== 'sigmoid') warnActivation(reader, root, last, at('activation'), where, 'binaryCrossentropy', 'sigmoid');
  } else if (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') {
    if (last.units < 2) {
      reader.error(
        'spec/output-units',
        spanForPath(root, at('units')),
        at('units'),
        `${loss} needs one output unit per class (at least 2), but the last layer (${where}) has ${last.units}.`,
        `Set ${where}.units to the number of classes, or for two classes use "loss": "binaryCrossentropy" with 1 sigmoid unit.`,
      );
    }
    if (last.activation !== 'softmax') warnActivation(reader, root, last, at('activation'), where, loss, 'softmax');
  }
}

/** A loss that expects probabilities, fed by an output that does not produce them. */
function warnActivation(reader: SpecReader, root: Node, last: DenseLayerSpec, path: JsonPath, where: string, loss: string, wanted: string): void {
  if (reader.hasErrorAt(path)) return;
  reader.warn(
    'spec/output-activation',
    spanForPath(root, path),
    path,
    `${loss} expects probabilities, but the last layer (${where}) uses "${last.activation}", so its outputs are not probabilities and the loss can misbehave.`,
    `Set ${where}.activation to "${wanted}".`,
  );
}

/** A callback must monitor a logged quantity, and `val_*` needs validation data. */
function checkMonitors(reader: SpecReader, root: Node, spec: FitwatchSpec): void {
  const callbacks = [
    ['reduceLROnPlateau', spec.callbacks.reduceLROnPlateau?.monitor],
    ['earlyStopping', spec.callbacks.earlyStopping?.monitor],
  ] as const;
  for (const [name, monitor] of callbacks) {
    const path: JsonPath = ['callbacks', name, 'monitor'];
    if (monitor === undefined || reader.hasErrorAt(path)) continue;
    const metric = metricForMonitor(monitor);
    if (metric !== undefined && !reader.hasErrorAt(['compile', 'metrics']) && !spec.compile.metrics.some((m) => m === metric)) {
      reader.error(
        'spec/monitor-not-logged',
        spanForPath(root, path),
        path,
        `callbacks.${name} monitors '${monitor}', which is not logged because compile.metrics does not include "${metric}".`,
        `Add "${metric}" to compile.metrics, or monitor "${monitor.startsWith('val_') ? 'val_loss' : 'loss'}".`,
      );
    }
    if (monitor.startsWith('val_') && spec.fit.validationSplit === 0 && !reader.hasErrorAt(['fit', 'validationSplit'])) {
      reader.warn(
        'spec/monitor-without-validation',
        spanForPath(root, path),
        path,
        `callbacks.${name} monitors '${monitor}', but fit.validationSplit is 0, so there is no validation data and the callback never acts.`,
        `Set fit.validationSplit to e.g. 0.2, or monitor "${monitor.slice('val_'.length)}".`,
      );
    }
  }
}

/** Runs every cross-field check on a spec read from `root`. */
export function checkSemantics(reader: SpecReader, root: Node, spec: FitwatchSpec): void {
  checkOutput(reader, root, spec);
  checkMonitors(reader, root, spec);
}
