import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIVATIONS,
  BACKENDS,
  DECIMAL_MARKS,
  ENGINES,
  LOSSES,
  METRICS,
  MONITOR_MODES,
  MONITORS,
  NORMALIZE_MODES,
  OPTIMIZERS,
  REQUIRED_FIELDS,
  SAMPLES,
  SPEC_DEFAULTS,
  SPEC_FIELDS,
  applySpecEdits,
  parseSpec,
  type SpecObjectKind,
} from '../../../src/shared/spec/index';
import type { SpecEdit } from '../../../src/shared/findings';
import { loadSchema, readRepoFile, schemaValidator } from './helpers';

type Json = Record<string, unknown>;

const schema = loadSchema();
const definitions = schema.definitions as Record<string, Json>;
const kinds = Object.keys(SPEC_FIELDS) as SpecObjectKind[];

/** The schema object for a parser object kind: the root for `spec`, else the definition of the same name. */
function schemaFor(kind: SpecObjectKind): Json {
  return kind === 'spec' ? schema : definitions[kind];
}

/** A property schema with a `$ref` followed (one level is all the schema uses). */
function deref(prop: Json): Json {
  const ref = prop.$ref;
  return typeof ref === 'string' ? definitions[ref.replace('#/definitions/', '')] : prop;
}

function props(kind: SpecObjectKind): Record<string, Json> {
  return schemaFor(kind).properties as Record<string, Json>;
}

test('every parser object kind is a closed schema object with exactly the same fields and required ones', () => {
  for (const kind of kinds) {
    const s = schemaFor(kind);
    assert.ok(s, `schema has no definition for ${kind}`);
    assert.equal(s.type, 'object', kind);
    assert.equal(s.additionalProperties, false, kind);
    assert.deepEqual(Object.keys(props(kind)).sort(), [...SPEC_FIELDS[kind]].sort(), `fields of ${kind}`);
    assert.deepEqual([...((s.required as string[] | undefined) ?? [])].sort(), [...(REQUIRED_FIELDS[kind] ?? [])].sort(), `required of ${kind}`);
  }
});

test('every object in the schema is one the parser knows (walking the whole schema)', () => {
  const seen: string[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
    else if (typeof node === 'object' && node !== null) {
      const o = node as Json;
      if (o.properties && where !== 'root') seen.push(where);
      for (const [k, v] of Object.entries(o)) if (k !== 'defaultSnippets') walk(v, `${where}.${k}`);
    }
  };
  walk(definitions, 'definitions');
  const kindsWithDefinitions = seen.map((w) => w.replace(/^definitions\./, ''));
  assert.deepEqual(kindsWithDefinitions.sort(), kinds.filter((k) => k !== 'spec').sort());
  assert.equal(Object.keys(schema).includes('properties'), true);
});

test('every default in the schema is the parser default, and every parser default is in the schema', () => {
  for (const kind of kinds) {
    const defaults = (SPEC_DEFAULTS as Record<string, Json | undefined>)[kind] ?? {};
    for (const [field, prop] of Object.entries(props(kind))) {
      const d = deref(prop).default ?? prop.default;
      assert.deepEqual(d, defaults[field], `default of ${kind}.${field}`);
    }
    for (const field of Object.keys(defaults)) assert.ok(field in props(kind), `${kind}.${field} has a default but no schema property`);
  }
});

test('every enum in the schema is the parser vocabulary', () => {
  const e = (kind: SpecObjectKind, field: string): unknown => deref(props(kind)[field]).enum;
  assert.deepEqual(e('denseLayer', 'activation'), ACTIVATIONS);
  assert.deepEqual(e('compile', 'loss'), LOSSES);
  assert.deepEqual((props('compile').metrics.items as Json).enum, METRICS);
  assert.deepEqual(e('reduceLROnPlateau', 'monitor'), MONITORS);
  assert.deepEqual(e('earlyStopping', 'mode'), MONITOR_MODES);
  assert.deepEqual(e('fileData', 'normalize'), NORMALIZE_MODES);
  assert.deepEqual(e('fileData', 'decimal'), DECIMAL_MARKS);
  assert.deepEqual(e('sampleData', 'sample'), SAMPLES);
  assert.deepEqual(e('spec', 'backend'), BACKENDS);
  assert.deepEqual(e('spec', 'engine'), ENGINES);
  const optimizerChoices = props('compile').optimizer.oneOf as Json[];
  assert.deepEqual(optimizerChoices[0].enum, OPTIMIZERS);
  assert.deepEqual(
    optimizerChoices.slice(1).map((c) => deref(c).properties && (deref(c).properties as Record<string, Json>).type.const),
    OPTIMIZERS,
  );
  const layerChoices = (props('model').layers.items as Json).oneOf as Json[];
  assert.deepEqual(
    layerChoices.map((c) => (deref(c).properties as Record<string, Json>).type.const),
    ['dense', 'dropout'],
  );
});

test('every schema property has a description for hover text', () => {
  for (const kind of kinds) {
    assert.ok(typeof schemaFor(kind).description === 'string', kind);
    for (const [field, prop] of Object.entries(props(kind))) {
      assert.ok(typeof (prop.description ?? deref(prop).description) === 'string', `${kind}.${field} has no description`);
    }
  }
});

const FULL = readRepoFile('test/fixtures/specs/full.fitwatch.json');
const validate = schemaValidator();

test('a spec using every field is valid for both the schema and the parser', () => {
  assert.deepEqual(validate(FULL), []);
  assert.deepEqual(parseSpec(FULL, 'full.fitwatch.json').problems, []);
});

