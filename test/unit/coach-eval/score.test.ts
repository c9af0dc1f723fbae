/**
 * The coach-eval verdict (tools/coach-eval/score.ts, suite.ts): absolute bands from the seed
 * spread, never below 2 % of the before value, and a best-val_loss band from the case's own seeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, minimumOptimism, scoreRun, spread, type RunScore } from '../../../tools/coach-eval/score';
import { caseBands, type Trial } from '../../../tools/coach-eval/suite';

const run = (delivered: number, best = delivered): RunScore => ({ delivered, best, epochs: 100 });

function trial(dataset: string, config: Trial['config'], delivered: number, best = delivered): Trial {
  return { dataset, config, seed: 1, findings: [], warned: false, before: run(delivered, best), wallMs: 0 };
}

test('spread is the sample standard deviation of the finite values', () => {
  assert.equal(spread([1]), 0);
  assert.ok(Math.abs(spread([1, 2, 3, Number.POSITIVE_INFINITY]) - 1) < 1e-12);
});

test('a healthy val_loss near 0 gives an absolute band, so a large real gain is helped', () => {
  // wine-like: the healthy runs deliver 0.01 ± 0.01, a relative spread of 100 %.
  const trials = [
    trial('w', 'healthy', 0.001),
    trial('w', 'healthy', 0.01),
    trial('w', 'healthy', 0.02),
    trial('w', 'lr-high', 2.9),
    trial('w', 'lr-high', 3.0),
  ];
  const band = caseBands(trials).get('w/lr-high');
  assert.ok(band);
  assert.ok(Math.abs(band.delivered - 2 * spread([0.001, 0.01, 0.02])) < 1e-12, 'delivered band from the healthy configuration');
  assert.equal(judge(run(2.9), run(0.03), band), 'helped');
  assert.equal(judge(run(0.03), run(0.04), band), 'same', 'within 2 sd of the healthy seeds');
  assert.equal(judge(run(0.03), run(0.2), band), 'worse');
});

test('the band is never below 2 % of the before value', () => {
  const zero = { delivered: 0, best: 0 };
  assert.equal(judge(run(1), run(0.99), zero), 'same');
  assert.equal(judge(run(1), run(0.97), zero), 'helped');
  assert.equal(judge(run(1), run(1.03), zero), 'worse');
});

test('the best val_loss is judged against its own seed spread: a lucky minimum of a long run is not "worse"', () => {
  const trials = [trial('d', 'seed-config', 0.3, 0.25), trial('d', 'seed-config', 0.29, 0.27), trial('d', 'seed-config', 0.3, 0.29)];
  const band = caseBands(trials).get('d/seed-config');
  assert.ok(band);
  assert.ok(Math.abs(band.best - 2 * spread([0.25, 0.27, 0.29])) < 1e-12);
  // Delivered clearly better, best 0.26 vs a lucky 0.25: inside the best band.
  assert.equal(judge(run(0.3, 0.25), run(0.26, 0.26), band), 'helped');
  // Far outside it is still worse.
  assert.equal(judge(run(0.3, 0.25), run(0.26, 0.4), band), 'worse');
});

test('a run that diverged (infinite) and then trains finitely is helped; finite to infinite is worse', () => {
  const zero = { delivered: 0, best: 0 };
  assert.equal(judge(run(Number.POSITIVE_INFINITY), run(0.5), zero), 'helped');
  assert.equal(judge(run(0.5), run(Number.POSITIVE_INFINITY), zero), 'worse');
});

test("a jittery before-run's lucky minimum is within its own optimism; a smooth run's is not", () => {
  const zero = { delivered: 0, best: 0 };
  const jittery: RunScore = { delivered: 0.5, best: 0.001, epochs: 150, jitter: 0.2 };
  assert.ok(minimumOptimism(jittery) > 0.6);
  assert.equal(judge(jittery, run(0.03), zero), 'helped');
  const smooth: RunScore = { delivered: 0.5, best: 0.001, epochs: 150, jitter: 0.001 };
  assert.equal(judge(smooth, run(0.03), zero), 'worse');
});

test('scoreRun measures the jitter around the trend, not the trend', () => {
  const history = Array.from({ length: 40 }, (_, i) => ({ epoch: i, logs: { loss: 1, val_loss: 1 - i * 0.01 + (i % 2 ? 0.05 : -0.05) }, durationMs: 1 }));
  const s = scoreRun(history, false);
  assert.ok(s.jitter !== undefined && Math.abs(s.jitter - 0.1 / Math.SQRT2) < 0.01, `jitter ${s.jitter}`);
});
