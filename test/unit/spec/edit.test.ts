import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { FitwatchError } from '../../../src/shared/location';
import { applySpecEdits, parseSpec, specEditRanges } from '../../../src/shared/spec/index';

const SPEC = `// seed
{
  "data": { "sample": "seed" },
  "model": {
    "layers": [
      // hidden
      { "type": "dense", "units": 16, "activation": "relu" },
      // output
      { "type": "dense", "units": 1, "activation": "sigmoid" }
    ]
  },
  "compile": {
    "loss": "binaryCrossentropy",
    "optimizer": { "type": "adam", "learningRate": 0.01 },  // Adam(lr=0.01)
    "metrics": ["accuracy"]
  },
  "fit": {
    "epochs": 1000,         // epochs=1000
    "validationSplit": 0.2, // validation_split=0.2
    "seed": 1               // repeatable
  }
}
`;

/** SPEC with `from` replaced by `to` (throws if absent, so expectations cannot drift silently). */
function expected(from: string, to: string, text = SPEC): string {
  assert.ok(text.includes(from), `test setup: ${from}`);
  return text.replace(from, to);
}

test('appending a layer puts it on its own line, indented like its siblings', () => {
  const out = applySpecEdits(SPEC, [{ path: ['model', 'layers', -1], value: { type: 'dropout', rate: 0.2 } }]);
  assert.equal(
    out,
    expected(
      '{ "type": "dense", "units": 1, "activation": "sigmoid" }\n',
      '{ "type": "dense", "units": 1, "activation": "sigmoid" },\n      { "type": "dropout", "rate": 0.2 }\n',
    ),
  );
});

test('inserting at an index goes before that layer and its comment line', () => {
  const out = applySpecEdits(SPEC, [{ path: ['model', 'layers', 1], value: { type: 'dropout', rate: 0.5 }, insert: true }]);
  assert.equal(
    out,
    expected('"activation": "relu" },\n      // output', '"activation": "relu" },\n      { "type": "dropout", "rate": 0.5 },\n      // output'),
  );
});

test('inserting at index 0 goes right after the opening bracket, above the first comment', () => {
  const out = applySpecEdits(SPEC, [{ path: ['model', 'layers', 0], value: { type: 'dropout', rate: 0.1 }, insert: true }]);
  assert.equal(out, expected('"layers": [\n', '"layers": [\n      { "type": "dropout", "rate": 0.1 },\n'));
});

test('setting an existing index without insert replaces that layer in place', () => {
  const out = applySpecEdits(SPEC, [{ path: ['model', 'layers', 0], value: { type: 'dense', units: 64, activation: 'relu' } }]);
  assert.equal(out, expected('"units": 16,', '"units": 64,'));
});

test('setting a value keeps the comment after it', () => {
  const out = applySpecEdits(SPEC, [{ path: ['compile', 'optimizer', 'learningRate'], value: 0.001 }]);
  assert.equal(out, expected('"learningRate": 0.01 },  // Adam(lr=0.01)', '"learningRate": 0.001 },  // Adam(lr=0.01)'));
});

test('adding a missing section creates it after the last one, nested values spread over lines', () => {
  const out = applySpecEdits(SPEC, [{ path: ['callbacks', 'reduceLROnPlateau'], value: { factor: 0.5, patience: 5, minDelta: 0.0001 } }]);
  assert.equal(
    out,
    expected(
      '    "seed": 1               // repeatable\n  }\n}',
      '    "seed": 1               // repeatable\n  },\n  "callbacks": {\n    "reduceLROnPlateau": { "factor": 0.5, "patience": 5, "minDelta": 0.0001 }\n  }\n}',
    ),
  );
  assert.deepEqual(parseSpec(out, 's').spec?.callbacks.reduceLROnPlateau?.factor, 0.5);
});

test('adding a field after a commented last field puts the comma after the value and keeps the comment on its line', () => {
  const out = applySpecEdits(SPEC, [{ path: ['fit', 'batchSize'], value: 200 }]);
  assert.equal(out, expected('"seed": 1               // repeatable\n', '"seed": 1,               // repeatable\n    "batchSize": 200\n'));
});

test('removing the last field takes its line and comment, and drops the comma before it', () => {
  const out = applySpecEdits(SPEC, [{ path: ['fit', 'seed'], value: undefined }]);
  assert.equal(
    out,
    expected(
      '"validationSplit": 0.2, // validation_split=0.2\n    "seed": 1               // repeatable\n',
      '"validationSplit": 0.2 // validation_split=0.2\n',
    ),
  );
});

test('removing a middle field takes just its line', () => {
  const out = applySpecEdits(SPEC, [{ path: ['fit', 'validationSplit'], value: undefined }]);
  assert.equal(out, expected('    "validationSplit": 0.2, // validation_split=0.2\n', ''));
});

