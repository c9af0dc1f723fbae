import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../src/coach/diagnose';
import { Coach } from '../../../src/coach/coach';
import { whatIf } from '../../../src/coach/replay';
import { overfitHistory, seedLikeHistory, stallHistory } from '../../fixtures/histories/synthetic';
import { seedSpec } from '../../fixtures/histories/specs';
import { seedDataset } from './helpers';

test('diagnose on a finished run equals the live coach at its last epoch', () => {
  const history = stallHistory();
  const live = new Coach({ spec: seedSpec() });
  for (const r of history) live.update(r);
  assert.deepEqual(diagnose({ history, spec: seedSpec(), finished: true }), live.findings({ fresh: true }));
});

test('diagnose orders errors first and merges data, curve and health findings', () => {
  const history = stallHistory(120);
  const findings = diagnose({
    history,
    spec: seedSpec(),
    dataset: seedDataset({ trainClassCounts: [38000, 2000], valClassCounts: [9500, 500] }),
    health: [{ epoch: 100, layers: [{ layer: 'dense_1', gradNorm: Number.NaN, weightNorm: 1 }] }],
    finished: true,
  });
  // With a 95/5 prior, chance BCE is H(0.05) ≈ 0.199: a stall at 0.2 has learned nothing, so it is also underfitting.
  assert.deepEqual(
    findings.map((f) => f.code),
    ['exploding-gradients', 'plateau', 'underfitting', 'class-imbalance'],
  );
});

test('diagnose passes config through and refuses epochs out of order', () => {
  const history = stallHistory();
  assert.deepEqual(
    diagnose({ history, spec: seedSpec(), finished: true, config: { plateauEnter: 0, plateauExit: 0, slowProgressEnter: 0 } }).map((f) => f.code),
    [],
  );
  const shuffled = [history[1], history[0]];
  assert.throws(() => diagnose({ history: shuffled, spec: seedSpec(), finished: true }), /got epoch 0 after epoch 1/);
});

test('whatIf: sentences for the callbacks the spec lacks, with the replay numbers', () => {
  const w = whatIf(overfitHistory(), seedSpec());
  assert.equal(w.sentences.length, 2);
  assert.match(
    w.sentences[0],
    /^earlyStopping\(patience \d+(, minDelta [\d.e-]+)?\) would have stopped at epoch \d+, \d+% less time, best val_loss 0\.\d{4} at epoch \d+\.$/,
  );
  assert.match(w.sentences[1], /^reduceLROnPlateau\(factor 0\.5, patience \d+\) would have reduced the learning rate/);
  assert.ok(w.earlyStopping && w.earlyStopping.replay.stoppedEpoch !== null);
  const bestEpoch = w.earlyStopping.replay.best?.epoch ?? -1;
  assert.ok(bestEpoch >= 55 && bestEpoch <= 85, `best epoch ${bestEpoch}`);
});

test('whatIf on the seed-like run: earlyStopping would not stop early because val_loss keeps improving', () => {
  const w = whatIf(seedLikeHistory(), seedSpec());
  assert.ok(w.earlyStopping);
  const stopped = w.earlyStopping.replay.stoppedEpoch;
  // Either it never stops or it stops in the very tail: the best must be kept within 0.5%.
  const runBest = w.earlyStopping.replay.runBest?.value ?? 0;
  assert.ok(Math.abs((w.earlyStopping.replay.best?.value ?? 0) - runBest) <= 0.005 * runBest, `stopped ${stopped}`);
});

test('whatIf skips callbacks the spec already has, and an empty history says nothing', () => {
  const spec = seedSpec({
    callbacks: { earlyStopping: { monitor: 'val_loss', minDelta: 0, patience: 20, mode: 'auto', baseline: null, restoreBestWeights: true, startFromEpoch: 0 } },
  });
  const w = whatIf(overfitHistory(), spec);
  assert.equal(w.earlyStopping, undefined);
  assert.equal(w.sentences.length, 1);
  assert.deepEqual(whatIf([], seedSpec()).sentences, []);
});
