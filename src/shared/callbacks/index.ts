// Keras reference: keras-team/keras keras/src/callbacks: early_stopping.py @ 9a97f390775f, monitor_callback.py @ 5d24952b083c,
// reduce_lr_on_plateau.py (MonitorCallback-based, Keras 3.10+; reset semantics per its test @ 1cbb88bc30c2).
/** Keras 3 ReduceLROnPlateau and EarlyStopping, shared by the trainer and the coach's what-if replay. */
export type { CallbackModel, CallbackOptions } from './callback-model';
export { EarlyStopping } from './early-stopping';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau';
export { isImprovement, resolveDirection, signedMinDelta, type CallbackSpecLocation, type Direction } from './monitor';
export { float32Repr, pythonFixed5, pythonFloatRepr } from './python-float';
export { bestOf, replayCallbacks, summarizeReplay, type EpochValue, type LrReduction, type ReplayOptions, type ReplayResult } from './replay';
export {
  chooseEarlyStopping,
  chooseReduceLROnPlateau,
  EARLY_STOPPING_PATIENCES,
  EARLY_STOPPING_TOLERANCE,
  REDUCE_LR_MAX_PATIENCE,
  roundToOneDigit,
  type EarlyStoppingChoice,
  type ReduceLROnPlateauChoice,
} from './choose-parameters';
