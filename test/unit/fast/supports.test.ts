/** fastEngineSupports: the seed spec is in, anything outside the subset comes with a reason. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FitwatchSpec, LayerSpec } from '../../../src/shared/spec';
import { fastEngineSupports } from '../../../src/trainer/fast';
import { dense, makeSpec } from './helpers';

/** A spec as it may arrive over IPC: the JSON is not guaranteed to match the types. */
function untyped(spec: FitwatchSpec, patch: (s: Record<string, unknown>) => void): FitwatchSpec {
  const copy = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  patch(copy);
  return copy as unknown as FitwatchSpec;
}

describe('fastEngineSupports', () => {
  it('accepts the seed model and every supported feature', () => {
    assert.equal(fastEngineSupports(makeSpec()), undefined);
    const layers: LayerSpec[] = [{ type: 'dropout', rate: 0.1 }, dense(8, 'selu', { l1: 0.1, l2: 0.2 }), { type: 'dropout', rate: 0.5 }, dense(3, 'softmax')];
    assert.equal(fastEngineSupports(makeSpec({ layers, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'mse', 'mae'] })), undefined);
    assert.equal(fastEngineSupports(makeSpec({ optimizer: { type: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0.5, epsilon: 1e-7 } })), undefined);
  });

  it('rejects what it does not implement, saying where', () => {
    const conv = untyped(makeSpec(), (s) => ((s.model as { layers: unknown[] }).layers[1] = { type: 'conv2d', filters: 3 }));
    assert.match(fastEngineSupports(conv) ?? '', /model\.layers\[1\]: layer type "conv2d" is not supported/);
    const gelu = untyped(makeSpec(), (s) => ((s.model as { layers: { activation: string }[] }).layers[0].activation = 'gelu'));
    assert.match(fastEngineSupports(gelu) ?? '', /model\.layers\[0\]: activation "gelu"/);
    const adagrad = untyped(makeSpec(), (s) => ((s.compile as { optimizer: { type: string } }).optimizer.type = 'adagrad'));
    assert.match(fastEngineSupports(adagrad) ?? '', /compile\.optimizer "adagrad"/);
    const hinge = untyped(makeSpec(), (s) => ((s.compile as { loss: string }).loss = 'hinge'));
    assert.match(fastEngineSupports(hinge) ?? '', /compile\.loss "hinge"/);
    const auc = untyped(makeSpec(), (s) => ((s.compile as { metrics: string[] }).metrics = ['auc']));
    assert.match(fastEngineSupports(auc) ?? '', /compile\.metrics "auc"/);
    assert.match(fastEngineSupports(makeSpec({ layers: [{ type: 'dropout', rate: 0.2 }] })) ?? '', /no dense layer/);
    assert.match(
      fastEngineSupports(makeSpec({ layers: [dense(4, 'relu'), { type: 'dropout', rate: 1 }, dense(1, 'sigmoid')] })) ?? '',
      /model\.layers\[1\]: dropout rate/,
    );
  });
});
