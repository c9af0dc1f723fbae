/**
 * The seam between the training loop (epochs, callbacks, events, runs on disk) and the
 * arithmetic. Two engines implement it: tfjs (the general reference) and the fast MLP path.
 * The loop owns batch order and the stop flag, so both engines see the same batches.
 */
import type { LayerHealth } from '../shared/protocol/trainer';
import type { EpochLogs } from '../shared/metrics';

/** A compiled model bound to its training and validation data. */
export interface TrainableModel {
  /** Trainable parameter count. */
  readonly parameters: number;
  /** Current learning rate; a set takes effect from the next batch. */
  learningRate: number;
  /**
   * One pass over the training rows in `order`, in batches of the spec's batch size.
   * Returns Keras-style train logs (`loss`, `acc`, …: means over the samples seen).
   * `shouldStop` is checked after every batch; when it returns true the epoch ends early.
   * Implementations yield to the event loop now and then so IPC messages are handled.
   */
  trainEpoch(order: Uint32Array, shouldStop: () => boolean): Promise<EpochLogs>;
  /** Loss and metrics on the validation rows, keys prefixed `val_`; empty when there are none. */
  evaluate(): Promise<EpochLogs>;
  /** Weights in Keras order (kernel, bias per dense layer), copied. */
  getWeights(): Float32Array[];
  /** Restores weights from `getWeights()` (EarlyStopping restoreBestWeights). */
  setWeights(weights: Float32Array[]): void;
  /** Gradient norms and dead-ReLU fractions on one batch; cheap enough for every N epochs. */
  health(): Promise<LayerHealth[]>;
  /** Optimizer slots and step counters plus the dropout PRNG position, for a resume checkpoint. */
  getTrainingState(): Promise<EngineTrainingState>;
  /** Restores `getTrainingState()` (after `setWeights`), so training goes on bit for bit. */
  setTrainingState(state: EngineTrainingState): Promise<void>;
  /** Saves in tfjs layers format (`model.json` + `weights.bin`) into `dir`. */
  save(dir: string): Promise<void>;
  dispose(): void;
}

/** What an engine keeps besides the weights to resume training exactly. */
export interface EngineTrainingState {
  /** Optimizer slot arrays (Adam m and v, RMSprop accumulators, momentum), in a fixed engine order. */
  arrays: Float32Array[];
  /** Optimizer step counters and PRNG positions. */
  scalars: number[];
}
