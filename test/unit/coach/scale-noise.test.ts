/**
 * Boundaries of the rules that judge against scale and noise: the validation set's sampling
 * error, the uniform class share, gradient norms relative to weights and loss, the target mean,
 * the linear baseline (noise floor), a run cut short, a stuck run, and `--fix` honesty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coach } from '../../../src/coach/coach';
import { accuracyError, noiseBand, relativeLossError } from '../../../src/coach/noise';
import { chooseFinding, chooseFix } from '../../../src/cli/apply-fix';
import type { History } from '../../../src/shared/metrics';
import type { DatasetSummary } from '../../../src/shared/dataset';
import type { LayerHealth } from '../../../src/shared/protocol/trainer';
import type { FitwatchSpec } from '../../../src/shared/spec';
import { fileSpec, seedSpec } from '../../fixtures/histories/specs';
import { overfitHistory, stallHistory, synthesize } from '../../fixtures/histories/synthetic';
import { codes, find, run, seedDataset } from './helpers';

/** A regression spec on a file, MSE, linear output. */
function regressionSpec(epochs = 200): FitwatchSpec {
  const s = fileSpec('standard');
  s.compile = { ...s.compile, loss: 'meanSquaredError', metrics: [] };
  s.model.layers[s.model.layers.length - 1] = { type: 'dense', units: 1, activation: 'linear', useBias: true };
  s.fit.epochs = epochs;
  return s;
}

function regressionData(overrides: Partial<DatasetSummary> = {}): DatasetSummary {
  return seedDataset({
    task: 'regression',
    classes: undefined,
    trainClassCounts: undefined,
    valClassCounts: undefined,
    labelMean: 150,
    labelStd: 75,
    ...overrides,
  });
}

test('noise band: relative standard error of a mean loss shrinks as 1/√rows; binomial error of an accuracy', () => {
  assert.ok(Math.abs(relativeLossError('binaryCrossentropy', 114) - 1.5 / Math.sqrt(114)) < 1e-12);
  assert.ok(Math.abs(relativeLossError('meanSquaredError', 100) - Math.SQRT2 / 10) < 1e-12);
  assert.equal(relativeLossError('binaryCrossentropy', 0), Number.POSITIVE_INFINITY);
  assert.ok(Math.abs(accuracyError(0.9, 100) - 0.03) < 1e-12);
  assert.equal(noiseBand('binaryCrossentropy', seedDataset({ valRows: 10000 })).valRows, 10000);
});

test('class-imbalance is judged against the uniform share 1/k: 10 balanced classes are fine, 2 classes fire below 25%', () => {
  const ten = Array.from({ length: 10 }, (_, k) => (k === 8 ? 980 : 1002));
  const balanced = new Coach({ spec: seedSpec(), dataset: seedDataset({ classes: ten.map(String), trainClassCounts: ten, valClassCounts: ten }) });
  assert.equal(find(balanced.findings(), 'class-imbalance'), undefined, 'class 8 at 9.8% of 10 classes is not a minority');
  const below = new Coach({ spec: seedSpec(), dataset: seedDataset({ trainClassCounts: [7600, 2400], valClassCounts: [1900, 600] }) });
  const f = find(below.findings(), 'class-imbalance');
  assert.ok(f);
  assert.equal(f.evidence.uniformShare, 0.5);
  assert.ok(f.fixes.some((x) => x.kind === 'balanceClassWeights' && /class_weight/.test(x.rationale ?? '')));
  const above = new Coach({ spec: seedSpec(), dataset: seedDataset({ trainClassCounts: [7400, 2600], valClassCounts: [1850, 650] }) });
  assert.equal(find(above.findings(), 'class-imbalance'), undefined);
});

