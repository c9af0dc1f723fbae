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

/** When each finding first opens while the coach watches the run epoch by epoch (1-based epochs). */
function liveOpenings(rec: ReturnType<typeof recorded>): Map<string, number[]> {
  const coach = new Coach({ spec: rec.spec, dataset: rec.dataset });
  const openings = new Map<string, number[]>();
  let open = new Set<string>();
  for (const record of rec.history) {
    coach.update(record);
    const now = new Set(coach.findings().map((f) => f.code));
    for (const code of now) if (!open.has(code)) openings.set(code, [...(openings.get(code) ?? []), record.epoch + 1]);
    open = now;
  }
  return openings;
}

test("recorded seed sample (1000 epochs): the seed question's curve, a fast fall then a slow tail of BOTH losses", () => {
  const rec = recorded('seed-1000.json');
  const at = (epoch: number) => rec.history[epoch - 1].logs;
  // Like the question's epoch 82 (loss 0.2036, acc 0.9144, val_loss 0.2400, val_acc 0.8885).
  assert.ok(at(82).loss < 0.25 && at(82).acc > 0.89 && at(82).val_loss < 0.26 && at(82).val_acc > 0.89, JSON.stringify(at(82)));
  // The fall is fast: most of the way from epoch 1 to epoch 1000 is done by epoch 82.
  assert.ok(at(1).loss - at(82).loss > 3 * (at(82).loss - at(1000).loss));
  // Then both keep creeping down for hundreds of epochs, with no early val_loss minimum.
  assert.ok(at(1000).loss < at(455).loss && at(455).loss < at(82).loss);
  const vals = rec.history.map((r) => r.logs.val_loss);
  const best = vals.indexOf(Math.min(...vals));
  assert.ok(best >= 500, `best val_loss at epoch ${best + 1}`);
  assert.ok(Math.min(...vals.slice(400)) < Math.min(...vals.slice(0, 100)), 'val_loss still improves after epoch 400');
});

test('recorded seed sample (1000 epochs): the coach gives the seed answer, plateau with widen + EarlyStopping first, then ReduceLROnPlateau and capacity', () => {
  const rec = recorded('seed-1000.json');
  const findings = diagnose({ history: rec.history, spec: rec.spec, dataset: rec.dataset, finished: true });
  assert.deepEqual(codes(findings), ['plateau']);
  const kinds = findings[0].fixes.map((f) => f.kind);
  assert.deepEqual(kinds.slice(0, 4), ['widenWithEarlyStopping', 'addReduceLROnPlateau', 'widenLayers', 'addLayer']);
  // The explanation of the flattening curve stays in the final state.
  assert.match(findings[0].meaning ?? '', /usual tail of gradient descent/);
  assert.ok(findings[0].fixes[0].preferred);
  // Live: first "still improving, but slowly", then a stall; overfitting never before epoch 450.
  const live = liveOpenings(rec);
  const slow = live.get('slow-progress') ?? [];
  const plateau = live.get('plateau') ?? [];
  assert.ok(slow.length > 0 && slow[0] < 100, `slow-progress opens at ${slow}`);
  assert.ok(plateau.length > 0 && plateau[0] > slow[0], `plateau opens at ${plateau}`);
  for (const epoch of live.get('overfitting') ?? []) assert.ok(epoch > 450, `overfitting opened at epoch ${epoch}`);
  assert.equal(live.get('underfitting'), undefined);
  assert.equal(live.get('lr-too-low'), undefined);
});

test('recorded overfit example (300 epochs): overfitting with a memorised training set, early stopping preferred', () => {
  const rec = recorded('overfit-300.json');
  const findings = diagnose({ history: rec.history, spec: rec.spec, dataset: rec.dataset, finished: true });
  const over = find(findings, 'overfitting');
  assert.ok(over, `got ${codes(findings)}`);
  assert.match(over.message, /is far above loss/);
  assert.deepEqual(
    over.fixes.map((f) => f.kind),
    ['addEarlyStopping', 'addDropout', 'addL2'],
  );
  // Not quiet: oscillation. Once memorised, the training loss bounces between ~0.02 and ~0.1 (batch 32), a real swing.
  for (const quiet of ['divergence', 'plateau', 'lr-too-low', 'unnormalized-features', 'sorted-validation'] as const) {
    assert.equal(find(findings, quiet), undefined, quiet);
  }
});

test('recorded overfit example, live: the overfitting finding opens once and never flaps', () => {
  const openings = liveOpenings(recorded('overfit-300.json')).get('overfitting') ?? [];
  assert.equal(openings.length, 1, `opened at epochs ${openings}`);
});
