import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateJsonPath } from '../../../src/shared/spec/index';
import { BASE } from './base-spec';

/** `line:column "covered text"` for compact assertions. */
function at(path: (string | number)[], text = BASE): string {
  const l = locateJsonPath(text, 'spec.fitwatch.json', path);
  assert.equal(l.file, 'spec.fitwatch.json');
  assert.deepEqual(l.jsonPath, path);
  return `${l.line}:${l.column} ${text.slice(l.offset, (l.offset ?? 0) + (l.length ?? 0))}`;
}

test('a scalar field is located at its value', () => {
  assert.equal(at(['compile', 'optimizer', 'learningRate']), '9:93 0.01');
  assert.equal(at(['model', 'layers', 1, 'units']), '6:35 1');
});

test('an object or list field is located at its key, a list item as a whole', () => {
  assert.equal(at(['fit']), '10:3 "fit"');
  assert.equal(at(['model', 'layers']), '4:5 "layers"');
  assert.equal(at(['model', 'layers', 0]), '5:7 { "type": "dense", "units": 16, "activation": "relu" }');
});

test('a missing field falls back to its nearest existing parent', () => {
  assert.equal(at(['fit', 'shuffle']), '10:3 "fit"');
  assert.equal(at(['callbacks', 'earlyStopping', 'patience']), '11:3 "callbacks"');
  assert.equal(at(['model', 'layers', 7, 'units']), '4:5 "layers"');
});

test('a missing top-level section lands on the section it belongs next to, else the first key', () => {
  const noCallbacks = BASE.replace(/,\n {2}"callbacks".*\n/, '\n');
  assert.equal(at(['callbacks', 'reduceLROnPlateau'], noCallbacks), '10:3 "fit"');
  assert.equal(at(['name'], noCallbacks), '2:3 "data"');
  assert.equal(at([], noCallbacks), '2:3 "data"');
});

test('a field inside a scalar (a bare optimizer name) lands on that scalar', () => {
  const text = BASE.replace('{ "type": "adam", "learningRate": 0.01 }', '"adam"');
  assert.equal(at(['compile', 'optimizer', 'learningRate'], text), '9:59 "adam"');
});

test('unparseable or empty text still gives a location at the start', () => {
  assert.equal(at(['fit'], ''), '1:1 ');
});
