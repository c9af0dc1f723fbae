/**
 * The Python references the bench sets the fast engine against: PyTorch (torch_reference.py),
 * Keras 3 on TensorFlow (keras_reference.py) and scikit-learn's MLPClassifier
 * (sklearn_reference.py), all kept beside this file. Each trains its
 * own synthetic rows × 64 set (the same generator idea as the fast engine's bench, not the same
 * bytes), with the same model, optimizer, batch and split, and prints one JSON summary line.
 * They run in the pinned .venv-test/ (torch 2.13, keras 3.15.1, tensorflow-cpu 2.21, made by
 * scripts/setup-python.sh), else in Debian's python3 when it has the framework.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../src/shared/error-message';

/** Which reference. */
export type ReferenceFramework = 'torch' | 'keras' | 'sklearn';

/** What a script measured, from its final JSON line. */
export interface ReferenceMeasurement {
  framework: ReferenceFramework;
  /** e.g. "torch 2.13.0+cpu" or "keras 3.15.1, tensorflow 2.21.0". */
  version: string;
  threads: number;
  hidden: number[];
  rows: number;
  epochs: number;
  /** Over the epochs after the first (the scripts leave out their warm-up epoch when there is more than one). */
  msPerEpochMedian: number;
  msPerEpochMin: number;
  /** Which rows it trained on (its own generator, not the embedded sample's bytes). */
  data: string;
}

/** The measurement, or why there is none. */
export type ReferenceResult = { ok: true; result: ReferenceMeasurement } | { ok: false; skipped: string };

/** Which model to time, on how many rows, with how many threads. */
export interface ReferenceRunOptions {
  epochs: number;
  hidden?: number[];
  rows?: number;
  threads?: number;
}

/** The longest one reference run may take. */
const REFERENCE_TIMEOUT_MS = 5 * 60_000;

const SCRIPTS: Record<ReferenceFramework, { file: string; module: string; install: string }> = {
  torch: { file: 'torch_reference.py', module: 'torch', install: 'bash scripts/setup-python.sh (torch==2.13.0)' },
  keras: { file: 'keras_reference.py', module: 'keras, tensorflow', install: 'bash scripts/setup-python.sh (keras==3.15.1, tensorflow-cpu==2.21.0)' },
  sklearn: { file: 'sklearn_reference.py', module: 'sklearn, threadpoolctl', install: 'bash scripts/setup-python.sh (scikit-learn==1.9.1)' },
};

/** The interpreter: the pinned test venv when it exists, else Debian's python3. */
export function referencePython(repoRoot: string): string {
  const venv = join(repoRoot, '.venv-test', 'bin', 'python');
  return existsSync(venv) ? venv : '/usr/bin/python3';
}

/** Why `framework` cannot run here, or undefined when it can. */
export function referenceUnavailable(repoRoot: string, framework: ReferenceFramework): string | undefined {
  const script = join(repoRoot, 'tools', 'bench', SCRIPTS[framework].file);
  if (!existsSync(script)) return `${script} not found`;
  const python = referencePython(repoRoot);
  if (!existsSync(python)) return `${python} not found`;
  const probe = spawnSync(python, ['-c', `import ${SCRIPTS[framework].module}`], { encoding: 'utf8' });
  if (probe.status !== 0) return `${python} cannot import ${SCRIPTS[framework].module} (${SCRIPTS[framework].install})`;
  return undefined;
}

function numberField(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`field "${key}" is ${JSON.stringify(v)}, expected a number`);
  return v;
}

/** Reads a script's last stdout line into a measurement; throws naming the bad field. */
export function parseReferenceLine(line: string, framework: ReferenceFramework): ReferenceMeasurement {
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the last line is not a JSON object');
  const o = parsed as Record<string, unknown>;
  const rows = numberField(o, 'rows');
  return {
    framework,
    version: String(o.version),
    threads: numberField(o, 'threads'),
    hidden: String(o.hidden)
      .split(',')
      .filter((s) => s !== '')
      .map(Number),
    rows,
    epochs: numberField(o, 'epochs'),
    msPerEpochMedian: numberField(o, 'median_ms_per_epoch'),
    msPerEpochMin: numberField(o, 'min_ms_per_epoch'),
    data: `synthetic ${rows.toLocaleString('en-US')} × ${numberField(o, 'features')} (${SCRIPTS[framework].file}), same shape as the fast engine's rows`,
  };
}

/** Runs a reference; pass one epoch more than you want measured (its first is the warm-up). */
export function runReference(repoRoot: string, framework: ReferenceFramework, o: ReferenceRunOptions): ReferenceResult {
  const why = referenceUnavailable(repoRoot, framework);
  if (why) return { ok: false, skipped: why };
  const file = SCRIPTS[framework].file;
  const args = [join(repoRoot, 'tools', 'bench', file), '--epochs', String(o.epochs)];
  if (o.hidden) args.push('--hidden', o.hidden.join(','));
  if (o.rows) args.push('--rows', String(o.rows));
  if (o.threads) args.push('--threads', String(o.threads));
  const r = spawnSync(referencePython(repoRoot), args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: REFERENCE_TIMEOUT_MS });
  // On a loaded machine PyTorch's 2-thread setting has been seen at 20 s an epoch: a row gives up rather than hang the bench.
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    return { ok: false, skipped: `${file} took longer than ${REFERENCE_TIMEOUT_MS / 60_000} minutes (a loaded machine?)` };
  if (r.status !== 0) return { ok: false, skipped: `${file} exited ${r.status ?? r.signal}: ${r.stderr.slice(-300)}` };
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ok: true, result: parseReferenceLine(last, framework) };
  } catch (err) {
    return { ok: false, skipped: `could not read ${file}'s result (${errorMessage(err)}): ${last.slice(0, 200)}` };
  }
}
