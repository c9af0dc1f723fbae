/**
 * Runs the plain `model.fit` reference in a child process of the bench (the bench bundle
 * re-run with `--child-fit`), so its tfjs backend, heap and JIT state are as fresh as the
 * trainer's and nothing of it leaks into the other measurements.
 */
import { fork } from 'node:child_process';
import type { ActiveBackend } from '../../src/trainer/backend';
import type { FitReference } from './tfjs-fit-reference';

/** The argument that turns the bench bundle into the model.fit child. */
export const FIT_CHILD_FLAG = '--child-fit';

const BACKENDS: readonly ActiveBackend[] = ['wasm', 'cpu', 'tensorflow'];

/** The child's side: `--child-fit <backend> <epochs>` → one JSON line on stdout. */
export async function runFitChild(args: readonly string[]): Promise<void> {
  const backend = BACKENDS.find((b) => b === args[0]);
  const epochs = Number(args[1]);
  if (!backend || !Number.isInteger(epochs) || epochs < 1) throw new Error(`${FIT_CHILD_FLAG} needs <wasm|cpu|tensorflow> <epochs>, got ${args.join(' ')}`);
  const { measureTfjsFit } = await import('./tfjs-fit-reference.js');
  process.stdout.write(`${JSON.stringify(await measureTfjsFit(backend, epochs))}\n`);
}

/** The parent's side: forks `benchScript` as the child and reads its result. */
export function measureFitInChild(benchScript: string, backend: ActiveBackend, epochs: number): Promise<FitReference> {
  return new Promise((resolve, reject) => {
    const child = fork(benchScript, [FIT_CHILD_FLAG, backend, String(epochs)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || last === '') {
        reject(new Error(`the model.fit child exited with ${signal ?? code}: ${stderr.trim().slice(-500)}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as FitReference);
      } catch {
        reject(new Error(`the model.fit child printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}
