/**
 * Where a change lands in the user's file. The coach sees the resolved spec, but the file may
 * spell things more briefly (`"optimizer": "adam"`), so edits that would dig into a value that
 * is not an object in the file replace the whole value instead.
 */
import type { JsonPath } from '../shared/location';
import type { FitwatchSpec } from '../shared/spec';
import type { SpecEdit } from '../shared/findings';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` in parsed JSON, or undefined. */
export function valueAt(raw: unknown, path: JsonPath): unknown {
  let node: unknown = raw;
  for (const seg of path) {
    if (typeof seg === 'number') node = Array.isArray(node) ? node[seg] : undefined;
    else node = isRecord(node) ? node[seg] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Whether the file spells the optimizer as an object we can edit one field of. */
function optimizerIsObject(raw: unknown): boolean {
  return isRecord(valueAt(raw, ['compile', 'optimizer']));
}

/** The path a diagnostic about the learning rate should point at. */
export function learningRatePath(raw: unknown): JsonPath {
  return raw !== undefined && !optimizerIsObject(raw) ? ['compile', 'optimizer'] : ['compile', 'optimizer', 'learningRate'];
}

/**
 * The edit that sets the learning rate. With the file's JSON and an object optimizer: one field.
 * With a bare string: the object `{ type, learningRate }`. Without the file: the whole resolved
 * optimizer, so no other setting (beta1, momentum, …) is lost.
 */
export function learningRateEdit(spec: FitwatchSpec, raw: unknown, learningRate: number): SpecEdit {
  if (raw !== undefined && optimizerIsObject(raw)) return { path: ['compile', 'optimizer', 'learningRate'], value: learningRate };
  if (raw !== undefined) return { path: ['compile', 'optimizer'], value: { type: spec.compile.optimizer.type, learningRate } };
  return { path: ['compile', 'optimizer'], value: { ...spec.compile.optimizer, learningRate } };
}

/** Indices (in `model.layers`) of the dense layers before the output layer. */
export function hiddenDenseIndices(spec: FitwatchSpec): number[] {
  const dense = spec.model.layers.flatMap((l, i) => (l.type === 'dense' ? [i] : []));
  return dense.slice(0, -1);
}

/** Index of the output (last dense) layer, or -1. */
export function outputLayerIndex(spec: FitwatchSpec): number {
  for (let i = spec.model.layers.length - 1; i >= 0; i--) if (spec.model.layers[i].type === 'dense') return i;
  return -1;
}
