/** What a callback may touch: the learning rate, the stop flag and (for restore) weights. */
export interface CallbackModel<W> {
  getLearningRate(): number;
  setLearningRate(lr: number): void;
  stopTraining: boolean;
  getWeights(): W;
  setWeights(w: W): void;
}

/** Options that do not change behaviour: where the spec lives, so errors can point into it. */
export interface CallbackOptions {
  specFile?: string;
}