/** The object paths of FULL, each with its kind, plus the variants FULL does not hold. */
const OBJECTS: [string, SpecEdit[], (string | number)[]][] = [
  ['spec', [], []],
  ['fileData', [], ['data']],
  ['model', [], ['model']],
  ['denseLayer', [], ['model', 'layers', 0]],
  ['regularizer', [], ['model', 'layers', 0, 'kernelRegularizer']],
  ['dropoutLayer', [], ['model', 'layers', 1]],
  ['compile', [], ['compile']],
  ['rmsprop', [], ['compile', 'optimizer']],
  ['adam', [{ path: ['compile', 'optimizer'], value: { type: 'adam', learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-8 } }], ['compile', 'optimizer']],
  ['sgd', [{ path: ['compile', 'optimizer'], value: { type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true } }], ['compile', 'optimizer']],
  ['sampleData', [{ path: ['data'], value: { sample: 'seed', rows: 100, features: 8, seed: 3, normalize: 'standard' } }], ['data']],
  ['fit', [], ['fit']],
  ['callbacks', [], ['callbacks']],
  ['reduceLROnPlateau', [], ['callbacks', 'reduceLROnPlateau']],
  ['earlyStopping', [], ['callbacks', 'earlyStopping']],
];

test('the variants (adam, sgd, sample data, npy labels) are valid for both', () => {
  const variants = [...OBJECTS.map(([, edits]) => edits), [{ path: ['data'], value: { path: 'arrays/X.npy', labelsPath: 'arrays/y.npy' } }]];
  for (const edits of variants) {
    const text = applySpecEdits(FULL, edits);
    assert.deepEqual(validate(text), [], JSON.stringify(edits));
    assert.deepEqual(parseSpec(text, 'v').problems, [], JSON.stringify(edits));
  }
  assert.deepEqual(OBJECTS.map(([k]) => k).sort(), [...kinds].sort(), 'every object kind is exercised');
});

test('an unknown field is rejected by both, in every object', () => {
  for (const [kind, edits, at] of OBJECTS) {
    const text = applySpecEdits(FULL, [...edits, { path: [...at, 'zzExtra'], value: 1 }]);
    assert.notDeepEqual(validate(text), [], `schema accepts an unknown field in ${kind}`);
    assert.equal(parseSpec(text, 'u').problems.filter((p) => p.code === 'spec/unknown-field').length, 1, kind);
  }
});

test('every bound, type and enum rule the parser enforces, the schema enforces too', () => {
  const bad: SpecEdit[] = [
    { path: ['model', 'layers', 0, 'units'], value: 0 },
    { path: ['model', 'layers', 0, 'units'], value: 2.5 },
    { path: ['model', 'layers', 0, 'activation'], value: 'relu6' },
    { path: ['model', 'layers', 0, 'useBias'], value: 'yes' },
    { path: ['model', 'layers', 0, 'kernelRegularizer', 'l2'], value: -1 },
    { path: ['model', 'layers', 1, 'rate'], value: 1 },
    { path: ['model', 'layers'], value: [] },
    { path: ['compile', 'loss'], value: 'binary_crossentropy' },
    { path: ['compile', 'optimizer'], value: 'nadam' },
    { path: ['compile', 'optimizer', 'learningRate'], value: 0 },
    { path: ['compile', 'optimizer', 'rho'], value: 1 },
    { path: ['compile', 'optimizer', 'epsilon'], value: 0 },
    { path: ['compile', 'metrics', 0], value: 'acc' },
    { path: ['fit', 'epochs'], value: 0 },
    { path: ['fit', 'batchSize'], value: 0 },
    { path: ['fit', 'validationSplit'], value: 1 },
    { path: ['fit', 'validationSplit'], value: -0.1 },
    { path: ['fit', 'shuffle'], value: 'true' },
    { path: ['fit', 'seed'], value: -1 },
    { path: ['callbacks', 'reduceLROnPlateau', 'factor'], value: 1 },
    { path: ['callbacks', 'reduceLROnPlateau', 'factor'], value: 0 },
    { path: ['callbacks', 'reduceLROnPlateau', 'patience'], value: 1.5 },
    { path: ['callbacks', 'reduceLROnPlateau', 'monitor'], value: 'val_accuracy' },
    { path: ['callbacks', 'earlyStopping', 'mode'], value: 'maximum' },
    { path: ['callbacks', 'earlyStopping', 'baseline'], value: 'none' },
    { path: ['callbacks', 'earlyStopping', 'startFromEpoch'], value: -1 },
    { path: ['data', 'path'], value: '/abs/train.csv' },
    { path: ['data', 'path'], value: 'C:\\data\\train.csv' },
    { path: ['data', 'path'], value: '' },
    { path: ['data', 'header'], value: 'yes' },
    { path: ['data', 'featureColumns'], value: [] },
    { path: ['data', 'labelColumn'], value: 1.5 },
    { path: ['data', 'normalize'], value: 'zscore' },
    { path: ['data', 'decimal'], value: ';' },
    { path: ['data', 'decimal'], value: 1 },
    { path: ['backend'], value: 'webgl' },
    { path: ['engine'], value: 'turbo' },
    { path: ['name'], value: 3 },
    { path: ['data'], value: { sample: 'seed', rows: 1 } },
    { path: ['data'], value: { sample: 'iris' } },
    { path: ['data'], value: { sample: 'seed', path: 'x.csv' } },
    { path: ['model', 'layers', 0, 'type'], value: 'conv2d' },
    { path: ['compile', 'optimizer', 'type'], value: undefined },
    { path: ['compile', 'loss'], value: undefined },
    { path: ['data'], value: undefined },
  ];
  for (const edit of bad) {
    const text = applySpecEdits(FULL, [edit]);
    assert.notDeepEqual(validate(text), [], `schema accepts ${JSON.stringify(edit)}`);
    assert.equal(parseSpec(text, 'b').spec, undefined, `parser accepts ${JSON.stringify(edit)}`);
  }
});
