import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../../src/shared/spec/index';
import { ROOT, readRepoFile, schemaValidator } from './helpers';

const validate = schemaValidator();
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.fitwatch.json'));

test('the examples folder holds the seed and overfit specs', () => {
  assert.ok(examples.includes('seed.fitwatch.json'));
  assert.ok(examples.includes('overfit.fitwatch.json'));
});

for (const name of examples) {
  test(`examples/${name} parses with no problems and validates against the schema`, () => {
    const text = readRepoFile(`examples/${name}`);
    assert.deepEqual(parseSpec(text, name).problems, []);
    assert.deepEqual(validate(text), []);
    assert.match(text, /"\$schema": "\.\.\/schemas\/fitwatch\.schema\.json"/);
  });
}

test('the seed example is exactly the model of the question', () => {
  const spec = parseSpec(readRepoFile('examples/seed.fitwatch.json'), 'seed').spec;
  assert.ok(spec);
  assert.deepEqual(spec.data, { kind: 'sample', sample: 'seed', rows: 50000, features: 64, seed: 1, normalize: 'none' });
  assert.deepEqual(spec.model.layers, [
    { type: 'dense', units: 16, activation: 'relu', useBias: true },
    { type: 'dense', units: 16, activation: 'relu', useBias: true },
    { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
  ]);
  assert.deepEqual(spec.compile, {
    loss: 'binaryCrossentropy',
    optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    metrics: ['accuracy'],
  });
  assert.deepEqual(spec.fit, { epochs: 1000, batchSize: 200, validationSplit: 0.2, shuffle: true, seed: 1 });
  assert.deepEqual(spec.callbacks, {});
});

test('the overfit example has few rows, wide layers and no regularisation', () => {
  const spec = parseSpec(readRepoFile('examples/overfit.fitwatch.json'), 'overfit').spec;
  assert.ok(spec && spec.data.kind === 'sample');
  assert.equal(spec.data.rows, 2000);
  const dense = spec.model.layers.filter((l) => l.type === 'dense');
  assert.deepEqual(
    dense.map((l) => l.units),
    [256, 256, 1],
  );
  assert.ok(spec.model.layers.every((l) => l.type === 'dense' && l.kernelRegularizer === undefined));
  assert.equal(spec.fit.epochs, 300);
  assert.deepEqual(spec.callbacks, {});
});
