import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyFixToSpecFile, chooseFinding, chooseFix, infoFixesNotApplied } from '../../../src/cli/apply-fix';
import { fixWithCode, parseCliArgs } from '../../../src/cli/args';
import { fixNote } from '../../../src/cli/fix-note';
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
  const findings = [finding('class-imbalance', 'warning', [weights]), finding('overfitting', 'warning', [earlyStop])];
  assert.equal(chooseFix(findings)?.finding.code, 'overfitting', 'the training finding goes first');
  assert.equal(chooseFix([findings[0]]), undefined, 'alone, it is still not applied without being named');
  assert.equal(chooseFix(findings, 'class-imbalance')?.fix.kind, 'balanceClassWeights');
});

test('a bare --fix applies only warnings and errors; an info finding is applied when named', () => {
  const info = finding('slow-progress', 'info', [slowLr]);
  assert.equal(chooseFinding([info]), undefined, 'an info finding alone: a bare --fix writes nothing');
  assert.equal(chooseFix([info], 'slow-progress')?.fix.title, 'Lower the learning rate', 'named, it is applied');
  const warning = finding('overfitting', 'warning', [earlyStop]);
  assert.equal(chooseFix([info, warning])?.finding.code, 'overfitting', 'the warning, even when the info finding opened first');
  assert.equal(chooseFix([info, finding('divergence', 'error', [earlyStop])])?.finding.code, 'divergence');
  assert.deepEqual(
    infoFixesNotApplied([info, warning]).map((x) => x.finding.code),
    ['slow-progress'],
  );
  assert.deepEqual(infoFixesNotApplied([finding('noise-floor', 'info', [fix('Nothing to write', true, [])])]), [], 'no spec fix: nothing to list');
});

test('the --fix note says which info fixes a bare --fix left alone and how to apply them', () => {
  const info = finding('slow-progress', 'info', [slowLr]);
  const alone = fixNote({ findings: [info], chosen: chooseFinding([info]), specShown: 'm.fitwatch.json' });
  assert.match(alone, /No warning or error to fix: the spec was not changed/);
  assert.match(alone, /Not applied: slow-progress \("Lower the learning rate"\), info only/);
  assert.match(alone, /run again with --fix slow-progress/);
  const warning = finding('overfitting', 'warning', [earlyStop]);
  const applied = { finding: warning, fix: earlyStop, backup: 'run/spec.before-fix.fitwatch.json' };
  const both = fixNote({ findings: [info, warning], chosen: chooseFinding([info, warning]), applied, specShown: 'm.fitwatch.json' });
  assert.match(both, /^Applied "Add EarlyStopping" \(the fix of overfitting\)/);
  assert.match(both, /Not applied: slow-progress/);
  const named = fixNote({
    findings: [info],
    chosen: chooseFinding([info], 'slow-progress'),
    applied: { finding: info, fix: slowLr, backup: 'b' },
    named: 'slow-progress',
    specShown: 's',
  });
  assert.doesNotMatch(named, /Not applied/);
  assert.match(fixNote({ findings: [], specShown: 's' }), /found nothing to fix/);
});

test('--fix CODE and --fix=CODE name the finding; --fix before a file still reads the file', () => {
  assert.deepEqual(fixWithCode(['train', 's.json', '--fix', 'slow-progress']), ['train', 's.json', '--fix', '--finding', 'slow-progress']);
  assert.deepEqual(fixWithCode(['train', '--fix=noise-floor', 's.json']), ['train', '--fix', '--finding', 'noise-floor', 's.json']);
  assert.deepEqual(fixWithCode(['train', '--fix', 's.json']), ['train', '--fix', 's.json']);
  assert.deepEqual(fixWithCode(['train', '--', '--fix', 'plateau']), ['train', '--', '--fix', 'plateau']);
  const args = parseCliArgs(['train', 's.json', '--fix', 'still-improving']);
  assert.ok(args.command === 'train' && args.fix && args.finding === 'still-improving' && args.target === 's.json');
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
