/**
 * A fast subset of the coach's real-data evaluation suite (tools/coach-eval, docs/coach-eval.md)
 * as a regression guard: public datasets exported from scikit-learn and statsmodels by the pinned
 * venv, one seed, half the epochs. Each problem case must be diagnosed, the fix `--fix` would
 * write must make the delivered model better beyond the noise band, and the healthy case must
 * draw no warning. The full suite is a benchmark (`npm run coach:eval`), not this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTrials, runSuite } from '../../tools/coach-eval/suite';
import { DATASETS, type ConfigName } from '../../tools/coach-eval/cases';

const CASES: [string, ConfigName][] = [
  ['iris', 'sorted'],
  ['iris', 'lr-high'],
  ['breast_cancer', 'raw-features'],
  ['diabetes', 'lr-low'],
  ['wine', 'healthy'],
  ['anes96', 'seed-config'],
];

test('coach-eval subset: every problem case gets a fix that helps, none is made worse, the healthy case is quiet', { timeout: 180_000 }, async () => {
  const trials = [];
  for (const [name, config] of CASES) {
    const ds = DATASETS.find((d) => d.name === name);
    assert.ok(ds, name);
    trials.push(...(await runSuite({ datasets: [ds], configs: [config], seeds: 1, quick: true })));
  }
  const counts = countTrials(trials);
  const detail = trials.map((t) => `${t.dataset}/${t.config}: ${t.findings.map((f) => f.code).join(',')} → ${t.fix ?? '-'} ${t.verdict ?? ''}`).join('\n');
  assert.equal(counts.problemTrials, 5, detail);
  assert.equal(counts.fixed, 5, detail);
  assert.equal(counts.worse, 0, detail);
  assert.ok(counts.helped >= 4, `helped ${counts.helped} of 5\n${detail}`);
  assert.equal(counts.healthyWarned, 0, detail);
  assert.equal(counts.healthyFixed, 0, `a bare --fix wrote a fix on the healthy case\n${detail}`);
  assert.deepEqual(
    trials.filter((t) => t.config !== 'healthy').map((t) => t.finding),
    ['sorted-validation', 'dead-relu', 'unnormalized-features', 'initial-loss', 'overfitting'],
    detail,
  );
});
