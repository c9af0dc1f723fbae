/**
 * Process helpers for the reliability tests: run the real dist/cli.js, read its --json lines as
 * they come, find its trainer child, and wait for processes to be gone (zombies count as gone:
 * in a container nothing may reap an orphan).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repo root and the built CLI. */
export const REPO = join(__dirname, '..', '..', '..');
export const CLI_JS = join(REPO, 'dist', 'cli.js');

/** A running CLI with its parsed --json lines. */
export interface CliRun {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  /** Resolves with the exit code (or signal) and when it happened (performance.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves once a line satisfies `pred` (rejects after `timeoutMs`). */
  waitForLine(pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Spawns `node dist/cli.js <args> --json` in `cwd`. */
export function spawnCli(args: string[], cwd: string, options: { uid?: number; gid?: number; detached?: boolean } = {}): CliRun {
  const child = spawn(process.execPath, [CLI_JS, ...args, '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buf = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => (err += c));
  child.stdout?.on('data', (c: string) => {
    buf += c;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!text.trim()) continue;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { type: 'text', text };
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pred(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, at: performance.now() }));
  });
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitForLine(pred, timeoutMs = 30_000) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching line within ${timeoutMs} ms; got ${JSON.stringify(lines.slice(-3))}; stderr ${err}`)),
          timeoutMs,
        );
        waiters.push({
          pred,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          const hit = lines.find(pred);
          if (hit) resolve(hit);
          else reject(new Error(`the CLI exited without a matching line; last lines ${JSON.stringify(lines.slice(-3))}; stderr ${err}`));
        });
      });
    },
  };
}

/** Whether `pid` runs (not a zombie). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The child pids of `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // The process is gone.
  }
  return out;
}

/** Milliseconds until `pid` stops running, or Infinity after `timeoutMs`. */
export async function msUntilGone(pid: number, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (!running(pid)) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 10));
  }
  return running(pid) ? Infinity : performance.now() - t0;
}

/** The one run folder under `<root>/.fitwatch/runs` (the tests make one per workspace). */
export function onlyRunDir(root: string): string {
  const runs = join(root, '.fitwatch', 'runs');
  const names = readdirSync(runs);
  if (names.length !== 1) throw new Error(`expected one run folder in ${runs}, found ${names.join(', ')}`);
  return join(runs, names[0]);
}

/** A random integer in [lo, hi]. */
export function randomInt(lo: number, hi: number): number {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}
