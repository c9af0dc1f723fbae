import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coach } from '../../../src/coach/coach';
import type { LayerHealth } from '../../../src/shared/protocol/trainer';
import type { FitwatchSpec } from '../../../src/shared/spec';
import { fileSpec, seedSpec } from '../../fixtures/histories/specs';
import { find } from './helpers';

function layers(grads: number[], dead: (number | undefined)[] = []): LayerHealth[] {
  return grads.map((g, i) => ({ layer: `dense_${i + 1}`, gradNorm: g, weightNorm: 5, deadFraction: dead[i] }));
}

function probe(reports: LayerHealth[][], spec: FitwatchSpec = seedSpec()) {
  const coach = new Coach({ spec });
  reports.forEach((l, i) => coach.health({ epoch: i * 5, layers: l }));
  return coach;
}

test('dead-relu fires above 50% dead units and points at the layer; lower-the-rate preferred', () => {
  const coach = probe([layers([0.1, 0.1, 0.1], [0.2, 0.7, undefined])]);
  const f = find(coach.findings(), 'dead-relu');
  assert.ok(f);
  assert.equal(f.evidence.deadFraction, 0.7);
  assert.deepEqual(f.specPath, ['model', 'layers', 1, 'units']);
  assert.match(f.message, /70% of the ReLU units in layer dense_2 are dead/);
  assert.equal(f.fixes[0].kind, 'lowerLrLongerRun');
  assert.ok(f.fixes.some((x) => x.kind === 'setLearningRate'));
});

/** The spec at another Adam rate. */
function atRate(spec: FitwatchSpec, learningRate: number): FitwatchSpec {
  return { ...spec, compile: { ...spec.compile, optimizer: { ...spec.compile.optimizer, learningRate } } };
}

test("dead-relu at Keras' default rate blames the inputs or offers ELU, not a lower rate", () => {
  const dead = [layers([0.1, 0.1, 0.1], [0.7, 0.2])];
  const scaled = find(probe(dead, atRate(seedSpec(), 0.001)).findings(), 'dead-relu');
  assert.ok(scaled);
  assert.equal(scaled.fixes[0].kind, 'switchToElu');
  assert.deepEqual(scaled.fixes[0].specEdits, [
    { path: ['model', 'layers', 0, 'activation'], value: 'elu' },
    { path: ['model', 'layers', 1, 'activation'], value: 'elu' },
  ]);
  assert.match(scaled.message, /ELU/);
  assert.doesNotMatch(scaled.message, /too high/);
  const raw = find(probe(dead, atRate(fileSpec('none'), 0.001)).findings(), 'dead-relu');
  assert.ok(raw);
  assert.deepEqual(raw.fixes.map((f) => f.kind).slice(0, 2), ['normalizeFeatures', 'switchToElu']);
  assert.match(raw.message, /all-positive features/);
  // 3× the default is the boundary: 0.003 is not blamed, 0.0031 is.
  assert.equal(find(probe(dead, atRate(seedSpec(), 0.003)).findings(), 'dead-relu')?.fixes[0].kind, 'switchToElu');
  assert.equal(find(probe(dead, atRate(seedSpec(), 0.0031)).findings(), 'dead-relu')?.fixes[0].kind, 'lowerLrLongerRun');
});

test('dead-relu does not fire at 30%, and clears only below 40% (hysteresis)', () => {
  assert.equal(find(probe([layers([0.1, 0.1, 0.1], [0.3, 0.3])]).findings(), 'dead-relu'), undefined);
  const coach = probe([layers([0.1, 0.1, 0.1], [0.6]), layers([0.1, 0.1, 0.1], [0.45]), layers([0.1, 0.1, 0.1], [0.55])]);
  assert.ok(find(coach.findings(), 'dead-relu'), 'still open at 45% (between exit 40% and entry 50%)');
  assert.equal(coach.transitions('dead-relu'), 1);
  coach.health({ epoch: 99, layers: layers([0.1, 0.1, 0.1], [0.1]) });
  assert.equal(find(coach.findings(), 'dead-relu'), undefined);
});

test('vanishing-gradients fires when the first layer gets 1e-4 of the last layer, not on healthy norms', () => {
  const coach = probe([layers([1e-6, 1e-3, 0.05])]);
  const f = find(coach.findings(), 'vanishing-gradients');
  assert.ok(f);
  assert.ok(f.evidence.firstToLastGrad < 1e-3);
  assert.deepEqual(f.specPath, ['model', 'layers', 0, 'activation']);
  assert.equal(find(probe([layers([0.02, 0.03, 0.05])]).findings(), 'vanishing-gradients'), undefined);
});

test('vanishing-gradients also fires on a gradient 1e-8 of its weights', () => {
  const coach = probe([[{ layer: 'dense_1', gradNorm: 1e-8, weightNorm: 3 }]]);
  assert.ok(find(coach.findings(), 'vanishing-gradients'));
});

test('exploding-gradients: above 100× the weight norm (× √loss), or non-finite (error); not on steady norms', () => {
  // weightNorm 5 and no epoch yet (loss scale 1): the boundary is a gradient norm of 500.
  assert.ok(find(probe([layers([501, 10, 1])]).findings(), 'exploding-gradients'));
  assert.equal(find(probe([layers([499, 10, 1])]).findings(), 'exploding-gradients'), undefined);
  const nan = find(probe([layers([Number.NaN, 1, 1])]).findings(), 'exploding-gradients');
  assert.equal(nan?.severity, 'error');
  assert.equal(find(probe([layers([2, 2, 2]), layers([3, 2, 2])]).findings(), 'exploding-gradients'), undefined);
});

test('vanishing-gradients does not fire when every gradient is 0 because the training set is memorised', () => {
  const zero = [0, 1, 2].map((i) => ({ layer: `dense_${i + 1}`, gradNorm: 0, weightNorm: 30 }));
  assert.equal(find(probe([zero]).findings(), 'vanishing-gradients'), undefined);
});
