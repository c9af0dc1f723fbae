/** `model.layers`: a Sequential stack of dense and dropout layers; the input size comes from the data. */
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { Activation, DenseLayerSpec, LayerSpec, RegularizerSpec } from '../spec';
import type { JsonPath } from '../location';
import { SPEC_DEFAULTS } from './defaults';
import type { SpecReader } from './reader';
import { ACTIVATIONS, LAYER_TYPES } from './vocabulary';

/** Keras class names users may type, mapped to layer types. */
const LAYER_TYPE_ALIASES: Readonly<Record<string, string>> = { Dense: 'dense', Dropout: 'dropout' };

/** `kernelRegularizer`: `{ l1?, l2? }`, both ≥ 0. */
function readRegularizer(reader: SpecReader, node: Node, path: JsonPath): RegularizerSpec {
  const d = SPEC_DEFAULTS.regularizer;
  const f = reader.object(node, path, 'regularizer');
  if (!f) return { l1: d.l1, l2: d.l2 };
  const rule = { min: 0, example: '0.001', why: 'A penalty weight cannot be negative.' };
  return { l1: f.number('l1', rule, d.l1), l2: f.number('l2', rule, d.l2) };
}

/** One layer, dispatched on its `type`; undefined when the type is missing or unknown (already reported). */
function readLayer(reader: SpecReader, node: Node, path: JsonPath): LayerSpec | undefined {
  if (node.type !== 'object') {
    reader.wrongType(node, path, 'a layer object', '{ "type": "dense", "units": 16, "activation": "relu" }');
    return undefined;
  }
  const typeNode = findNodeAtLocation(node, ['type']);
  if (!typeNode) {
    reader.error(
      'spec/missing-field',
      { offset: node.offset, length: 1 },
      [...path, 'type'],
      `Layer ${String(path[path.length - 1])} has no 'type'.`,
      `Add "type": "dense" or "type": "dropout".`,
    );
    return undefined;
  }
  const before = reader.problems.length;
  const type = reader.choice(typeNode, [...path, 'type'], LAYER_TYPES, LAYER_TYPE_ALIASES);
  if (reader.problems.length > before) return undefined;
  if (type === 'dropout') {
    const f = reader.object(node, path, 'dropoutLayer');
    const rate = f?.number('rate', { min: 0, max: 1, maxExclusive: true, example: '0.2', why: 'It is the fraction of inputs dropped while training.' });
    return { type: 'dropout', rate: rate ?? NaN };
  }
  const d = SPEC_DEFAULTS.denseLayer;
  const f = reader.object(node, path, 'denseLayer');
  if (!f) return undefined;
  const regNode = f.get('kernelRegularizer');
  const dense: DenseLayerSpec = {
    type: 'dense',
    units: f.number('units', { integer: true, min: 1, example: '16' }),
    activation: f.choice<Activation>('activation', ACTIVATIONS, d.activation),
    useBias: f.boolean('useBias', d.useBias),
  };
  if (regNode) dense.kernelRegularizer = readRegularizer(reader, regNode, f.at('kernelRegularizer'));
  return dense;
}

/** Reads `model` (the node at `['model']`) and checks the stack can be trained. */
export function readModel(reader: SpecReader, node: Node): { layers: LayerSpec[] } {
  const f = reader.object(node, ['model'], 'model');
  const layersNode = f?.get('layers');
  if (!f || !layersNode) return { layers: [] };
  const path = f.at('layers');
  if (layersNode.type !== 'array') {
    reader.wrongType(layersNode, path, 'an array of layers', '[{ "type": "dense", "units": 1, "activation": "sigmoid" }]');
    return { layers: [] };
  }
  const items = layersNode.children ?? [];
  if (items.length === 0) {
    reader.error(
      'spec/no-layers',
      layersNode,
      path,
      'model.layers is empty: there is nothing to train.',
      'Add at least one dense layer, e.g. { "type": "dense", "units": 1, "activation": "sigmoid" } for a binary label.',
    );
    return { layers: [] };
  }
  const read = items.map((item, i) => readLayer(reader, item, [...path, i]));
  const layers = read.filter((l): l is LayerSpec => l !== undefined);
  if (layers.length < read.length) return { layers };
  if (!layers.some((l) => l.type === 'dense')) {
    reader.error(
      'spec/no-dense-layer',
      layersNode,
      path,
      'model.layers has no dense layer, so the model has no weights to learn.',
      'Add a dense layer, e.g. { "type": "dense", "units": 1, "activation": "sigmoid" } as the output.',
    );
  } else if (layers[layers.length - 1].type !== 'dense') {
    const last = items.length - 1;
    reader.error(
      'spec/last-layer-not-dense',
      items[last],
      [...path, last],
      `The last layer (model.layers[${last}]) is a ${layers[last].type} layer; the output must be a dense layer.`,
      'Move it before the output layer, or add a dense output layer after it.',
    );
  }
  return { layers };
}