test('oscillation: 20% val_loss swings are sampling noise on 114 validation rows, a real swing on 10,000', () => {
  const loss = (t: number): number => 0.4 + 0.2 * Math.exp(-t / 20);
  const history = synthesize({ epochs: 80, loss, valLoss: (t) => loss(t) * 1.05 * (1 + 0.1 * (t % 2 === 0 ? 1 : -1)), noise: 0.002, seed: 3 });
  const small = run(history, seedSpec(), seedDataset({ valRows: 114, trainRows: 456, rows: 570 }));
  assert.equal(find(small.findings, 'oscillation'), undefined, `small val set: ${codes(small.findings)}`);
  const large = run(history, seedSpec(), seedDataset());
  const osc = find(large.findings, 'oscillation');
  assert.ok(osc, `large val set: ${codes(large.findings)}`);
  assert.match(osc.message, /sampling noise on 10000 validation rows/);
});

test('overfitting needs a rise beyond two standard errors of val_loss on its rows', () => {
  const history = overfitHistory();
  const large = run(history, seedSpec(), seedDataset());
  const f = find(large.findings, 'overfitting');
  assert.ok(f, codes(large.findings).join());
  assert.ok(f.evidence.riseThreshold < 0.04);
  // 40 validation rows: 2 × 1.5/√40 ≈ 47%, far above what this curve rises.
  const tiny = run(history, seedSpec(), seedDataset({ valRows: 40, trainRows: 160, rows: 200 }));
  assert.equal(find(tiny.findings, 'overfitting'), undefined, codes(tiny.findings).join());
});

test('regression initial-loss compares with predicting the target mean and blames the target, not the inputs', () => {
  const history = synthesize({ epochs: 3, loss: () => 150 * 150 + 75 * 75, valLoss: () => 150 * 150 + 75 * 75 });
  const { findings } = run(history, regressionSpec(), regressionData());
  const f = find(findings, 'initial-loss');
  assert.ok(f, codes(findings).join());
  assert.equal(f.evidence.meanPredictionLoss, 75 * 75);
  assert.match(f.message, /mean 150/);
  assert.equal(f.fixes[0].kind, 'standardizeTarget');
  assert.deepEqual(f.fixes[0].specEdits[0], { path: ['data', 'standardizeTarget'], value: true });
  // A centred target: the same loss ratio is not the target's fault, so the rule stays quiet.
  const centred = run(history, regressionSpec(), regressionData({ labelMean: 10, labelStd: 75 }));
  assert.equal(find(centred.findings, 'initial-loss'), undefined);
});

test('exploding-gradients is relative to the loss scale: a norm of 5e3 is normal at MSE 3,340, not at loss 0.3', () => {
  const probe = (loss: number): string[] => {
    const c = new Coach({ spec: regressionSpec(), dataset: regressionData() });
    for (let t = 0; t < 10; t++) c.update({ epoch: t, logs: { loss, val_loss: loss * 1.1 }, durationMs: 10 });
    const layers: LayerHealth[] = [
      { layer: 'dense_1', gradNorm: 5e3, weightNorm: 5 },
      { layer: 'dense_2', gradNorm: 100, weightNorm: 5 },
    ];
    c.health({ epoch: 9, layers });
    return c.findings().map((f) => f.code);
  };
  assert.ok(!probe(3340).includes('exploding-gradients'));
  assert.ok(probe(0.3).includes('exploding-gradients'));
});

test("noise-floor: a stall at a linear model's val_loss says the features allow no more, instead of prescribing capacity", () => {
  const history = stallHistory();
  const lastVal = history[history.length - 1].logs.val_loss;
  const atFloor = run(history, seedSpec(), seedDataset({ baseline: { trainLoss: 0.2, valLoss: lastVal, model: 'ridge' } }));
  const f = find(atFloor.findings, 'noise-floor');
  assert.ok(f, codes(atFloor.findings).join());
  assert.equal(find(atFloor.findings, 'plateau'), undefined);
  assert.ok(!f.fixes.some((x) => x.kind === 'widenLayers' || x.kind === 'widenWithEarlyStopping'));
  // Far better than linear: the stall is a real plateau again.
  const above = run(history, seedSpec(), seedDataset({ baseline: { trainLoss: 0.5, valLoss: 0.6, model: 'ridge' } }));
  assert.ok(find(above.findings, 'plateau'));
  assert.equal(find(above.findings, 'noise-floor'), undefined);
});