test('removing something absent changes nothing', () => {
  assert.equal(applySpecEdits(SPEC, [{ path: ['callbacks', 'earlyStopping'], value: undefined }]), SPEC);
  assert.deepEqual(specEditRanges(SPEC, [{ path: ['callbacks'], value: undefined }]), []);
});

test('a field inside a bare optimizer name turns it into an object first', () => {
  const text = expected('{ "type": "adam", "learningRate": 0.01 }', '"adam"');
  const out = applySpecEdits(text, [{ path: ['compile', 'optimizer', 'learningRate'], value: 0.003 }]);
  assert.equal(out, expected('"learningRate": 0.01 }', '"learningRate": 0.003 }'));
});

test('an inline list gets the new item inline', () => {
  const out = applySpecEdits(SPEC, [{ path: ['compile', 'metrics', -1], value: 'mae' }]);
  assert.equal(out, expected('["accuracy"]', '["accuracy", "mae"]'));
});

test('tabs, CRLF and trailing commas are kept', () => {
  const text = '{\r\n\t"data": { "sample": "seed" },\r\n\t"model": {\r\n\t\t"layers": [\r\n\t\t\t{ "type": "dense", "units": 1 },\r\n\t\t],\r\n\t},\r\n}\r\n';
  const out = applySpecEdits(text, [
    { path: ['model', 'layers', 0], value: { type: 'dense', units: 8, activation: 'relu' }, insert: true },
    { path: ['compile'], value: { loss: 'meanSquaredError', optimizer: 'sgd' } },
  ]);
  assert.equal(
    out,
    '{\r\n\t"data": { "sample": "seed" },\r\n\t"model": {\r\n\t\t"layers": [\r\n\t\t\t{ "type": "dense", "units": 8, "activation": "relu" },\r\n\t\t\t{ "type": "dense", "units": 1 },\r\n\t\t],\r\n\t},\r\n\t"compile": { "loss": "meanSquaredError", "optimizer": "sgd" },\r\n}\r\n',
  );
});

test('an empty container is filled by jsonc-parser with the file indentation', () => {
  const text = expected('"data": { "sample": "seed" },', '"data": { "sample": "seed" },\n  "callbacks": {},');
  const out = applySpecEdits(text, [{ path: ['callbacks', 'earlyStopping'], value: { patience: 10 } }]);
  assert.equal(
    out,
    expected('"data": { "sample": "seed" },', '"data": { "sample": "seed" },\n  "callbacks": {\n    "earlyStopping": {\n      "patience": 10\n    }\n  },'),
  );
});

test('several dropout insertions, as the coach emits them (back to front), land between the layers', () => {
  const text = expected('      // output\n', '      { "type": "dense", "units": 16, "activation": "relu" },\n      // output\n');
  const out = applySpecEdits(text, [
    { path: ['model', 'layers', 2], value: { type: 'dropout', rate: 0.2 }, insert: true },
    { path: ['model', 'layers', 1], value: { type: 'dropout', rate: 0.2 }, insert: true },
  ]);
  const layers = parseSpec(out, 's').spec?.model.layers.map((l) => l.type);
  assert.deepEqual(layers, ['dense', 'dropout', 'dense', 'dropout', 'dense']);
  assert.ok(out.includes('// hidden\n      { "type": "dense"') && out.includes('// output\n      { "type": "dense", "units": 1'));
});

test('specEditRanges gives one minimal edit on the original text that reproduces applySpecEdits', () => {
  const edits = [
    { path: ['compile', 'optimizer', 'learningRate'], value: 0.001 },
    { path: ['fit', 'epochs'], value: 200 },
  ];
  const ranges = specEditRanges(SPEC, edits);
  assert.equal(ranges.length, 1);
  assert.equal(applyEdits(SPEC, ranges), applySpecEdits(SPEC, edits));
  const [only] = specEditRanges(SPEC, [{ path: ['fit', 'epochs'], value: 200 }]);
  assert.deepEqual(only, { offset: SPEC.indexOf('1000,'), length: 2, content: '2' }); // "10"00 → "2"00
});

test('specEditRanges never splits a CRLF', () => {
  const text = SPEC.replace(/\n/g, '\r\n');
  const edits = [{ path: ['fit', 'seed'], value: undefined }];
  const [range] = specEditRanges(text, edits);
  assert.notEqual(text[range.offset - 1], '\r');
  assert.notEqual(text[range.offset + range.length - 1], '\r');
  assert.equal(applyEdits(text, [range]), applySpecEdits(text, edits));
});

test('an edit that cannot apply is a FitwatchError naming the path', () => {
  assert.throws(
    () => applySpecEdits(SPEC, [{ path: ['fit', 'epochs', 'x'], value: 1 }], 'seed.fitwatch.json'),
    (e: unknown) =>
      e instanceof FitwatchError &&
      e.problem.code === 'spec/edit-failed' &&
      e.problem.location?.file === 'seed.fitwatch.json' &&
      /fit\.epochs\.x/.test(e.message),
  );
});
