import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixesFor, type FixContext } from '../../../src/coach/fixes';
import type { FindingCode } from '../../../src/shared/findings';
import type { FitwatchSpec } from '../../../src/shared/spec';
import { overfitHistory, seedLikeHistory, stallHistory } from '../../fixtures/histories/synthetic';
import { fileSpec, seedSpec } from '../../fixtures/histories/specs';

const ALL_CODES: FindingCode[] = [
  'plateau',
  'slow-progress',
  'underfitting',
  'overfitting',
  'divergence',
  'oscillation',
  'lr-too-low',
  'unnormalized-features',
  'sorted-validation',
  'class-imbalance',
  'initial-loss',
  'dead-relu',
  'vanishing-gradients',
  'exploding-gradients',
];

function withCallbacks(): FitwatchSpec {
  return seedSpec({
    callbacks: {
      reduceLROnPlateau: { monitor: 'val_loss', factor: 0.2, patience: 5, mode: 'auto', minDelta: 1e-4, cooldown: 0, minLr: 1e-5 },
      earlyStopping: { monitor: 'val_loss', minDelta: 0, patience: 20, mode: 'auto', baseline: null, restoreBestWeights: true, startFromEpoch: 0 },
    },
  });
}

test('every finding code gets at most one preferred fix, first in the list', () => {
  const ctx: FixContext = { spec: fileSpec('none'), history: stallHistory() };
  for (const code of ALL_CODES) {
    const fixes = fixesFor(code, ctx);
    assert.ok(fixes.filter((f) => f.preferred).length === (fixes.length > 0 ? 1 : 0), code);
    if (fixes.length > 0) assert.equal(fixes[0].preferred, true, code);
  }
});

test('fixes never add a callback the spec already has', () => {
  const spec = withCallbacks();
  for (const history of [stallHistory(), overfitHistory(), seedLikeHistory()]) {
    for (const code of ALL_CODES) {
      for (const fix of fixesFor(code, { spec, history })) {
        assert.notEqual(fix.kind, 'addReduceLROnPlateau', code);
        assert.notEqual(fix.kind, 'addEarlyStopping', code);
        for (const e of fix.specEdits) assert.notDeepEqual(e.path, ['callbacks', 'reduceLROnPlateau'], code);
      }
    }
  }
});

test('with reduceLROnPlateau already firing on the plateau, capacity becomes the preferred fix', () => {
  const fixes = fixesFor('plateau', { spec: withCallbacks(), history: stallHistory() });
  // EarlyStopping is already there, so the compound widen + EarlyStopping is not offered.
  assert.equal(fixes[0].kind, 'widenLayers');
});

test('an existing reduceLROnPlateau that never fired is tuned (smaller patience), not duplicated', () => {
  const spec = seedSpec({
    callbacks: { reduceLROnPlateau: { monitor: 'val_loss', factor: 0.1, patience: 500, mode: 'auto', minDelta: 1e-4, cooldown: 0, minLr: 0 } },
  });
  const first = fixesFor('plateau', { spec, history: stallHistory() }).find((f) => f.kind.endsWith('ReduceLROnPlateau'));
  assert.ok(first);
  assert.equal(first.kind, 'tuneReduceLROnPlateau');
  assert.deepEqual(first.specEdits[0], { path: ['callbacks', 'reduceLROnPlateau', 'patience'], value: 250 });
});

test('overfitting with earlyStopping present prefers dropout; dropout is not offered twice', () => {
  const fixes = fixesFor('overfitting', { spec: withCallbacks(), history: overfitHistory() });
  assert.deepEqual(
    fixes.map((f) => f.kind),
    ['addDropout', 'addL2'],
  );
  const withDropout = seedSpec();
  withDropout.model.layers.splice(1, 0, { type: 'dropout', rate: 0.3 });
  assert.ok(!fixesFor('overfitting', { spec: withDropout, history: overfitHistory() }).some((f) => f.kind === 'addDropout'));
});

test('reduceLROnPlateau params are sane: factor in (0,1), patience ≥ 1, minDelta and minLr small and positive', () => {
  for (const history of [stallHistory(), seedLikeHistory(), overfitHistory()]) {
    const fix = fixesFor('plateau', { spec: seedSpec(), history }).find((f) => f.kind === 'addReduceLROnPlateau');
    assert.ok(fix);
    const p = fix.params;
    assert.equal(p.monitor, 'val_loss');
    assert.ok(typeof p.factor === 'number' && p.factor > 0 && p.factor < 1);
    assert.ok(typeof p.patience === 'number' && Number.isInteger(p.patience) && p.patience >= 1 && p.patience <= 50);
    assert.ok(typeof p.minDelta === 'number' && p.minDelta > 0 && p.minDelta < 0.01);
    assert.ok(typeof p.minLr === 'number' && p.minLr > 0 && p.minLr < 0.01);
    assert.deepEqual(fix.specEdits, [{ path: ['callbacks', 'reduceLROnPlateau'], value: p }]);
    assert.match(fix.rationale ?? '', /reduceLROnPlateau\(factor 0\.5, patience \d+\) would have reduced the learning rate/);
  }
});

