/**
 * The 'keras' layer's Python: the pinned venv that scripts/setup-python.sh makes (.venv-test/),
 * or FITWATCH_TEST_PYTHON. Tests run real Keras 3 / TensorFlow scripts through it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root. */
export const REPO = resolve(__dirname, '../..');

/** The interpreter the layer runs: FITWATCH_TEST_PYTHON, else the repo's .venv-test. */
export const PYTHON = process.env.FITWATCH_TEST_PYTHON ?? resolve(REPO, '.venv-test/bin/python');

/** Throws with the command to run when the venv is missing, so a failure says how to fix it. */
export function requirePython(): string {
  if (!existsSync(PYTHON)) {
    throw new Error(`No test Python at ${PYTHON}. Run 'bash scripts/setup-python.sh' (it makes .venv-test/ with the pinned Keras).`);
  }
  return PYTHON;
}

/** Quiet TensorFlow: its oneDNN and CUDA banners go to stderr on every import. */
export const PYTHON_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  TF_CPP_MIN_LOG_LEVEL: '3',
  TF_ENABLE_ONEDNN_OPTS: '0',
  KERAS_BACKEND: process.env.KERAS_BACKEND ?? 'tensorflow',
  PYTHONHASHSEED: '0',
  CUDA_VISIBLE_DEVICES: '',
};

/** Runs `code` with the test Python in `cwd`; throws with its stderr when it exits non-zero. */
export function runPython(code: string, cwd: string, args: string[] = [], timeoutMs = 180_000): SpawnSyncReturns<string> {
  const r = spawnSync(requirePython(), ['-c', code, ...args], { cwd, env: PYTHON_ENV, encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`python exited ${r.status ?? r.signal}:\n${r.stderr}\n${r.stdout}`);
  return r;
}
