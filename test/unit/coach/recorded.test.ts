import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Coach } from '../../../src/coach/coach';
import { diagnose } from '../../../src/coach/diagnose';
import type { DatasetSummary } from '../../../src/shared/dataset';
import type { History } from '../../../src/shared/metrics';
import { parseSpec, applySpecEdits } from '../../../src/shared/spec';
import { codes, find } from './helpers';

/** A run recorded by `coach-eval --record` with the real trainer (wasm backend, fast engine). */
interface Recorded {
  spec: string;
  epochs: number;
  dataset: DatasetSummary;
  history: History;
}

const ROOT = join(__dirname, '../../..');

function recorded(name: string) {
  const rec = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/histories/recorded', name), 'utf8')) as Recorded;
  const file = join(ROOT, rec.spec);
  const text = applySpecEdits(readFileSync(file, 'utf8'), [{ path: ['fit', 'epochs'], value: rec.epochs }]);
  const spec = parseSpec(text, file).spec;
  assert.ok(spec);
  return { ...rec, spec };
}

test('recorded seed sample (150 epochs): val_loss bottoms out at epoch 3, so it is overfitting and nothing else', () => {
  const rec = recorded('seed-150.json');
  const findings = diagnose({ history: rec.history, spec: rec.spec, dataset: rec.dataset, finished: true });
  assert.deepEqual(codes(findings), ['overfitting']);
  const over = findings[0];
  assert.equal(over.evidence.bestEpoch, 2);
  assert.equal(over.fixes[0].kind, 'addEarlyStopping');
  assert.match(over.fixes[0].rationale ?? '', /would have stopped at epoch \d+, \d+% less time, best val_loss 0\.2325 at epoch 3/);
  // The train loss is still creeping down, but while val_loss rises that is not worth a finding.
  assert.equal(find(findings, 'slow-progress'), undefined);
});

test('recorded overfit example (300 epochs): overfitting with a memorised training set, early stopping preferred', () => {
  const rec = recorded('overfit-300.json');
  const findings = diagnose({ history: rec.history, spec: rec.spec, dataset: rec.dataset, finished: true });
  const over = find(findings, 'overfitting');
  assert.ok(over, `got ${codes(findings)}`);
  assert.match(over.message, /is far above loss/);
  assert.deepEqual(over.fixes.map((f) => f.kind), ['addEarlyStopping', 'addDropout', 'addL2']);
  for (const quiet of ['divergence', 'oscillation', 'plateau', 'lr-too-low', 'unnormalized-features', 'sorted-validation'] as const) {
    assert.equal(find(findings, quiet), undefined, quiet);
  }
});

test('recorded runs, live: the overfitting finding opens once and never flaps', () => {
  for (const name of ['seed-150.json', 'overfit-300.json']) {
    const rec = recorded(name);
    const coach = new Coach({ spec: rec.spec, dataset: rec.dataset });
    let opened = 0;
    let open = false;
    for (const record of rec.history) {
      coach.update(record);
      const now = coach.findings().some((f) => f.code === 'overfitting');
      if (now && !open) opened++;
      open = now;
    }
    assert.equal(opened, 1, name);
  }
});
