/**
 * Streaming overhead on a loaded machine. The quiet figure hides what load does: every IPC send
 * wakes the host, and with both cores busy the trainer waits for that switch. This part starts
 * busy processes (plain spin loops, so the load is the same every run), lets the 1-minute load
 * average climb, and measures the fast engine's seed run under it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';

/** Busy processes the part starts: with the trainer itself, a 2-core machine's load average settles near 3. */
export const DEFAULT_LOAD_PROCS = 2;

/** The longest the part waits for the load average to climb before measuring anyway, in s. */
const SETTLE_TIMEOUT_S = 60;

/** What the loaded run saw. */
export interface LoadContext {
  procs: number;
  /** 1-minute load average when the measurement started and when it ended. */
  loadavgStart: number;
  loadavgEnd: number;
}

/** Runs `measure` with `procs` spin loops on the machine; the loops die with it, also on error. */
export async function underLoad<T>(procs: number, log: (line: string) => void, measure: () => Promise<T>): Promise<{ result: T; load: LoadContext }> {
  const spinners: ChildProcess[] = [];
  const kill = (): void => {
    for (const p of spinners) p.kill('SIGKILL');
  };
  process.once('exit', kill);
  try {
    for (let i = 0; i < procs; i++) spinners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    const target = procs + 0.8;
    const t0 = performance.now();
    log(`streaming under load: ${procs} busy processes; waiting for the 1-minute load average to reach ${target.toFixed(1)} (at most ${SETTLE_TIMEOUT_S} s)…`);
    while (loadavg()[0] < target && (performance.now() - t0) / 1000 < SETTLE_TIMEOUT_S) await new Promise((r) => setTimeout(r, 2000));
    const loadavgStart = round2(loadavg()[0]);
    const result = await measure();
    return { result, load: { procs, loadavgStart, loadavgEnd: round2(loadavg()[0]) } };
  } finally {
    kill();
    process.removeListener('exit', kill);
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
