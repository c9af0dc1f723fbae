/**
 * The host side of the trainer channel: forks dist/trainer.js and speaks the IPC protocol. Used
 * by the VS Code host and the CLI; it never loads tfjs (the child does).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseTrainerWire,
  TRAINER_PROTOCOL_VERSION,
  type StartRequest,
  type TrainerExit,
  type TrainerHandle,
  type TrainerToHost,
} from '../shared/protocol/trainer';

export type { StartRequest, TrainerExit } from '../shared/protocol/trainer';

/** Something that can be released; listeners return one. */
type Disposable = { dispose(): void };

/** Options for forking the trainer. */
export interface TrainerProcessOptions {
  /** Path of the trainer bundle; defaults to `trainer.js` beside this bundle (dist/). */
  trainerPath?: string;
  env?: NodeJS.ProcessEnv;
}

/** Most of the child's stderr kept for error reports; older output is dropped. */
const LOG_LIMIT = 64 * 1024;

/** Where dist/trainer.js is: next to the bundle that imports this file, or dist/ of the repo when run from source. */
export function defaultTrainerPath(): string {
  const beside = join(__dirname, 'trainer.js');
  if (existsSync(beside)) return beside;
  return join(__dirname, '..', '..', 'dist', 'trainer.js');
}

/** A forked trainer; `dispose()` kills it, so an owner can tie its lifetime to a run or a window. */
export class TrainerProcess implements TrainerHandle {
  /** Resolves when the child has exited. */
  readonly exited: Promise<TrainerExit>;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<(msg: TrainerToHost) => void>();
  private log = '';
  private exit: TrainerExit | undefined;

  constructor(options: TrainerProcessOptions = {}) {
    const path = options.trainerPath ?? defaultTrainerPath();
    if (!existsSync(path)) throw new Error(`The trainer bundle ${path} does not exist; run \`npm run build\` first.`);
    this.child = fork(path, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [], env: options.env ?? process.env });
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.setEncoding('utf8');
    // stdout is never parsed (the protocol is IPC only) but must be drained, and is kept for the log.
    this.child.stderr?.on('data', (chunk: string) => this.appendLog(chunk));
    this.child.stdout?.on('data', (chunk: string) => this.appendLog(chunk));
    this.child.on('message', (raw: unknown) => {
      const messages = parseTrainerWire(raw);
      if (!messages) {
        this.appendLog(`[client] ignored a malformed message: ${JSON.stringify(raw)?.slice(0, 200)}\n`);
        return;
      }
      for (const msg of messages) for (const l of [...this.listeners]) l(msg);
    });
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': Node may emit 'exit' before the last IPC messages (the epoch,
      // done) are delivered; 'close' comes after the child's stdio and IPC channel have closed.
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      this.child.on('error', (err) => {
        this.appendLog(`[client] ${err.message}\n`);
      });
    });
  }

  /** The child's process id (for /proc readings in benchmarks). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the child is still running. */
  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The child's captured stderr/stdout (the last 64 KB), for error reports. */
  get stderr(): string {
    return this.log;
  }

  /** Starts the run. */
  start(request: StartRequest): void {
    this.post({ type: 'start', protocol: TRAINER_PROTOCOL_VERSION, ...request });
  }

  /** Calls `listener` for every message from the trainer until disposed. */
  onMessage(listener: (msg: TrainerToHost) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Sets the learning rate from the next batch on. */
  setLearningRate(learningRate: number): void {
    this.post({ type: 'setLearningRate', learningRate });
  }

  /**
   * Asks for a graceful stop (finish the batch, flush, save); kills the child with SIGKILL if it
   * has not exited after `timeoutMs`.
   */
  async stop(timeoutMs = 10_000): Promise<TrainerExit> {
    if (this.exit) return this.exit;
    this.post({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (!this.exit) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Kills the child at once (no graceful stop). */
  dispose(): void {
    this.listeners.clear();
    if (!this.exit) this.child.kill('SIGKILL');
  }

  /** Sends a raw message; tests use it to check the trainer's validation. */
  post(msg: unknown): void {
    if (this.exit || !this.child.connected) return;
    this.child.send(msg as object, (err) => {
      if (err) this.appendLog(`[client] send failed: ${err.message}\n`);
    });
  }

  private appendLog(chunk: string): void {
    this.log += chunk;
    if (this.log.length > LOG_LIMIT) this.log = this.log.slice(-LOG_LIMIT);
  }
}
