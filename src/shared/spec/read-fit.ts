/** `fit` and `callbacks`: the arguments of Keras' `model.fit(...)`. */
import type { Node } from 'jsonc-parser';
import type { ClassWeightSpec, EarlyStoppingSpec, FitSpec, MonitorMode, ReduceLROnPlateauSpec } from '../spec';
import { SPEC_DEFAULTS } from './defaults';
import type { JsonPath } from '../location';
import type { FieldSet, NumberRule, SpecReader } from './reader';
import { MONITOR_ALIASES, MONITOR_MODES, MONITORS } from './vocabulary';

const PATIENCE: NumberRule = { integer: true, min: 0, example: '10', why: 'It counts epochs.' };
const MIN_DELTA: NumberRule = { min: 0, example: '0.0001' };

/** Reads `fit` (the node at `['fit']`); all Keras defaults when absent. */
export function readFit(reader: SpecReader, node: Node | undefined): FitSpec {
  const d = SPEC_DEFAULTS.fit;
  const f = node ? reader.object(node, ['fit'], 'fit') : undefined;
  if (!f) return { epochs: d.epochs, batchSize: d.batchSize, validationSplit: d.validationSplit, shuffle: d.shuffle };
  const fit: FitSpec = {
    epochs: f.number('epochs', { integer: true, min: 1, example: '100' }, d.epochs),
    batchSize: f.number('batchSize', { integer: true, min: 1, example: '32' }, d.batchSize),
    validationSplit: f.number(
      'validationSplit',
      { min: 0, max: 1, maxExclusive: true, example: '0.2', why: 'It is the fraction of rows (the last ones, as in Keras) held out for validation.' },
      d.validationSplit,
    ),
    shuffle: f.boolean('shuffle', d.shuffle),
  };
  if (f.get('seed')) fit.seed = f.number('seed', { integer: true, min: 0, example: '1' });
  const weights = f.get('classWeight');
  if (weights) fit.classWeight = readClassWeight(reader, weights, f.at('classWeight'));
  return fit;
}

const CLASS_WEIGHT_EXAMPLE = '"balanced" or { "0": 1, "1": 4 }';

/** `fit.classWeight`: `"balanced"`, or an object from class index ("0", "1", …) to a weight ≥ 0. */
function readClassWeight(reader: SpecReader, node: Node, path: JsonPath): ClassWeightSpec {
  if (node.type === 'string') {
    if (node.value !== 'balanced') {
      reader.error(
        'spec/unknown-value',
        node,
        path,
        `fit.classWeight is "${String(node.value)}"; the only named choice is "balanced".`,
        `Write ${CLASS_WEIGHT_EXAMPLE}.`,
      );
    }
    return 'balanced';
  }
  if (node.type !== 'object') {
    reader.wrongType(node, path, '"balanced" or an object of class index → weight', CLASS_WEIGHT_EXAMPLE);
    return 'balanced';
  }
  const out: Record<string, number> = {};
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (!/^(0|[1-9][0-9]*)$/.test(key)) {
      reader.error(
        'spec/out-of-range',
        keyNode,
        [...path, key],
        `fit.classWeight has the key "${key}"; keys are class indices, as in Keras' class_weight.`,
        'Use "0", "1", … : the position of the class in the sorted label values (the panel lists them).',
      );
      continue;
    }
    out[key] = reader.number(valueNode, [...path, key], { min: 0, example: '4', why: "A row's loss is multiplied by its class's weight." });
  }
  if (Object.keys(out).length === 0 && !reader.hasErrorAt(path)) {
    reader.error('spec/out-of-range', node, path, 'fit.classWeight is empty.', `Write ${CLASS_WEIGHT_EXAMPLE}, or remove it.`);
  }
  return out;
}

/** The `monitor` field of a callback. */
function readMonitor(f: FieldSet<'reduceLROnPlateau' | 'earlyStopping'>, dflt: (typeof MONITORS)[number]): string {
  return f.choice('monitor', MONITORS, dflt, MONITOR_ALIASES);
}

/** `callbacks.reduceLROnPlateau` with Keras 3 defaults. */
function readReduceLROnPlateau(reader: SpecReader, node: Node): ReduceLROnPlateauSpec {
  const d = SPEC_DEFAULTS.reduceLROnPlateau;
  const f = reader.object(node, ['callbacks', 'reduceLROnPlateau'], 'reduceLROnPlateau');
  if (!f) return { ...d };
  return {
    monitor: readMonitor(f, d.monitor),
    factor: f.number(
      'factor',
      { min: 0, minExclusive: true, max: 1, maxExclusive: true, example: '0.5', why: 'The new learning rate is lr × factor, so it must shrink it.' },
      d.factor,
    ),
    patience: f.number('patience', PATIENCE, d.patience),
    mode: f.choice<MonitorMode>('mode', MONITOR_MODES, d.mode),
    minDelta: f.number('minDelta', MIN_DELTA, d.minDelta),
    cooldown: f.number('cooldown', PATIENCE, d.cooldown),
    minLr: f.number('minLr', { min: 0, example: '1e-6' }, d.minLr),
  };
}

/** `callbacks.earlyStopping` with Keras 3 defaults. */
function readEarlyStopping(reader: SpecReader, node: Node): EarlyStoppingSpec {
  const d = SPEC_DEFAULTS.earlyStopping;
  const f = reader.object(node, ['callbacks', 'earlyStopping'], 'earlyStopping');
  if (!f) return { ...d };
  const baselineNode = f.get('baseline');
  return {
    monitor: readMonitor(f, d.monitor),
    minDelta: f.number('minDelta', MIN_DELTA, d.minDelta),
    patience: f.number('patience', PATIENCE, d.patience),
    mode: f.choice<MonitorMode>('mode', MONITOR_MODES, d.mode),
    baseline: baselineNode && baselineNode.type !== 'null' ? reader.number(baselineNode, f.at('baseline'), { example: '0.2 or null' }) : null,
    restoreBestWeights: f.boolean('restoreBestWeights', d.restoreBestWeights),
    startFromEpoch: f.number('startFromEpoch', PATIENCE, d.startFromEpoch),
  };
}

/** Reads `callbacks` (the node at `['callbacks']`); none when absent. */
export function readCallbacks(reader: SpecReader, node: Node | undefined): { reduceLROnPlateau?: ReduceLROnPlateauSpec; earlyStopping?: EarlyStoppingSpec } {
  const f = node ? reader.object(node, ['callbacks'], 'callbacks') : undefined;
  if (!f) return {};
  const reduce = f.get('reduceLROnPlateau');
  const early = f.get('earlyStopping');
  return {
    ...(reduce ? { reduceLROnPlateau: readReduceLROnPlateau(reader, reduce) } : {}),
    ...(early ? { earlyStopping: readEarlyStopping(reader, early) } : {}),
  };
}
