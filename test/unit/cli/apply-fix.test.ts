import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyFixToSpecFile, chooseFix } from '../../../src/cli/apply-fix';
import type { Finding, Fix } from '../../../src/shared/findings';

const SPEC = `{
  // my model
  "data": { "sample": "seed", "rows": 500 },
  "model": { "layers": [ { "type": "dense", "units": 16, "activation": "relu" }, { "type": "dense", "units": 1, "activation": "sigmoid" } ] },
  "compile": { "loss": "binaryCrossentropy", "optimizer": "adam" },
  "fit": { "epochs": 10, "validationSplit": 0.2 }
}
`;

function fix(title: string, preferred: boolean, specEdits: Fix['specEdits']): Fix {
  return { kind: 'addEarlyStopping', title, preferred, params: {}, specEdits };
}

function finding(code: Finding['code'], severity: Finding['severity'], fixes: Fix[]): Finding {
  return { code, severity, epochs: { start: 0, end: 9 }, evidence: {}, rule: 'r', message: 'm', fixes };
}

const earlyStop = fix('Add EarlyStopping', true, [
  { path: ['callbacks'], value: { earlyStopping: { monitor: 'val_loss', patience: 5, restoreBestWeights: true } } },
]);
const slowLr = fix('Lower the learning rate', true, [{ path: ['compile', 'optimizer'], value: { type: 'adam', learningRate: 0.0001 } }]);

test('chooseFix takes the preferred spec fix of the most severe finding', () => {
  const chosen = chooseFix([finding('slow-progress', 'info', [slowLr]), finding('overfitting', 'warning', [fix('x', false, []), earlyStop])]);
  assert.equal(chosen?.finding.code, 'overfitting');
  assert.equal(chosen?.fix.title, 'Add EarlyStopping');
});

test('chooseFix skips fixes that are instructions without spec edits', () => {
  assert.equal(chooseFix([finding('sorted-validation', 'warning', [fix('Shuffle the file', true, [])])]), undefined);
});

test('a bare --fix never applies a trade-off fix; naming its finding does', () => {
  const weights: Fix = {
    ...fix('Weigh the classes evenly', true, [{ path: ['fit', 'classWeight'], value: 'balanced' }]),
    kind: 'balanceClassWeights',
    tradeoff: 'val_loss rises',
  };
  const findings = [finding('class-imbalance', 'info', [weights]), finding('slow-progress', 'info', [slowLr])];
  assert.equal(chooseFix(findings)?.finding.code, 'slow-progress', 'the training finding goes first');
  assert.equal(chooseFix([findings[0]]), undefined, 'alone, it is still not applied without being named');
  assert.equal(chooseFix(findings, 'class-imbalance')?.fix.kind, 'balanceClassWeights');
});

test('applyFixToSpecFile writes the fix, keeps comments, and saves the text before', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-fix-'));
  const file = join(dir, 'm.fitwatch.json');
  writeFileSync(file, SPEC);
  const applied = applyFixToSpecFile([finding('overfitting', 'warning', [earlyStop])], file, SPEC, dir);
  assert.ok(applied);
  const after = readFileSync(file, 'utf8');
  assert.match(after, /\/\/ my model/);
  assert.match(after, /"earlyStopping"/);
  assert.equal(readFileSync(applied.backup, 'utf8'), SPEC);
});

test('applyFixToSpecFile leaves the file alone when the edit would make it invalid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-fix-'));
  const file = join(dir, 'm.fitwatch.json');
  writeFileSync(file, SPEC);
  const broken = fix('Break it', true, [{ path: ['fit', 'epochs'], value: -3 }]);
  assert.throws(() => applyFixToSpecFile([finding('plateau', 'warning', [broken])], file, SPEC, dir), /would leave the spec invalid/);
  assert.equal(readFileSync(file, 'utf8'), SPEC);
});
