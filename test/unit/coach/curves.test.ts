import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthyHistory, oscillatingHistory, overfitHistory, seedLikeHistory, withLossFrom } from '../../fixtures/histories/synthetic';
import { codes, find, run } from './helpers';

test('overfitting: val_loss left its best while train falls; earlyStopping preferred with a replayed rationale', () => {
  const { findings } = run(overfitHistory());
  const over = find(findings, 'overfitting');
  assert.ok(over, `expected overfitting, got ${codes(findings)}`);
  assert.equal(over.severity, 'warning');
  // The noiseless minimum is a little after the turn at 60, where the rise overtakes the decay.
  assert.ok(over.evidence.bestEpoch >= 55 && over.evidence.bestEpoch <= 85, `best epoch ${over.evidence.bestEpoch}`);
  assert.ok(over.evidence.epochsSinceBest >= 10);
  assert.ok(over.evidence.gap > over.evidence.gapAtBest);
  assert.match(over.message, /val_loss is \d+% above loss and has not improved for \d+ epochs/);
  const es = over.fixes[0];
  assert.equal(es.kind, 'addEarlyStopping');
  assert.equal(es.preferred, true);
  assert.equal(es.params.restoreBestWeights, true);
  assert.match(es.rationale ?? '', /would have stopped at epoch \d+, \d+% less time, best val_loss 0\.\d{4} at epoch \d+/);
  assert.deepEqual(
    over.fixes.map((f) => f.kind),
    ['addEarlyStopping', 'addDropout', 'addL2'],
  );
  assert.equal(find(findings, 'slow-progress'), undefined, 'slow progress is beside the point while overfitting');
});

test('overfitting on a memorised training set quotes both losses instead of an absurd percentage', () => {
  const history = overfitHistory().map((r) => ({ ...r, logs: { ...r.logs, loss: r.logs.loss * Math.exp(-r.epoch / 10) } }));
  const over = find(run(history).findings, 'overfitting');
  assert.ok(over);
  assert.match(over.message, /^val_loss \(0\.\d{4}\) is far above loss \([\d.e-]+\) and has not improved for \d+ epochs/);
});

test('overfitting does not fire on the seed-like run, whose val_loss keeps improving', () => {
  const { findings } = run(seedLikeHistory());
  assert.equal(find(findings, 'overfitting'), undefined);
});

test('overfitting does not fire without validation logs', () => {
  const history = overfitHistory().map((r) => ({ ...r, logs: { loss: r.logs.loss } }));
  const { findings } = run(history);
  assert.equal(find(findings, 'overfitting'), undefined);
});

test('divergence: a NaN loss is an error with lower-the-rate preferred, and other trend findings step aside', () => {
  const { findings } = run(withLossFrom(healthyHistory(), 60, Number.NaN));
  assert.deepEqual(codes(findings), ['divergence']);
  const div = findings[0];
  assert.equal(div.severity, 'error');
  assert.equal(div.epochs.start, 60);
  assert.equal(div.evidence.firstBadEpoch, 60);
  assert.match(div.message, /diverged at epoch 61: loss is NaN/);
  // Compound: a tenth of the rate, twice the epochs, EarlyStopping to stop once it settles.
  assert.equal(div.fixes[0].kind, 'lowerLrLongerRun');
  assert.equal(div.fixes[0].params.learningRate, 0.001);
  assert.equal(div.fixes[1].kind, 'setLearningRate');
});

test('divergence: a jump far above the recent minimum', () => {
  const { findings } = run(withLossFrom(healthyHistory(), 60, 2));
  const div = find(findings, 'divergence');
  assert.ok(div);
  assert.ok(div.evidence.factor > 3);
  assert.equal(find(findings, 'lr-too-low'), undefined);
});

test('divergence: Infinity in val_loss counts too', () => {
  const h = healthyHistory(50).map((r) => (r.epoch === 30 ? { ...r, logs: { ...r.logs, val_loss: Number.POSITIVE_INFINITY } } : r));
  const { coach } = run(h.slice(0, 31));
  assert.equal(coach.findings()[0]?.code, 'divergence');
});

test('divergence does not fire on an ordinary noisy run', () => {
  const { findings } = run(seedLikeHistory(200));
  assert.equal(find(findings, 'divergence'), undefined);
});

test('oscillation: ±15% swings every epoch fire, lower-the-rate preferred', () => {
  const { findings } = run(oscillatingHistory());
  const osc = find(findings, 'oscillation');
  assert.ok(osc, `expected oscillation, got ${codes(findings)}`);
  assert.ok(osc.evidence.swings >= 5);
  assert.ok(osc.evidence.maxAmplitude > 0.2);
  assert.equal(osc.fixes[0].kind, 'lowerLrLongerRun');
  assert.equal(osc.fixes[0].params.learningRate, 0.001);
});

test('oscillation does not fire on ordinary epoch noise (0.3% train, 1% val)', () => {
  const { findings } = run(seedLikeHistory());
  assert.equal(find(findings, 'oscillation'), undefined);
});

test('oscillation does not fire on small swings (2%)', () => {
  const { findings } = run(oscillatingHistory(80, 0.01));
  assert.equal(find(findings, 'oscillation'), undefined);
});
