/** Test helpers: run a history through a Coach and look findings up by code. */
import type { Finding, FindingCode } from '../../../src/shared/findings';
import type { History } from '../../../src/shared/metrics';
import type { FitwatchSpec } from '../../../src/shared/spec';
import type { DatasetSummary } from '../../../src/shared/dataset';
import { Coach } from '../../../src/coach/coach';
import { seedSpec } from '../../fixtures/histories/specs';

/** Feeds every epoch and returns the coach (for transitions) and its fresh findings. */
export function run(history: History, spec: FitwatchSpec = seedSpec(), dataset?: DatasetSummary, rawSpec?: unknown): { coach: Coach; findings: Finding[] } {
  const coach = new Coach({ spec, dataset, rawSpec });
  for (const r of history) coach.update(r);
  return { coach, findings: coach.findings({ fresh: true }) };
}

/** The finding with `code`, or undefined. */
export function find(findings: Finding[], code: FindingCode): Finding | undefined {
  return findings.find((f) => f.code === code);
}

/** Codes of the findings, sorted, for readable assertion messages. */
export function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code).sort();
}

/** A DatasetSummary for the seed-shaped data, overridable per test. */
export function seedDataset(overrides: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    source: 'sample:seed',
    format: 'sample',
    rows: 50000,
    features: 3,
    featureNames: ['f0', 'f1', 'f2'],
    labelName: 'label',
    task: 'binary',
    classes: ['0', '1'],
    trainClassCounts: [20000, 20000],
    valClassCounts: [5000, 5000],
    trainRows: 40000,
    valRows: 10000,
    normalize: 'standard',
    featureStats: [
      { name: 'f0', mean: 0.1, std: 1, min: -3, max: 3 },
      { name: 'f1', mean: -0.2, std: 0.9, min: -3, max: 3 },
      { name: 'f2', mean: 0, std: 1.1, min: -3, max: 3 },
    ],
    loadMs: 10,
    warnings: [],
    ...overrides,
  };
}
