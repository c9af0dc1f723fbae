/** Written by `npm run coach:eval -- --write-effects` (tools/coach-eval); key "finding/fixKind@context". Do not edit by hand. */
import type { FixEffect } from '../shared/findings';

/** Measured effects from the last full suite run (docs/coach-eval.md). */
export const MEASURED_EFFECTS: Readonly<Record<string, FixEffect>> = {
  'dead-relu/lowerLrLongerRun@scaled-inputs': { runs: 18, helped: 18, worse: 0 },
  'dead-relu/normalizeFeatures@raw-inputs': { runs: 1, helped: 0, worse: 0 },
  'divergence/lowerLrLongerRun@raw-inputs': { runs: 1, helped: 1, worse: 0 },
  'divergence/lowerLrLongerRun@scaled-inputs': { runs: 8, helped: 8, worse: 0 },
  'initial-loss/standardizeTarget@scaled-inputs': { runs: 40, helped: 35, worse: 1 },
  'lr-too-low/setLearningRate@scaled-inputs': { runs: 13, helped: 13, worse: 0 },
  'noise-floor/addEarlyStopping@scaled-inputs': { runs: 6, helped: 6, worse: 0 },
  'oscillation/lowerLrLongerRun@scaled-inputs': { runs: 3, helped: 3, worse: 0 },
  'overfitting/addEarlyStopping@scaled-inputs': { runs: 28, helped: 25, worse: 0 },
  'plateau/lowerLrLongerRun@scaled-inputs': { runs: 1, helped: 1, worse: 0 },
  'slow-progress/addReduceLROnPlateau@scaled-inputs': { runs: 2, helped: 0, worse: 1 },
  'slow-progress/widenWithEarlyStopping@scaled-inputs': { runs: 2, helped: 2, worse: 0 },
  'sorted-validation/shuffleBeforeSplit@scaled-inputs': { runs: 18, helped: 9, worse: 0 },
  'still-improving/trainLonger@raw-inputs': { runs: 1, helped: 1, worse: 0 },
  'still-improving/trainLonger@scaled-inputs': { runs: 10, helped: 5, worse: 0 },
  'stuck/normalizeFeatures@raw-inputs': { runs: 3, helped: 3, worse: 0 },
  'stuck/setLearningRate@scaled-inputs': { runs: 3, helped: 2, worse: 0 },
  'underfitting/widenWithEarlyStopping@scaled-inputs': { runs: 29, helped: 22, worse: 0 },
  'unnormalized-features/normalizeFeatures@raw-inputs': { runs: 23, helped: 11, worse: 3 },
};
