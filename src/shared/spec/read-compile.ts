/** `compile`: loss, optimizer (a name or an object with its hyper-parameters) and metrics. */
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { LossName, MetricName, OptimizerSpec } from '../spec';
import type { JsonPath } from '../location';
import { SPEC_DEFAULTS } from './defaults';
import type { NumberRule, SpecReader } from './reader';
import { LOSS_ALIASES, LOSSES, METRIC_ALIASES, METRICS, OPTIMIZERS } from './vocabulary';

/** Keras class names users may type for an optimizer. */
const OPTIMIZER_ALIASES: Readonly<Record<string, string>> = { Adam: 'adam', SGD: 'sgd', RMSprop: 'rmsprop' };

const LEARNING_RATE: NumberRule = { min: 0, minExclusive: true, example: '0.001', why: 'The learning rate scales every step; it must be positive.' };
const DECAY: NumberRule = { min: 0, max: 1, maxExclusive: true, example: '0.9', why: 'It is a moving-average factor in [0, 1).' };
const EPSILON: NumberRule = { min: 0, minExclusive: true, example: '1e-7', why: 'It keeps a division away from zero, so it must be positive.' };
const MOMENTUM: NumberRule = { min: 0, max: 1, example: '0.9' };

/** An optimizer with every Keras default filled in, from its name. */
export function defaultOptimizer(type: (typeof OPTIMIZERS)[number]): OptimizerSpec {
  switch (type) {
    case 'adam':
      return { type, ...SPEC_DEFAULTS.adam };
    case 'sgd':
      return { type, ...SPEC_DEFAULTS.sgd };
    case 'rmsprop':
      return { type, ...SPEC_DEFAULTS.rmsprop };
  }
}

/** `compile.optimizer`: `"adam"` or `{ "type": "adam", "learningRate": 0.01, … }`. */
function readOptimizer(reader: SpecReader, node: Node, path: JsonPath): OptimizerSpec {
  if (node.type === 'string') return defaultOptimizer(reader.choice(node, path, OPTIMIZERS, OPTIMIZER_ALIASES));
  if (node.type !== 'object') {
    reader.wrongType(node, path, 'an optimizer name or object', '{ "type": "adam", "learningRate": 0.001 }');
    return defaultOptimizer('adam');
  }
  const typeNode = findNodeAtLocation(node, ['type']);
  if (!typeNode) {
    reader.error(
      'spec/missing-field',
      reader.anchor(node),
      [...path, 'type'],
      `${path.join('.')} has no 'type'.`,
      `Add "type": one of ${OPTIMIZERS.map((o) => `"${o}"`).join(', ')}.`,
    );
    return defaultOptimizer('adam');
  }
  const before = reader.problems.length;
  const type = reader.choice(typeNode, [...path, 'type'], OPTIMIZERS, OPTIMIZER_ALIASES);
  if (reader.problems.length > before) return defaultOptimizer(type);
  switch (type) {
    case 'adam': {
      const d = SPEC_DEFAULTS.adam;
      const f = reader.object(node, path, 'adam');
      if (!f) return defaultOptimizer(type);
      return {
        type,
        learningRate: f.number('learningRate', LEARNING_RATE, d.learningRate),
        beta1: f.number('beta1', DECAY, d.beta1),
        beta2: f.number('beta2', { ...DECAY, example: '0.999' }, d.beta2),
        epsilon: f.number('epsilon', EPSILON, d.epsilon),
      };
    }
    case 'sgd': {
      const d = SPEC_DEFAULTS.sgd;
      const f = reader.object(node, path, 'sgd');
      if (!f) return defaultOptimizer(type);
      return {
        type,
        learningRate: f.number('learningRate', { ...LEARNING_RATE, example: '0.01' }, d.learningRate),
        momentum: f.number('momentum', MOMENTUM, d.momentum),
        nesterov: f.boolean('nesterov', d.nesterov),
      };
    }
    case 'rmsprop': {
      const d = SPEC_DEFAULTS.rmsprop;
      const f = reader.object(node, path, 'rmsprop');
      if (!f) return defaultOptimizer(type);
      return {
        type,
        learningRate: f.number('learningRate', LEARNING_RATE, d.learningRate),
        rho: f.number('rho', DECAY, d.rho),
        momentum: f.number('momentum', MOMENTUM, d.momentum),
        epsilon: f.number('epsilon', EPSILON, d.epsilon),
      };
    }
  }
}

/** `compile.metrics`: a list of metric names; duplicates are dropped. */
function readMetrics(reader: SpecReader, node: Node, path: JsonPath): MetricName[] {
  if (node.type !== 'array') {
    reader.wrongType(node, path, 'an array of metric names', '["accuracy"]');
    return [];
  }
  const metrics = (node.children ?? []).map((item, i) => reader.choice(item, [...path, i], METRICS, METRIC_ALIASES));
  return [...new Set(metrics)];
}

/** Reads `compile` (the node at `['compile']`). */
export function readCompile(reader: SpecReader, node: Node): { loss: LossName; optimizer: OptimizerSpec; metrics: MetricName[] } {
  const f = reader.object(node, ['compile'], 'compile');
  if (!f) return { loss: LOSSES[0], optimizer: defaultOptimizer('rmsprop'), metrics: [] };
  const optimizerNode = f.get('optimizer');
  const metricsNode = f.get('metrics');
  return {
    loss: f.choice<LossName>('loss', LOSSES, LOSSES[0], LOSS_ALIASES),
    optimizer: optimizerNode ? readOptimizer(reader, optimizerNode, f.at('optimizer')) : defaultOptimizer(SPEC_DEFAULTS.compile.optimizer),
    metrics: metricsNode ? readMetrics(reader, metricsNode, f.at('metrics')) : [],
  };
}
