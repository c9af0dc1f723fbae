/**
 * Fitwatch's engines against real Keras 3 on the same data, from Keras' own initial weights and
 * the same batch order: binary cross-entropy on a saturated sigmoid (raw, unscaled features),
 * and the seed model over 20 epochs.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSeedSample } from '../../src/data/sample';
import type { EpochLogs } from '../../src/shared/metrics';
import { buildWasmForTests, tfjsTrainLogs } from '../unit/fast/helpers';
import { kerasReferenceRuns, referenceSpec, replay, writeRows, type ReferenceRun } from './reference-runs';

const SEEDS = [1, 2, 3, 4, 5, 6];
const BC_EPOCHS = 30;
const SEED_EPOCHS = 20;
const SEED_BATCH = 200;
const SEED_ROWS = 20000;

let runs: Map<string, ReferenceRun>;

before(() => {
  buildWasmForTests();
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-keras-engines-'));
  try {
    // The seed model on Fitwatch's embedded seed-shaped sample (64 features; fewer rows than the
    // seed's 50,000 to keep the layer quick).
    const sample = generateSeedSample(SEED_ROWS, 64, 1);
    writeRows(join(dir, 'seed'), sample.x, sample.y);
    const seedCase = { kind: 'file' as const, data: 'seed', features: 64, seed: 3, epochs: SEED_EPOCHS, batch: SEED_BATCH };
    const list = kerasReferenceRuns(
      [
        ...SEEDS.map((seed) => ({ name: `bc${seed}`, kind: 'breast-cancer' as const, seed, epochs: BC_EPOCHS, batch: 32 })),
        { name: 'seed', ...seedCase },
        { name: 'seed-ulp', ...seedCase, perturb: true },
      ],
      dir,
    );
    runs = new Map(list.map((r) => [r.name, r]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function run(name: string): ReferenceRun {
  const r = runs.get(name);
  assert.ok(r, `no Keras run ${name}`);
  return r;
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** Epoch-by-epoch relative error of one log key against Keras. */
function errors(logs: EpochLogs[], keras: Record<string, number>[], key: string): number[] {
  return keras.map((k, e) => rel(logs[e][key === 'accuracy' ? 'acc' : key.replace('val_accuracy', 'val_acc')], k[key]));
}

describe('binary cross-entropy on a saturated sigmoid output, as Keras computes it (from the logits)', () => {
  it('reproduces the stuck case with tfjs-clipped BCE, and both engines now learn on every seed, as Keras does', async () => {
    let stuckBefore = 0;
    for (const seed of SEEDS) {
      const r = run(`bc${seed}`);
      const kerasLast = r.logs[BC_EPOCHS - 1].loss;
      assert.ok(kerasLast < r.logs[0].loss / 3, `seed ${seed}: Keras itself should learn (loss ${r.logs[0].loss} → ${kerasLast})`);
      // The raw features (areas ~ 1000) saturate the sigmoid at the start: a huge first loss.
      assert.ok(r.logs[0].loss > 2, `seed ${seed}: expected a saturated start, first loss ${r.logs[0].loss}`);

      // What Fitwatch computed before: tfjs' BCE clips p to [1e-7, 1 − 1e-7] and its gradient is 0 beyond.
      const spec = referenceSpec(r, 32, 'tfjs');
      const data = { x: Float32Array.from(r.x), y: Float32Array.from(r.y), labelWidth: 1, rows: r.rows, features: r.features, trainRows: r.trainRows };
      const clipped = await tfjsTrainLogs(
        spec,
        data,
        r.weights.map((w) => Float32Array.from(w)),
        r.orders.map((o) => Uint32Array.from(o)),
        true,
      );
      const last = clipped[BC_EPOCHS - 1].loss;
      if (last > 5 && Math.abs(last - clipped[BC_EPOCHS - 2].loss) < 1e-4) stuckBefore++;

      for (const engine of ['fast', 'tfjs'] as const) {
        const logs = await replay(r, 32, engine);
        const final = logs[BC_EPOCHS - 1].loss;
        assert.ok(
          final < Math.max(2 * kerasLast, 0.7),
          `seed ${seed} ${engine}: final loss ${final} (Keras ${kerasLast}); losses ${logs.map((l) => l.loss.toFixed(3)).join(' ')}`,
        );
        // And it is Keras' trajectory, epoch by epoch, while rounding has not yet taken them apart.
        const err = errors(logs.slice(0, 4), r.logs.slice(0, 4), 'loss');
        assert.ok(
          Math.max(...err) < 1e-3,
          `seed ${seed} ${engine}: loss vs Keras over 4 epochs, relative errors ${err.map((x) => x.toExponential(1)).join(' ')}`,
        );
      }
    }
    console.log(`tfjs-clipped BCE stuck on ${stuckBefore} of ${SEEDS.length} seeds`);
    assert.ok(stuckBefore >= 1, 'tfjs-clipped BCE should stay stuck on at least one seed, or this test does not reproduce the bug');
  });
});
