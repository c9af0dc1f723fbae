import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crawlingHistory, healthyHistory, seedLikeHistory, stallHistory } from '../../fixtures/histories/synthetic';
import { seedSpec } from '../../fixtures/histories/specs';
import { codes, find, run } from './helpers';

test('seed-like run (fast fall, then ~0.2%/epoch steady tail) is slow-progress, not a stall', () => {
  const { findings } = run(seedLikeHistory());
  const slow = find(findings, 'slow-progress');
  assert.ok(slow, `expected slow-progress, got ${codes(findings)}`);
  assert.equal(find(findings, 'plateau'), undefined);
  assert.equal(slow.severity, 'info');
  assert.ok(slow.evidence.improvement > 0.01 && slow.evidence.improvement < 0.1, `improvement ${slow.evidence.improvement}`);
  assert.ok(slow.evidence.perEpoch > 0.001 && slow.evidence.perEpoch < 0.004, `per epoch ${slow.evidence.perEpoch}`);
  assert.match(slow.message, /still improving, but slowly: \d+(\.\d)?% over the last 40 epochs/);
  // It answers the seed question with what the suite measured: widen + EarlyStopping(restore) as one
  // fix first (widening alone overfits), then ReduceLROnPlateau, then capacity alone.
  assert.equal(slow.fixes[0].kind, 'widenWithEarlyStopping');
  assert.equal(slow.fixes[0].preferred, true);
  assert.deepEqual(
    slow.fixes.slice(1).map((f) => f.kind),
    ['addReduceLROnPlateau', 'widenLayers', 'addLayer'],
  );
  assert.match(slow.meaning ?? '', /usual tail of gradient descent/);
  assert.deepEqual(slow.specPath, ['callbacks', 'reduceLROnPlateau']);
});

test('a true stall is a plateau (warning) with reduceLROnPlateau preferred and capacity second', () => {
  const { findings, coach } = run(stallHistory());
  const plateau = find(findings, 'plateau');
  assert.ok(plateau, `expected plateau, got ${codes(findings)}`);
  assert.equal(find(findings, 'slow-progress'), undefined, 'a stall is not slow progress');
  assert.equal(plateau.severity, 'warning');
  assert.ok(plateau.evidence.improvement < 0.01);
  assert.match(plateau.message, /Training loss has improved by only \d\.\d% over the last 40 epochs \(rule: < 1\.0% over 40\)/);
  assert.equal(plateau.fixes[0].kind, 'widenWithEarlyStopping');
  assert.equal(plateau.fixes.filter((f) => f.preferred).length, 1);
  assert.equal(plateau.fixes[1].kind, 'addReduceLROnPlateau');
  assert.deepEqual(
    plateau.fixes[0].specEdits.map((e) => e.path.join('.')),
    ['model.layers.0.units', 'model.layers.1.units', 'callbacks.earlyStopping'],
  );
  assert.equal(coach.transitions('plateau'), 1, 'one regime, one finding');
  // A stall at a low loss (0.2 vs chance 0.69) is not underfitting.
  assert.equal(find(findings, 'underfitting'), undefined);
});

test('a steadily falling loss raises no trend finding', () => {
  const { findings } = run(healthyHistory());
  assert.deepEqual(codes(findings), []);
});

test('plateau needs warm-up plus a full window: 40 flat epochs are not enough', () => {
  const { findings } = run(stallHistory(44));
  assert.equal(find(findings, 'plateau'), undefined);
});

test('underfitting: a stall near chance loss with train ≈ val, capacity preferred', () => {
  const { findings } = run(stallHistory(200, 0.6));
  const under = find(findings, 'underfitting');
  assert.ok(under, `expected underfitting, got ${codes(findings)}`);
  assert.ok(find(findings, 'plateau'));
  assert.equal(under.fixes[0].kind, 'widenWithEarlyStopping');
  assert.equal(under.fixes[1].kind, 'widenLayers');
  assert.ok(under.evidence.chanceLoss > 0.69 && under.evidence.chanceLoss < 0.7);
  assert.deepEqual(under.specPath, ['model', 'layers', 0, 'units']);
  assert.match(under.message, /of the chance level/);
});

test('lr-too-low fires on a loss that crawls from the start, with raise-the-rate preferred', () => {
  const { findings } = run(crawlingHistory());
  const low = find(findings, 'lr-too-low');
  assert.ok(low, `expected lr-too-low, got ${codes(findings)}`);
  assert.ok(low.evidence.improvementSinceStart < 0.05);
  assert.equal(low.fixes[0].kind, 'setLearningRate');
  assert.equal(low.fixes[0].params.learningRate, 0.03);
  assert.deepEqual(low.specPath, ['compile', 'optimizer', 'learningRate']);
});

test('lr-too-low does not fire on the seed-like run', () => {
  const { findings } = run(seedLikeHistory(100));
  assert.equal(find(findings, 'lr-too-low'), undefined);
});

test('a plateau that is already near zero loss is convergence, not a stall', () => {
  const { findings } = run(stallHistory(200, 0.001));
  assert.equal(find(findings, 'plateau'), undefined);
  assert.equal(find(findings, 'slow-progress'), undefined);
});

test('spec without hidden layers: no widen fix, add-layer still offered', () => {
  const spec = seedSpec({ model: { layers: [{ type: 'dense', units: 1, activation: 'sigmoid', useBias: true }] } });
  const { findings } = run(stallHistory(), spec);
  const plateau = find(findings, 'plateau');
  assert.ok(plateau);
  assert.deepEqual(
    plateau.fixes.map((f) => f.kind),
    ['addReduceLROnPlateau', 'addLayer'],
  );
});
