/**
 * The main thread's side of the fast engine's worker threads: starts them on the model's shared
 * memory, hands each a job through its mailbox slot (thread-protocol.ts) and blocks until they
 * answer. Workers are unref'd and terminated on close, so they never keep a process alive.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ARGS, DONE, FAILED, OP, OP_EXIT, SEQ, SLOT_INTS, type WorkerSetup } from './thread-protocol';

/** File name of the worker bundle, written beside the trainer bundle by scripts/build.mjs. */
export const WORKER_FILE = 'fast-worker.js';
/** A worker that has not answered a job after this long is taken for dead (a 512-wide batch takes milliseconds). */
const ANSWER_TIMEOUT_MS = 60_000;

/** How to start a worker: the bundle beside this one, or (run from source under tsx: tests) the TypeScript source. */
export interface WorkerScript {
  file: string;
  /** The source needs tsx's CommonJS hook, which a worker does not inherit from --import tsx. */
  viaTsx: boolean;
}

/** Where the worker script is, or undefined when neither the bundle nor the source is there. */
export function workerScript(): WorkerScript | undefined {
  const bundled = join(__dirname, WORKER_FILE);
  if (existsSync(bundled)) return { file: bundled, viaTsx: false };
  const source = join(__dirname, 'worker-main.ts');
  return existsSync(source) ? { file: source, viaTsx: true } : undefined;
}

function spawnWorker(script: WorkerScript, workerData: WorkerSetup): Worker {
  if (!script.viaTsx) return new Worker(script.file, { workerData });
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(script.file)});`;
  return new Worker(boot, { eval: true, workerData });
}

/** What each worker needs besides its slot: the kernels, the heap, and its scratch range. */
export interface WorkerPlan {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of each worker's scratch, one per worker. */
  scratchByteOffsets: number[];
  scratchBytes: number;
}

/** A started set of workers sharing one heap. */
export class ThreadPool {
  private readonly box: Int32Array;
  private readonly seq: number[];
  private closed = false;

  private constructor(
    private readonly workers: Worker[],
    mailbox: SharedArrayBuffer,
  ) {
    this.box = new Int32Array(mailbox);
    this.seq = workers.map(() => 0);
  }

  /** Starts one worker per scratch offset and resolves once every one has its kernels instantiated. */
  static async start(plan: WorkerPlan, script = workerScript()): Promise<ThreadPool> {
    if (!script) throw new Error(`fast engine: the worker script ${WORKER_FILE} was not found beside ${__dirname}; run \`npm run build\``);
    const mailbox = new SharedArrayBuffer(plan.scratchByteOffsets.length * SLOT_INTS * 4);
    const workers = plan.scratchByteOffsets.map((scratchByteOffset, slot) => {
      const setup: WorkerSetup = { module: plan.module, memory: plan.memory, mailbox, slot, scratchByteOffset, scratchBytes: plan.scratchBytes };
      return spawnWorker(script, setup);
    });
    const ready = workers.map(
      (w, i) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', (e) => reject(new Error(`fast engine: worker thread ${i + 1} failed to start: ${e.message}`)));
          w.once('exit', (code) => reject(new Error(`fast engine: worker thread ${i + 1} exited (code ${code}) before it was ready`)));
        }),
    );
    try {
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    for (const w of workers) {
      w.removeAllListeners();
      // A worker that dies later is noticed by the next job's answer timeout; an 'error' without a
      // listener would take the whole trainer down instead.
      w.on('error', () => undefined);
      w.unref();
    }
    return new ThreadPool(workers, mailbox);
  }

  /** Worker threads (the main thread, which does its own slice, not counted). */
  get size(): number {
    return this.workers.length;
  }

  /** Hands worker `i` a job: `op` with up to 7 integer arguments; returns at once. */
  post(i: number, op: number, args: readonly number[]): void {
    if (this.closed) throw new Error('fast engine: the worker threads were closed');
    const at = i * SLOT_INTS;
    this.box[at + OP] = op;
    for (let a = 0; a < args.length; a++) this.box[at + ARGS + a] = args[a];
    this.seq[i] = (this.seq[i] + 1) | 0;
    Atomics.store(this.box, at + SEQ, this.seq[i]);
    Atomics.notify(this.box, at + SEQ);
  }

  /** Blocks until workers 0 … count − 1 have answered their last job; throws if one failed or went silent. */
  wait(count: number): void {
    for (let i = 0; i < count; i++) {
      const at = i * SLOT_INTS;
      const deadline = Date.now() + ANSWER_TIMEOUT_MS;
      for (;;) {
        const done = Atomics.load(this.box, at + DONE);
        if (done === this.seq[i]) break;
        if (Date.now() > deadline) throw new Error(`fast engine: worker thread ${i + 1} did not answer in ${ANSWER_TIMEOUT_MS / 1000} s`);
        Atomics.wait(this.box, at + DONE, done, 1000);
      }
      if (Atomics.exchange(this.box, at + FAILED, 0) !== 0) throw new Error(`fast engine: a kernel failed in worker thread ${i + 1}`);
    }
  }

  /** Tells every worker to leave its loop and terminates it; later posts throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.workers.forEach((_, i) => {
      const at = i * SLOT_INTS;
      this.box[at + OP] = OP_EXIT;
      Atomics.add(this.box, at + SEQ, 1);
      Atomics.notify(this.box, at + SEQ);
    });
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
