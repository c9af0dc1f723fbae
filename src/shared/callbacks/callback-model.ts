// Keras reference: keras-team/keras keras/src/callbacks (EarlyStopping @ 9a97f390775f, ReduceLROnPlateau MonitorCallback-based, Keras 3.10+).
// Only what those callbacks touch on `self.model`: the optimizer's learning rate, stop_training, get/set_weights.
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
