/** Engine choice with the Keras engine: asked for, refused with a tfjs backend, and auto's crossover. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FitwatchError } from '../../../src/shared/location';
import type { LayerSpec } from '../../../src/shared/spec';
import { chooseEngine } from '../../../src/trainer/engine-select';
import { makeSpec, SMALL_LAYERS } from './spec-fixture';

const WIDE: LayerSpec[] = [
  { type: 'dense', units: 512, activation: 'relu', useBias: true },
  { type: 'dense', units: 512, activation: 'relu', useBias: true },
  { type: 'dense', units: 1, activation: 'sigmoid', useBias: true },
];
const wideWork = { trainRows: 40_000, parameters: 296_449, batchSize: 200, epochs: 100 };

describe('chooseEngine and Keras', () => {
  it('runs keras when asked', () => {
    assert.deepEqual(chooseEngine(makeSpec(SMALL_LAYERS), 'keras', 'auto', 'a.fitwatch.json'), { engine: 'keras' });
  });

  it('refuses keras with a tfjs backend, pointing at "backend"', () => {
    assert.throws(
      () => chooseEngine(makeSpec(SMALL_LAYERS), 'keras', 'wasm', 'a.fitwatch.json'),
      (e: unknown) => e instanceof FitwatchError && e.problem.location?.jsonPath?.[0] === 'backend' && /Keras engine/.test(e.problem.message),
    );
  });

  it('auto keeps the fast engine for the seed and without a workload', () => {
    const spec = makeSpec(SMALL_LAYERS, { backend: 'auto' });
    assert.equal(chooseEngine(spec, 'auto', 'auto', 'a', { trainRows: 40_000, parameters: 1329, batchSize: 200, epochs: 1000 }).engine, 'fast');
    assert.equal(chooseEngine(makeSpec(WIDE, { backend: 'auto' }), 'auto', 'auto', 'a').engine, 'fast');
  });

  it('auto picks Keras past the crossover, says why, and names the fallback for a Python without Keras', () => {
    const d = chooseEngine(makeSpec(WIDE, { backend: 'auto' }), 'auto', 'auto', 'a', wideWork);
    assert.equal(d.engine, 'keras');
    assert.match(d.fallbackReason ?? '', /auto chose Keras: Keras is faster for this size/);
    assert.equal(d.withoutKeras?.engine, 'fast');
    assert.match(d.withoutKeras?.fallbackReason ?? '', /not available/);
  });

  it('auto with an explicit tfjs backend stays on tfjs whatever the size', () => {
    assert.equal(chooseEngine(makeSpec(WIDE, { backend: 'cpu' }), 'auto', 'cpu', 'a', wideWork).engine, 'tfjs');
  });
});
