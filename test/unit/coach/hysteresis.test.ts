import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coach } from '../../../src/coach/coach';
import type { FindingCode } from '../../../src/shared/findings';
import { overfitHistory, seedLikeHistory, thresholdNoiseHistory } from '../../fixtures/histories/synthetic';
import { seedSpec } from '../../fixtures/histories/specs';

const CURVE_CODES: FindingCode[] = ['plateau', 'slow-progress', 'underfitting', 'overfitting', 'divergence', 'oscillation', 'lr-too-low'];

/** Open/close events per code across the run, counted from the outside (what the panel would see). */
function flips(history: ReturnType<typeof seedLikeHistory>): Map<FindingCode, number> {
  const coach = new Coach({ spec: seedSpec() });
  const seen = new Map<FindingCode, number>();
  let before = new Set<FindingCode>();
  for (const r of history) {
    coach.update(r);
    const now = new Set(coach.findings().map((f) => f.code));
    for (const c of CURVE_CODES) if (now.has(c) !== before.has(c)) seen.set(c, (seen.get(c) ?? 0) + 1);
    before = now;
  }
  return seen;
}

for (const [label, rate] of [
  ['the 1% plateau threshold', 0.01],
  ['the 10% slow-progress threshold', 0.1],
] as const) {
  for (const seed of [19, 23, 29]) {
    test(`no flapping across 200 epochs of 1% noise around ${label} (seed ${seed})`, () => {
      const seen = flips(thresholdNoiseHistory(250, rate, 0.01, seed));
      for (const [code, n] of seen) assert.ok(n <= 2, `${code} opened/closed ${n} times`);
      const total = [...seen.values()].reduce((a, b) => a + b, 0);
      assert.ok(total <= 3, `total transitions ${total}: ${JSON.stringify([...seen])}`);
    });
  }
}

test('a regime is one finding whose epoch range grows and whose evidence updates', () => {
  const coach = new Coach({ spec: seedSpec() });
  const history = seedLikeHistory();
  const ranges: { start: number; end: number; improvement: number }[] = [];
  for (const r of history) {
    coach.update(r);
    const slow = coach.findings().find((f) => f.code === 'slow-progress');
    if (slow) ranges.push({ ...slow.epochs, improvement: slow.evidence.improvement });
  }
  assert.ok(ranges.length > 300, `open for ${ranges.length} epochs`);
  assert.ok(
    ranges.every((r) => r.start === ranges[0].start),
    'the start stays put',
  );
  for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i].end, ranges[i - 1].end + 1);
  assert.notEqual(ranges[0].improvement, ranges[ranges.length - 1].improvement, 'evidence follows the curve');
  assert.equal(coach.transitions('slow-progress'), 1);
});

test('overfitting opens once and stays open through a noisy val_loss', () => {
  const seen = flips(overfitHistory(250, 60, 31));
  assert.equal(seen.get('overfitting'), 1);
});

test('a finding clears when the condition is clearly gone: a stall followed by renewed descent', () => {
  // Flat for 120 epochs, then the rate drop kicks in and the loss falls 30% per 40 epochs.
  const history = thresholdNoiseHistory(120, 0.0, 0.002).concat(thresholdNoiseHistory(120, 0.3, 0.002).map((r, i) => ({ ...r, epoch: 120 + i })));
  const coach = new Coach({ spec: seedSpec() });
  let sawPlateau = false;
  for (const r of history) {
    coach.update(r);
    if (coach.findings().some((f) => f.code === 'plateau')) sawPlateau = true;
  }
  assert.ok(sawPlateau);
  assert.equal(
    coach.findings().find((f) => f.code === 'plateau'),
    undefined,
  );
  assert.equal(coach.transitions('plateau'), 2);
});