test('still-improving: best val_loss at the last epoch and still falling beyond noise asks for more epochs with EarlyStopping', () => {
  const spec = seedSpec();
  spec.fit.epochs = 100;
  const history: History = synthesize({
    epochs: 100,
    loss: (t) => 0.3 + 0.4 * Math.exp(-t / 60),
    valLoss: (t) => 0.32 + 0.4 * Math.exp(-t / 60),
    noise: 0.002,
    seed: 2,
  });
  const { findings } = run(history, spec, seedDataset());
  const f = find(findings, 'still-improving');
  assert.ok(f, codes(findings).join());
  assert.equal(f.evidence.suggestedEpochs, 200);
  assert.equal(f.fixes[0].kind, 'trainLonger');
  assert.deepEqual(
    f.fixes[0].specEdits.map((e) => e.path.join('.')),
    ['fit.epochs', 'callbacks.earlyStopping'],
  );
  // The same curve stopped by the user half-way is not "the run ended still improving".
  assert.equal(find(run(history.slice(0, 50), spec, seedDataset()).findings, 'still-improving'), undefined);
});

test('stuck: a flat loss with zero gradients is stuck (not "learning rate too low"), fixed by scaling inputs or a smaller rate', () => {
  const spec = fileSpec('none');
  const coach = new Coach({ spec, dataset: seedDataset({ normalize: 'none' }) });
  for (let t = 0; t < 30; t++) {
    coach.update({ epoch: t, logs: { loss: 7.6, val_loss: 7.7, acc: 0.5 }, durationMs: 10 });
    if (t % 10 === 9) coach.health({ epoch: t, layers: [0, 1, 2].map((i) => ({ layer: `dense_${i + 1}`, gradNorm: 0, weightNorm: 4 })) });
  }
  const findings = coach.findings({ fresh: true });
  const f = find(findings, 'stuck');
  assert.ok(f, codes(findings).join());
  assert.equal(f.severity, 'error');
  assert.equal(find(findings, 'lr-too-low'), undefined);
  assert.ok(f.fixes.some((x) => x.kind === 'normalizeFeatures'));
  assert.ok(f.fixes.some((x) => x.kind === 'setLearningRate' && Number(x.params.learningRate) < 0.01));
  // The preferred one is the one the suite measured to help more often (src/coach/measured-effects.ts).
  const rate = (i: number): number => (f.fixes[i].effect ? f.fixes[i].effect.helped / f.fixes[i].effect.runs : -1);
  assert.ok(rate(0) >= rate(1), `${f.fixes.map((x) => `${x.kind} ${JSON.stringify(x.effect)}`).join('; ')}`);
});

test("--fix writes the named finding's own fix, never another finding's, and refuses EarlyStopping on a meaningless validation set", () => {
  const dataset = seedDataset({ trainClassCounts: [25000, 15000], valClassCounts: [0, 10000] });
  const { findings } = run(overfitHistory(), fileSpec('standard'), dataset);
  assert.ok(find(findings, 'sorted-validation'));
  const over = find(findings, 'overfitting');
  if (over) assert.ok(!over.fixes.some((f) => f.kind === 'addEarlyStopping'), 'no EarlyStopping watching a one-class val_loss');
  const chosen = chooseFix(findings);
  assert.equal(chosen?.finding.code, 'sorted-validation');
  assert.equal(chosen?.fix.kind, 'shuffleBeforeSplit');
  // A top finding without a spec fix is reported as such; the next finding's fix is not written instead.
  const imbalance = {
    code: 'class-imbalance' as const,
    severity: 'warning' as const,
    epochs: { start: 0, end: 0 },
    evidence: {},
    rule: '',
    message: '',
    fixes: [],
  };
  const other = {
    ...imbalance,
    code: 'plateau' as const,
    severity: 'info' as const,
    fixes: [{ kind: 'widenLayers' as const, title: 'w', preferred: true, params: {}, specEdits: [{ path: ['x'], value: 1 }] }],
  };
  assert.equal(chooseFix([imbalance, other]), undefined);
  assert.equal(chooseFinding([imbalance, other])?.finding.code, 'class-imbalance');
  assert.equal(chooseFix([imbalance, other], 'plateau')?.fix.kind, 'widenLayers');
});