test('earlyStopping params: patience keeps the run best, restoreBestWeights on', () => {
  const [fix] = fixesFor('overfitting', { spec: seedSpec(), history: overfitHistory() });
  assert.equal(fix.kind, 'addEarlyStopping');
  assert.equal(fix.params.restoreBestWeights, true);
  assert.ok(typeof fix.params.patience === 'number' && fix.params.patience >= 5 && fix.params.patience <= 50);
});

test('learning-rate edits follow the file: one field for an object optimizer, an object for a bare "adam"', () => {
  const history = stallHistory();
  const objectRaw = { compile: { optimizer: { type: 'adam', learningRate: 0.01 } } };
  const bareRaw = { compile: { optimizer: 'adam' } };
  const lr = (rawSpec?: unknown) => fixesFor('divergence', { spec: seedSpec(), history, rawSpec }).find((f) => f.kind === 'setLearningRate');
  assert.deepEqual(lr(objectRaw)?.specEdits, [{ path: ['compile', 'optimizer', 'learningRate'], value: 0.001 }]);
  assert.deepEqual(lr(bareRaw)?.specEdits, [{ path: ['compile', 'optimizer'], value: { type: 'adam', learningRate: 0.001 } }]);
  assert.deepEqual(lr()?.specEdits, [
    { path: ['compile', 'optimizer'], value: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
  ]);
});

test('callback edits merge into an existing callbacks object field by field', () => {
  const raw = { callbacks: { reduceLROnPlateau: {} } };
  // The resolved spec has no reduceLROnPlateau (e.g. the file's object is being written), so the add path is used.
  const fix = fixesFor('plateau', { spec: seedSpec(), history: stallHistory(), rawSpec: raw }).find((f) => f.kind === 'addReduceLROnPlateau');
  assert.ok(fix);
  assert.ok(fix.specEdits.length > 1);
  assert.ok(fix.specEdits.every((e) => e.path[0] === 'callbacks' && e.path[1] === 'reduceLROnPlateau' && e.path.length === 3));
});

test('widen doubles hidden layers only; add-layer inserts a relu layer before the output', () => {
  const fixes = fixesFor('underfitting', { spec: seedSpec(), history: stallHistory() });
  const widen = fixes.find((f) => f.kind === 'widenLayers');
  assert.deepEqual(widen?.specEdits, [
    { path: ['model', 'layers', 0, 'units'], value: 32 },
    { path: ['model', 'layers', 1, 'units'], value: 32 },
  ]);
  const add = fixes.find((f) => f.kind === 'addLayer');
  assert.deepEqual(add?.specEdits, [{ path: ['model', 'layers', 2], value: { type: 'dense', units: 16, activation: 'relu' }, insert: true }]);
});

test('dropout inserts after each hidden layer, back to front so indices stay valid', () => {
  const fix = fixesFor('overfitting', { spec: seedSpec(), history: overfitHistory() }).find((f) => f.kind === 'addDropout');
  assert.deepEqual(
    fix?.specEdits.map((e) => [e.path, e.insert]),
    [
      [['model', 'layers', 2], true],
      [['model', 'layers', 1], true],
    ],
  );
});

test('normalize is offered only when the spec does not scale; learning rate stays within [1e-6, 1]', () => {
  assert.deepEqual(fixesFor('unnormalized-features', { spec: fileSpec('standard'), history: [] }), []);
  const tiny = seedSpec({ compile: { ...seedSpec().compile, optimizer: { type: 'sgd', learningRate: 5e-6, momentum: 0, nesterov: false } } });
  assert.ok(!fixesFor('divergence', { spec: tiny, history: [] }).some((f) => f.kind === 'setLearningRate'));
  const huge = seedSpec({ compile: { ...seedSpec().compile, optimizer: { type: 'sgd', learningRate: 0.5, momentum: 0, nesterov: false } } });
  assert.deepEqual(fixesFor('lr-too-low', { spec: huge, history: [] }), []);
});

test("a stalled run at a rate far above the optimizer's default gets the lower rate first, not more capacity", () => {
  const base = seedSpec();
  const at = (learningRate: number): FitwatchSpec => ({ ...base, compile: { ...base.compile, optimizer: { ...base.compile.optimizer, learningRate } } });
  for (const code of ['plateau', 'slow-progress', 'underfitting'] as const) {
    const high = fixesFor(code, { spec: at(0.2), history: stallHistory() });
    assert.equal(high[0].kind, 'lowerLrLongerRun', `${code} at Adam 0.2: ${high.map((f) => f.kind).join(', ')}`);
    assert.match(high[0].rationale ?? '', /200× Keras' default for adam/);
    // The seed question's Adam 0.01 is 10× the default: a capacity fix may lead there.
    const seed = fixesFor(code, { spec: at(0.01), history: stallHistory() });
    assert.ok(!seed.some((f) => f.kind === 'lowerLrLongerRun' && f.rationale?.includes("Keras' default")), `${code} at Adam 0.01`);
  }
});
