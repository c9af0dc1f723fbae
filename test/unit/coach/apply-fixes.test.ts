import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { fixesFor } from '../../../src/coach/fixes';
import type { Fix, FindingCode } from '../../../src/shared/findings';
import { applySpecEdits, parseSpec } from '../../../src/shared/spec';
import type { DenseLayerSpec, FitwatchSpec } from '../../../src/shared/spec';
import { overfitHistory, stallHistory } from '../../fixtures/histories/synthetic';

const SEED_FILE = join(__dirname, '../../../examples/seed.fitwatch.json');
const seedText = readFileSync(SEED_FILE, 'utf8');

function load(text: string): FitwatchSpec {
  const { spec, problems } = parseSpec(text, SEED_FILE);
  assert.deepEqual(
    problems.filter((p) => p.severity === 'error'),
    [],
  );
  assert.ok(spec);
  return spec;
}

function applied(text: string, fix: Fix): FitwatchSpec {
  return load(applySpecEdits(text, fix.specEdits, SEED_FILE));
}

const CODES: FindingCode[] = ['plateau', 'underfitting', 'overfitting', 'divergence', 'lr-too-low', 'unnormalized-features', 'dead-relu'];

test('every fix the coach offers on the seed spec applies cleanly to the real file and parses', () => {
  const spec = load(seedText);
  const rawSpec: unknown = parseJsonc(seedText);
  for (const history of [stallHistory(), overfitHistory()]) {
    for (const code of CODES) {
      for (const fix of fixesFor(code, { spec, rawSpec, history })) {
        const after = applySpecEdits(seedText, fix.specEdits, SEED_FILE);
        const { problems } = parseSpec(after, SEED_FILE);
        assert.deepEqual(
          problems.filter((p) => p.severity === 'error'),
          [],
          `${code}/${fix.kind}`,
        );
        if (fix.specEdits.length > 0) assert.notEqual(after, seedText, `${code}/${fix.kind} changed nothing`);
        assert.match(after, /Dense\(16, input_dim=X\.shape\[1\], activation='relu'\)/, 'comments survive');
      }
    }
  }
});

test('applied fixes do what they say: reduceLROnPlateau, widen, add layer, dropout, L2, learning rate', () => {
  const spec = load(seedText);
  const rawSpec: unknown = parseJsonc(seedText);
  const byKind = (code: FindingCode, kind: Fix['kind'], history = stallHistory()): Fix => {
    const fix = fixesFor(code, { spec, rawSpec, history }).find((f) => f.kind === kind);
    assert.ok(fix, `${code} offers ${kind}`);
    return fix;
  };
  const rlr = byKind('plateau', 'addReduceLROnPlateau');
  assert.equal(applied(seedText, rlr).callbacks.reduceLROnPlateau?.patience, rlr.params.patience);

  const wide = applied(seedText, byKind('plateau', 'widenLayers')).model.layers as DenseLayerSpec[];
  assert.deepEqual(
    wide.map((l) => l.units),
    [32, 32, 1],
  );

  const deeper = applied(seedText, byKind('plateau', 'addLayer')).model.layers as DenseLayerSpec[];
  assert.deepEqual(
    deeper.map((l) => [l.units, l.activation]),
    [
      [16, 'relu'],
      [16, 'relu'],
      [16, 'relu'],
      [1, 'sigmoid'],
    ],
  );

  const dropped = applied(seedText, byKind('overfitting', 'addDropout', overfitHistory())).model.layers;
  assert.deepEqual(
    dropped.map((l) => l.type),
    ['dense', 'dropout', 'dense', 'dropout', 'dense'],
  );

  const l2 = applied(seedText, byKind('overfitting', 'addL2', overfitHistory())).model.layers as DenseLayerSpec[];
  assert.deepEqual(
    l2.map((l) => l.kernelRegularizer?.l2 ?? 0),
    [1e-4, 1e-4, 0],
  );

  const es = applied(seedText, byKind('overfitting', 'addEarlyStopping', overfitHistory())).callbacks.earlyStopping;
  assert.equal(es?.restoreBestWeights, true);

  const slower = applied(seedText, byKind('divergence', 'setLearningRate')).compile.optimizer;
  assert.deepEqual([slower.type, slower.learningRate], ['adam', 0.001]);
});

test('a bare "adam" optimizer becomes an object with the new rate', () => {
  const text = seedText.replace('{ "type": "adam", "learningRate": 0.01 }', '"adam"');
  const spec = load(text);
  const [fix] = fixesFor('lr-too-low', { spec, rawSpec: parseJsonc(text), history: stallHistory() });
  const opt = applied(text, fix).compile.optimizer;
  assert.deepEqual([opt.type, opt.learningRate], ['adam', 0.003]);
});
