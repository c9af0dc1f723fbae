/**
 * The CLI side of `fitwatch predict`: forks dist/predict.js (which loads tfjs) and waits for its
 * one answer. Predictions without --out go straight to the CLI's stdout (inherited).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PredictRequest, PredictToCli } from '../shared/protocol/predict';

/** Where dist/predict.js is: next to the bundle that imports this file, or dist/ of the repo when run from source. */
export function defaultPredictPath(): string {
  const beside = join(__dirname, 'predict.js');
  if (existsSync(beside)) return beside;
  return join(__dirname, '..', '..', 'dist', 'predict.js');
}

/** What the child said, how it ended, and its stderr (for internal errors). */
export interface PredictOutcome {
  answer?: PredictToCli;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs one prediction in a child process; the child dies with this process (IPC disconnect). */
export function predictInChild(request: Omit<PredictRequest, 'type'>, options: { predictPath?: string } = {}): Promise<PredictOutcome> {
  const path = options.predictPath ?? defaultPredictPath();
  if (!existsSync(path)) throw new Error(`The predict bundle ${path} does not exist; run \`npm run build\` first.`);
  const child = fork(path, [], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], execArgv: [] });
  let stderr = '';
  let answer: PredictToCli | undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-64 * 1024);
  });
  child.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && ((m as { type?: unknown }).type === 'result' || (m as { type?: unknown }).type === 'error'))
      answer = m as PredictToCli;
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.send({ type: 'predict', ...request } satisfies PredictRequest);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('exit', kill);
      resolve({ answer, code, signal, stderr });
    });
  });
}
