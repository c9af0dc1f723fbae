/**
 * The fast engine's worker-thread mailbox: one Int32Array over a SharedArrayBuffer, a slot of
 * SLOT_INTS per worker. The main thread writes a job's op and arguments, then bumps SEQ and
 * notifies; the worker runs it and stores the same number in DONE and notifies back. Atomics
 * wait/notify instead of postMessage: no event-loop turn and no message copy per call.
 */

/** Int32s per worker slot. */
export const SLOT_INTS = 16;
/** Slot fields: the job counter the main thread bumps, the counter the worker answers with, the op, a failure flag. */
export const SEQ = 0;
export const DONE = 1;
export const OP = 2;
export const FAILED = 3;
/** First of the op's (up to 7) integer arguments: byte offsets and sizes, as the wasm exports take them. */
export const ARGS = 4;

/** Jobs a worker runs: the three matmuls on its rows, and leaving its loop. */
export const OP_FORWARD = 1;
export const OP_GRAD_WEIGHTS = 2;
export const OP_GRAD_INPUT = 3;
export const OP_EXIT = 4;

/** What a worker is started with (its workerData). */
export interface WorkerSetup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  mailbox: SharedArrayBuffer;
  /** This worker's slot index. */
  slot: number;
  /** Its own packing scratch in the heap (bytes). */
  scratchByteOffset: number;
  scratchBytes: number;
}
