/**
 * The spec snapshot saved in every run folder (`spec.fitwatch.json`): the resolved spec written
 * back in the spec file's own vocabulary, so Fitwatch's parser reads it back to the same
 * `FitwatchSpec` (the resolved form carries internal fields such as `data.kind` that a spec
 * file may not). Every default is spelt out, so the run is reproducible even if defaults change.
 * `data.path` stays as written: relative to the folder of the spec the run came from (run.json's
 * `specPath`; the workspace root for a run without a spec file).
 */
import type { DataSpec, FitwatchSpec } from '../spec';

/** The `data` object as a spec file spells it. */
function dataOf(data: DataSpec): Record<string, unknown> {
  if (data.kind === 'sample') {
    const { sample, rows, features, seed, normalize } = data;
    return { sample, rows, features, seed, normalize };
  }
  const out: Record<string, unknown> = { path: data.path };
  if (data.labelsPath !== undefined) out.labelsPath = data.labelsPath;
  out.labelColumn = data.labelColumn;
  if (data.featureColumns !== undefined) out.featureColumns = data.featureColumns;
  out.header = data.header;
  out.normalize = data.normalize;
  return out;
}

/** The spec as a `*.fitwatch.json` object. */
export function specSnapshot(spec: FitwatchSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (spec.name !== undefined) out.name = spec.name;
  out.data = dataOf(spec.data);
  out.model = { layers: spec.model.layers.map((l) => ({ ...l })) };
  out.compile = { loss: spec.compile.loss, optimizer: { ...spec.compile.optimizer }, metrics: [...spec.compile.metrics] };
  out.fit = { ...spec.fit };
  const callbacks: Record<string, unknown> = {};
  if (spec.callbacks.reduceLROnPlateau) callbacks.reduceLROnPlateau = { ...spec.callbacks.reduceLROnPlateau };
  if (spec.callbacks.earlyStopping) callbacks.earlyStopping = { ...spec.callbacks.earlyStopping };
  out.callbacks = callbacks;
  out.backend = spec.backend;
  out.engine = spec.engine;
  return out;
}

/** `specSnapshot` as file text (two-space JSON, a final newline). */
export function specSnapshotText(spec: FitwatchSpec): string {
  return `${JSON.stringify(specSnapshot(spec), null, 2)}\n`;
}
