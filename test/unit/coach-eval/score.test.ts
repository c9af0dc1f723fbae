/**
 * The coach-eval verdict (tools/coach-eval/score.ts, suite.ts): absolute bands from the seed
 * spread, never below 2 % of the before value, a best-val_loss band from the case's own seeds, and
 * the paired band of the scored rows (a difference two models' per-row losses cannot tell from the draw).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, minimumOptimism, scoreRun, spread, type RunScore } from '../../../tools/coach-eval/score';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../../src/shared/spec';
import { caseBands, countTrials, judgeTrials, validationRowsFile, type Trial } from '../../../tools/coach-eval/suite';

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

/** A validation-scored trial whose before and after models have these per-row losses on the same rows. */
function pairedTrial(config: Trial['config'], before: number[], after: number[]): Trial {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const score = (rows: number[]): RunScore => ({ ...run(mean(rows)), valRowLosses: { delivered: rows, best: rows } });
  return { ...trial('d', config, mean(before)), before: score(before), after: score(after), appliedBy: 'bare' };
}

test('a difference within two paired standard errors of the validation rows is "same", beyond them it counts', () => {
  // engel-like: 47 rows whose squared errors are dominated by a few large residuals, so the mean
  // difference (+33 %) is inside what which 47 rows were drawn moves it by.
  const rows = Array.from({ length: 47 }, (_, i) => (i % 25 === 0 ? 100_000 : 2_000));
  const after = rows.map((v, i) => (i % 25 === 0 ? v * 1.5 : v * 0.95));
  const small = pairedTrial('raw-features', rows, after);
  judgeTrials([small]);
  assert.equal(small.seedBandVerdict, 'worse', 'against the seed band alone (here 2 % of the value) it was "worse"');
  assert.equal(small.verdict, 'same');
  assert.ok((small.pairedDelivered ?? 0) > (small.after?.delivered ?? 0) - small.before.delivered);
  // The same relative change on 2,000 rows with a steady per-row shift is beyond the paired band.
  const many = Array.from({ length: 2000 }, (_, i) => 1 + (i % 7) / 10);
  const large = pairedTrial(
    'raw-features',
    many,
    many.map((v) => v * 1.3),
  );
  judgeTrials([large]);
  assert.equal(large.verdict, 'worse');
  const helped = pairedTrial(
    'raw-features',
    many,
    many.map((v) => v * 0.7),
  );
  judgeTrials([helped]);
  assert.equal(helped.verdict, 'helped', 'the band is symmetric: a real gain on many rows is still helped');
});

test('countTrials counts what a bare --fix does; named info fixes and healthy runs apart', () => {
  const bare = { ...trial('d', 'lr-high', 2), after: run(1), verdict: 'helped' as const, appliedBy: 'bare' as const };
  const named = {
    ...trial('d', 'lr-low', 2),
    findings: [{ code: 'still-improving', severity: 'info' }],
    after: run(1.9),
    verdict: 'same' as const,
    appliedBy: 'named' as const,
  };
  const healthy = {
    ...trial('d', 'healthy', 1),
    findings: [{ code: 'slow-progress', severity: 'info' }],
    after: run(1.1),
    verdict: 'worse' as const,
    appliedBy: 'named' as const,
  };
  const counts = countTrials([bare, named, healthy]);
  assert.equal(counts.fixed, 1);
  assert.equal(counts.helped, 1);
  assert.equal(counts.worse, 0);
  assert.equal(counts.infoOnly, 1);
  assert.equal(counts.healthyFixed, 0, 'an info fix trained only by name is not what a bare --fix wrote');
  assert.deepEqual(counts.named, { trials: 2, helped: 0, same: 1, worse: 1 });
});

test('validationRowsFile keeps the header and the last valRows rows, the tail the split validates on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-val-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'x.csv'), 'a,label\n1,10\n2,20\n3,30\n4,40\n\n');
  const specFile = join(dir, 'x.fitwatch.json');
  const text = JSON.stringify({
    data: { path: 'data/x.csv', labelColumn: 'label' },
    model: { layers: [{ type: 'dense', units: 1 }] },
    compile: { loss: 'meanSquaredError', optimizer: 'adam' },
    fit: { epochs: 1, validationSplit: 0.5 },
  });
  const spec = parseSpec(text, specFile).spec;
  assert.ok(spec);
  const out = validationRowsFile(spec, specFile, 2);
  assert.ok(out);
  assert.equal(readFileSync(out, 'utf8'), 'a,label\n3,30\n4,40\n');
  assert.equal(validationRowsFile(spec, specFile, 0), undefined);
});
