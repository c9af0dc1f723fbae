/**
 * `data`: a workspace file or the embedded sample. A file `path` is relative to the folder
 * that contains the spec file (no absolute paths, so a spec shared in a repository works on
 * every machine). `..` is fine here: whether the path stays inside the workspace depends on
 * where the workspace is, so the loader checks that (by real path) when it opens the file.
 */
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { ColumnRef, DataSpec, DecimalMark, NormalizeMode } from '../spec';
import type { JsonPath } from '../location';
import { SPEC_DEFAULTS } from './defaults';
import type { FieldSet, SpecReader } from './reader';
import { DECIMAL_MARKS, NORMALIZE_MODES, SAMPLES } from './vocabulary';

/** True for `/x`, `\x`, `C:\x`, `C:/x` and `~/x`: paths that do not resolve against the spec's folder. */
export function isAbsolutePath(p: string): boolean {
  return /^([/\\~]|[A-Za-z]:)/.test(p);
}

/** True if any segment of `p` is `..` (it may still stay inside the workspace: the loader decides). */
export function climbsOut(p: string): boolean {
  return p.split(/[/\\]/).includes('..');
}

/** Reads a data file path, reporting absolute ones (they would not resolve against the spec's folder). */
function readPath(reader: SpecReader, f: FieldSet<'fileData'>, name: 'path' | 'labelsPath'): string {
  const node = f.get(name);
  if (!node) return '';
  const value = reader.string(node, f.at(name), '"data/train.csv"');
  if (node.type !== 'string') return value;
  if (value.trim() === '') {
    reader.error(
      'spec/wrong-type',
      node,
      f.at(name),
      `data.${name} is empty.`,
      'Write the file path relative to the folder of this spec, e.g. "data/train.csv".',
    );
  } else if (isAbsolutePath(value)) {
    reader.error(
      'spec/absolute-path',
      node,
      f.at(name),
      `data.${name} "${value}" is an absolute path; it must be relative to the folder that contains this spec (and stay inside the workspace).`,
      'Write the path relative to this spec\'s folder, e.g. "data/train.csv" or "../data/train.csv"; copy the file into the workspace if it lives elsewhere.',
    );
  }
  return value;
}

/** A column given by header name or 0-based index (negative counts from the end). */
function readColumn(reader: SpecReader, node: Node, path: JsonPath): ColumnRef {
  if (node.type === 'string' && typeof node.value === 'string') return node.value;
  if (node.type !== 'number') {
    reader.wrongType(node, path, 'a column name or an integer index', '"label" or -1 (the last column)');
    return -1;
  }
  return reader.number(node, path, { integer: true, example: '"label" or -1 (the last column)' });
}

/** `data.featureColumns`: a non-empty list of column names or indices. */
function readFeatureColumns(reader: SpecReader, node: Node, path: JsonPath): ColumnRef[] {
  if (node.type !== 'array') {
    reader.wrongType(node, path, 'an array of column names or indices', '["age", "income"]');
    return [];
  }
  const items = node.children ?? [];
  if (items.length === 0) {
    reader.error(
      'spec/out-of-range',
      node,
      path,
      'data.featureColumns is empty.',
      'List at least one column, or remove featureColumns to use every column except the label.',
    );
  }
  return items.map((item, i) => readColumn(reader, item, [...path, i]));
}

/** `data.header`: `"auto"`, true or false. */
function readHeader(reader: SpecReader, node: Node, path: JsonPath): 'auto' | boolean {
  if (node.type === 'boolean' && typeof node.value === 'boolean') return node.value;
  if (node.type === 'string' && node.value === 'auto') return 'auto';
  reader.wrongType(node, path, '"auto", true or false', '"auto"');
  return 'auto';
}

/** Reads `data` (the node at path `['data']`). */
export function readData(reader: SpecReader, node: Node): DataSpec {
  const path: JsonPath = ['data'];
  const isSample = node.type === 'object' && findNodeAtLocation(node, ['sample']) !== undefined;
  if (isSample) {
    const d = SPEC_DEFAULTS.sampleData;
    const f = reader.object(node, path, 'sampleData');
    if (!f) return { kind: 'sample', sample: 'seed', rows: d.rows, features: d.features, seed: d.seed, normalize: d.normalize };
    return {
      kind: 'sample',
      sample: f.choice('sample', SAMPLES, 'seed'),
      rows: f.number('rows', { integer: true, min: 2, example: '50000', why: 'Training and validation need at least one row each.' }, d.rows),
      features: f.number('features', { integer: true, min: 1, example: '64' }, d.features),
      seed: f.number('seed', { integer: true, min: 0, example: '1' }, d.seed),
      normalize: f.choice<NormalizeMode>('normalize', NORMALIZE_MODES, d.normalize),
    };
  }
  const d = SPEC_DEFAULTS.fileData;
  const f = reader.object(node, path, 'fileData');
  if (!f) return { kind: 'file', path: '', labelColumn: d.labelColumn, header: d.header, normalize: d.normalize };
  const filePath = readPath(reader, f, 'path');
  const labelsNode = f.get('labelsPath');
  const labelsPath = labelsNode ? readPath(reader, f, 'labelsPath') : undefined;
  if (labelsNode && labelsNode.type === 'string' && filePath && !/\.npy$/i.test(filePath)) {
    reader.error(
      'spec/labels-path-not-npy',
      labelsNode,
      f.at('labelsPath'),
      `data.labelsPath is only used with a .npy features file, but data.path is "${filePath}".`,
      'Remove labelsPath and name the label with labelColumn, or point path at the X .npy file.',
    );
  }
  const labelNode = f.get('labelColumn');
  const featuresNode = f.get('featureColumns');
  const headerNode = f.get('header');
  return {
    kind: 'file',
    path: filePath,
    ...(labelsPath !== undefined ? { labelsPath } : {}),
    labelColumn: labelNode ? readColumn(reader, labelNode, f.at('labelColumn')) : d.labelColumn,
    ...(featuresNode ? { featureColumns: readFeatureColumns(reader, featuresNode, f.at('featureColumns')) } : {}),
    header: headerNode ? readHeader(reader, headerNode, f.at('header')) : d.header,
    normalize: f.choice<NormalizeMode>('normalize', NORMALIZE_MODES, d.normalize),
    ...(f.get('decimal') ? { decimal: f.choice<DecimalMark>('decimal', DECIMAL_MARKS, d.decimal) } : {}),
    // Optional switches (default off) stay absent unless written, so a resolved spec only names what the file asks for.
    ...(f.get('shuffleBeforeSplit') ? { shuffleBeforeSplit: f.boolean('shuffleBeforeSplit', d.shuffleBeforeSplit) } : {}),
    ...(f.get('standardizeTarget') ? { standardizeTarget: f.boolean('standardizeTarget', d.standardizeTarget) } : {}),
  };
}
