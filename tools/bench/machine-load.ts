/**
 * The machine this bench runs on is often shared (tests, other builds), and load moves every
 * timing. The bench records the load averages around the run and can wait for a quiet moment.
 */
import { cpus, loadavg, totalmem } from 'node:os';

/** What a reader needs to judge the numbers. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  totalMemMb: number;
  /** os.loadavg() (1, 5, 15 minutes) just before measuring and just after. */
  loadavgBefore: number[];
  loadavgAfter?: number[];
  /** Seconds spent waiting for `--wait-load` before measuring. */
  waitedForLoadS?: number;
}

/** Describes this machine now. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    node: process.versions.node,
    totalMemMb: Math.round(totalmem() / 2 ** 20),
    loadavgBefore: loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

/**
 * Polls the 1-minute load average every 5 s until it is at most `target` or `timeoutS` passed.
 * Resolves to the seconds waited; it measures anyway after the timeout (and the JSON shows the load).
 */
export async function waitForLoad(target: number, timeoutS: number, log: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  let announced = false;
  while (loadavg()[0] > target && (performance.now() - t0) / 1000 < timeoutS) {
    if (!announced) log(`waiting for the 1-minute load average (${loadavg()[0].toFixed(2)}) to fall to ${target} (at most ${timeoutS} s)…`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  return Math.round((performance.now() - t0) / 1000);
}
