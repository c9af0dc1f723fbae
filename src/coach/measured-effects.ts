/** Written by `npm run coach:eval -- --write-effects` (tools/coach-eval); key "finding/fixKind". Do not edit by hand. */
import type { FixEffect } from '../shared/findings';

/** Measured effects from the last full suite run (docs/coach-eval.md). */
export const MEASURED_EFFECTS: Readonly<Record<string, FixEffect>> = {
  'dead-relu/lowerLrLongerRun': { runs: 16, helped: 12, worse: 4 },
  'divergence/lowerLrLongerRun': { runs: 6, helped: 3, worse: 1 },
  'initial-loss/lowerLrLongerRun': { runs: 2, helped: 2, worse: 0 },
  'initial-loss/standardizeTarget': { runs: 40, helped: 32, worse: 3 },
  'lr-too-low/setLearningRate': { runs: 13, helped: 5, worse: 0 },
  'noise-floor/addEarlyStopping': { runs: 7, helped: 7, worse: 0 },
  'oscillation/lowerLrLongerRun': { runs: 4, helped: 3, worse: 1 },
  'overfitting/addEarlyStopping': { runs: 28, helped: 24, worse: 0 },
  'slow-progress/addReduceLROnPlateau': { runs: 2, helped: 0, worse: 0 },
  'slow-progress/widenWithEarlyStopping': { runs: 1, helped: 0, worse: 1 },
  'sorted-validation/shuffleBeforeSplit': { runs: 18, helped: 12, worse: 3 },
  'still-improving/trainLonger': { runs: 11, helped: 6, worse: 0 },
  'stuck/normalizeFeatures': { runs: 4, helped: 1, worse: 0 },
  'stuck/setLearningRate': { runs: 5, helped: 4, worse: 0 },
  'underfitting/widenWithEarlyStopping': { runs: 29, helped: 12, worse: 0 },
  'unnormalized-features/normalizeFeatures': { runs: 23, helped: 11, worse: 3 },
};
