/**
 * The PyTorch reference on the same workload, when Debian's python3-torch is installed and the
 * shared reference script sits next to the repo (../shared/bench/torch_reference.py).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The script's final JSON line, or why it was skipped. */
export type TorchResult = { ok: true; result: Record<string, unknown> } | { ok: false; skipped: string };

const PYTHON = '/usr/bin/python3';

/** Runs the reference for `epochs` epochs (its own synthetic 50,000 × 64 set, same model and batch). */
export function runTorchReference(repoRoot: string, epochs: number): TorchResult {
  const script = join(repoRoot, '..', 'shared', 'bench', 'torch_reference.py');
  if (!existsSync(script)) return { ok: false, skipped: `${script} not found` };
  if (!existsSync(PYTHON)) return { ok: false, skipped: `${PYTHON} not found` };
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, skipped: 'python3 cannot import torch (apt-get install python3-torch)' };
  const r = spawnSync(PYTHON, [script, '--epochs', String(epochs)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) return { ok: false, skipped: `torch_reference.py exited ${r.status}: ${r.stderr.slice(-300)}` };
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed: unknown = JSON.parse(last);
    if (typeof parsed !== 'object' || parsed === null) return { ok: false, skipped: 'last line is not a JSON object' };
    return { ok: true, result: parsed as Record<string, unknown> };
  } catch {
    return { ok: false, skipped: `could not parse the last line: ${last.slice(0, 200)}` };
  }
}
