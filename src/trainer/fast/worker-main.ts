/**
 * A fast-engine worker thread (bundled as dist/fast-worker.js): instantiates the wasm kernels on
 * the model's shared memory with its own scratch, says `ready`, then blocks on its mailbox slot and
 * runs the matmul slices the main thread hands it until told to exit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateKernels, type KernelExports } from './kernels-wasm';
import { ARGS, DONE, FAILED, OP, OP_EXIT, OP_FORWARD, OP_GRAD_INPUT, OP_GRAD_WEIGHTS, SEQ, SLOT_INTS, type WorkerSetup } from './thread-protocol';

function run(k: KernelExports, box: Int32Array, at: number): void {
  const a = (i: number): number => box[at + ARGS + i];
  const op = box[at + OP];
  if (op === OP_FORWARD) k.denseForward(a(0), a(1), a(2), a(3), a(4), a(5), a(6));
  else if (op === OP_GRAD_WEIGHTS) k.denseGradWeights(a(0), a(1), a(2), a(3), a(4), a(5), a(6));
  else if (op === OP_GRAD_INPUT) k.denseGradInput(a(0), a(1), a(2), a(3), a(4), a(5));
  else throw new Error(`fast worker: unknown op ${op}`);
}

function serve(setup: WorkerSetup): void {
  const k = instantiateKernels(setup.module, setup.memory, setup.scratchByteOffset, setup.scratchBytes);
  const box = new Int32Array(setup.mailbox);
  const at = setup.slot * SLOT_INTS;
  // Read the counter before saying ready: a job posted right after `ready` must look new.
  let seen = Atomics.load(box, at + SEQ);
  parentPort?.postMessage('ready');
  for (;;) {
    Atomics.wait(box, at + SEQ, seen);
    const seq = Atomics.load(box, at + SEQ);
    if (seq === seen) continue;
    seen = seq;
    if (box[at + OP] === OP_EXIT) return;
    try {
      run(k, box, at);
    } catch {
      Atomics.store(box, at + FAILED, 1);
    }
    Atomics.store(box, at + DONE, seq);
    Atomics.notify(box, at + DONE);
  }
}

serve(workerData as WorkerSetup);
