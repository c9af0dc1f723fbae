/**
 * Tells whether a run that says `running` is really running. run.json records the trainer's pid
 * and start time; a `running` run whose process is gone (or whose pid now belongs to another
 * process) was killed or crashed, and is reported as `interrupted` with the reason we can tell.
 * Host and CLI read runs through this, so neither shows a stale `running`.
 */
import { readFileSync } from 'node:fs';
import type { RunInfo } from '../shared/run';

/** Whether /proc says `pid` is a zombie (exited, not yet reaped: in a container PID 1 may never reap it). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** Whether a process with this pid is running (EPERM: it exists but belongs to another user; zombies are dead). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** Linux clock ticks per second (`getconf CLK_TCK`); 100 on every mainstream kernel build. */
const CLK_TCK = 100;

let bootMs: number | undefined;

/** When `pid` started (epoch ms), from /proc on Linux; undefined where that cannot be read. */
export function processStartMs(pid: number): number | undefined {
  try {
    if (bootMs === undefined) {
      const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
      if (!btime) return undefined;
      bootMs = Number(btime[1]) * 1000;
    }
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? bootMs + (ticks * 1000) / CLK_TCK : undefined;
  } catch {
    return undefined;
  }
}

/** How far a recorded start time may be from /proc's (btime has 1 s resolution). */
const START_TOLERANCE_MS = 2000;

/** Whether the process recorded as `pid` started at `startMs` is still the one running. */
export function sameProcessAlive(pid: number, startMs: number | undefined): boolean {
  if (!processAlive(pid)) return false;
  if (startMs === undefined) return true;
  const actual = processStartMs(pid);
  // Where the start time cannot be read (macOS, Windows) a live pid is trusted.
  return actual === undefined || Math.abs(actual - startMs) <= START_TOLERANCE_MS;
}

/** Why a `running` run is not running, or undefined when its trainer is alive (or unknown: old runs without a pid). */
export function interruptionReason(info: RunInfo): string | undefined {
  if (info.status !== 'running' || info.pid === undefined) return undefined;
  if (sameProcessAlive(info.pid, info.processStartMs)) return undefined;
  const at = `after ${info.epochs} of ${info.totalEpochs} epochs`;
  if (info.hostPid !== undefined && processAlive(info.hostPid)) {
    return `the trainer (pid ${info.pid}) died ${at} while its host (pid ${info.hostPid}) kept running: it was killed or crashed`;
  }
  if (info.hostPid !== undefined) {
    return `the trainer (pid ${info.pid}) and its host (pid ${info.hostPid}) are gone ${at}: the window was closed or reloaded, or both were killed`;
  }
  return `the trainer (pid ${info.pid}) is gone ${at}: it was killed or crashed`;
}

/** `info` as it really is: `running` with a dead process becomes `interrupted` with the reason. */
export function withLiveness(info: RunInfo): RunInfo {
  const reason = interruptionReason(info);
  return reason === undefined ? info : { ...info, status: 'interrupted', interruption: reason };
}
