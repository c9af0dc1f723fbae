/**
 * `auto`'s Keras crossover: the cost model reproduces the widths it was fitted on (so the
 * constants say what was measured), keeps the seed and everything up to 256 wide on the fast
 * engine, and hands the wide models the coach's "widen the layers" leads to to Keras.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kerasCrossover, KERAS_STARTUP_MS, type Workload } from '../../../src/keras/engine-crossover';

/** 64 → h → h → 1 on 40,000 training rows, batch 200 (the bench's shape). */
function wide(h: number, epochs = 100, batchSize = 200): Workload {
  return { trainRows: 40_000, parameters: 64 * h + h + h * h + h + h + 1, batchSize, epochs };
}

describe('kerasCrossover', () => {
  it('keeps the seed and widths up to 256 on the fast engine, where it measured faster (472.5 against 534.9 ms at 256)', () => {
    for (const h of [16, 32, 64, 128, 256]) {
      const v = kerasCrossover(wide(h));
      assert.equal(v.kerasFaster, false, `h = ${h}`);
      assert.match(v.reason, /fast engine is faster/);
    }
  });

  it('picks Keras at 512 wide, where it measured 2× faster per epoch (902 against 1,775 ms)', () => {
    const v = kerasCrossover(wide(512));
    assert.equal(v.kerasFaster, true);
    assert.match(v.reason, /Keras is faster/);
  });

  it('matches the measured fast-engine epochs it was fitted on within 15 %', () => {
    // Fast engine, ms per epoch, `npm run bench -- --only scaling` (docs/performance.md).
    const measured: [number, number][] = [
      [128, 147.9],
      [256, 472.5],
      [512, 1775],
    ];
    for (const [h, ms] of measured) {
      const perEpoch = kerasCrossover(wide(h, 1)).fastMs;
      assert.ok(Math.abs(perEpoch - ms) / ms < 0.15, `h = ${h}: model ${perEpoch.toFixed(0)} ms, measured ${ms} ms`);
    }
  });

  it('matches the measured Keras epochs it was fitted on within 30 %', () => {
    // Keras/TF fit, ms per epoch, measured on the 2-core machine (docs/keras-engine.md).
    const measured: [number, number][] = [
      [64, 357],
      [128, 439],
      [256, 559],
      [512, 1114],
    ];
    for (const [h, ms] of measured) {
      const perEpoch = (kerasCrossover(wide(h, 1)).kerasMs - KERAS_STARTUP_MS) / 1;
      assert.ok(Math.abs(perEpoch - ms) / ms < 0.3, `h = ${h}: model ${perEpoch.toFixed(0)} ms, measured ${ms} ms`);
    }
  });

  it('leaves a short run on the fast engine: Keras would not earn back its start-up', () => {
    assert.equal(kerasCrossover(wide(512, 1)).kerasFaster, false);
    assert.equal(kerasCrossover(wide(512, 100)).kerasFaster, true);
  });

  it('counts the per-step cost: small batches keep a wide model on the fast engine longer', () => {
    assert.equal(kerasCrossover(wide(512, 100, 200)).kerasFaster, true);
    assert.equal(kerasCrossover(wide(512, 100, 16)).kerasFaster, false);
  });
});
