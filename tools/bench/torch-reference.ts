/**
 * The PyTorch reference, when Debian's python3-torch is installed: tools/bench/torch_reference.py,
 * kept in the repo beside this file. The script trains on its
 * own synthetic 50,000 × 64 set (same shape and generator idea as the embedded sample, not the
 * same bytes), same model, optimizer, batch and split.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../src/shared/error-message';

/** What the script measured, from its final JSON line. */
export interface TorchMeasurement {
  torchVersion: string;
  threads: number;
  hidden: number[];
  rows: number;
  epochs: number;
  msPerEpochMedian: number;
  msPerEpochMin: number;
  /** Which rows it trained on (its own generator, not the embedded sample's bytes). */
  data: string;
}

/** The measurement, or why there is none. */
export type TorchResult = { ok: true; result: TorchMeasurement } | { ok: false; skipped: string };

/** Which model to time and how many threads PyTorch may use. */
export interface TorchRunOptions {
  epochs: number;
  hidden?: number[];
  threads?: number;
}

const PYTHON = '/usr/bin/python3';

/** The reference script's path for a repo root. */
export function torchScriptPath(repoRoot: string): string {
  return join(repoRoot, 'tools', 'bench', 'torch_reference.py');
}

/** Why PyTorch cannot run here, or undefined when it can. */
export function torchUnavailable(repoRoot: string): string | undefined {
  const script = torchScriptPath(repoRoot);
  if (!existsSync(script)) return `${script} not found`;
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'python3 cannot import torch (apt-get install python3-torch)';
  return undefined;
}

function numberField(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`field "${key}" is ${JSON.stringify(v)}, expected a number`);
  return v;
}

/** Reads the script's last stdout line into a measurement; throws naming the bad field. */
export function parseTorchLine(line: string): TorchMeasurement {
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the last line is not a JSON object');
  const o = parsed as Record<string, unknown>;
  return {
    torchVersion: String(o.torch_version),
    threads: numberField(o, 'threads'),
    hidden: String(o.hidden)
      .split(',')
      .filter((s) => s !== '')
      .map(Number),
    rows: numberField(o, 'rows'),
    epochs: numberField(o, 'epochs'),
    msPerEpochMedian: numberField(o, 'median_ms_per_epoch'),
    msPerEpochMin: numberField(o, 'min_ms_per_epoch'),
    data: 'synthetic 50,000 × 64 (torch_reference.py), same shape as the seed sample',
  };
}

/** Runs the reference (its median/min include its first epoch, so pass one warm-up more than you want measured). */
export function runTorchReference(repoRoot: string, o: TorchRunOptions): TorchResult {
  const why = torchUnavailable(repoRoot);
  if (why) return { ok: false, skipped: why };
  const args = [torchScriptPath(repoRoot), '--epochs', String(o.epochs)];
  if (o.hidden) args.push('--hidden', o.hidden.join(','));
  if (o.threads) args.push('--threads', String(o.threads));
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) return { ok: false, skipped: `torch_reference.py exited ${r.status ?? r.signal}: ${r.stderr.slice(-300)}` };
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ok: true, result: parseTorchLine(last) };
  } catch (err) {
    return { ok: false, skipped: `could not read torch_reference.py's result (${errorMessage(err)}): ${last.slice(0, 200)}` };
  }
}
