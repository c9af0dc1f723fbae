/** Keras' `class_weight="balanced"` weights, shared by the loader (which trains with them) and the coach (which quotes them). */

/** scikit-learn's balanced weights n / (k · n_c) over the training class counts; a class with no rows weighs 0. */
export function balancedClassWeights(trainCounts: readonly number[]): number[] {
  const n = trainCounts.reduce((a, b) => a + b, 0);
  return trainCounts.map((c) => (c > 0 ? n / (trainCounts.length * c) : 0));
}
