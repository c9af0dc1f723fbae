/**
 * Time-left estimates for a run. The first epoch pays for compilation, warm-up and data
 * loading, so it is left out once there are others, and the median of the recent epochs
 * keeps one slow epoch (GC pause, a laptop waking up) from swinging the estimate.
 */

/** How many recent epochs the estimate looks at: recent enough to follow a real speed change. */
export const ETA_WINDOW = 20;

/** Typical duration of one epoch from the recorded ones, or undefined when none is usable. */
export function typicalEpochMs(durationsMs: ArrayLike<number>, count = durationsMs.length, window = ETA_WINDOW): number | undefined {
  const first = count >= 2 ? 1 : 0;
  const from = Math.max(first, count - window);
  const recent: number[] = [];
  for (let i = from; i < count; i++) {
    const d = durationsMs[i];
    if (Number.isFinite(d) && d >= 0) recent.push(d);
  }
  if (recent.length === 0) return undefined;
  recent.sort((a, b) => a - b);
  const mid = recent.length >> 1;
  return recent.length % 2 === 1 ? recent[mid] : (recent[mid - 1] + recent[mid]) / 2;
}

/** Milliseconds left for `remainingEpochs`, or undefined when no epoch has a usable duration yet. */
export function estimateRemainingMs(durationsMs: ArrayLike<number>, remainingEpochs: number, count = durationsMs.length): number | undefined {
  if (remainingEpochs <= 0) return 0;
  const typical = typicalEpochMs(durationsMs, count);
  return typical === undefined ? undefined : typical * remainingEpochs;
}

/** `850ms`, `42s`, `3m 05s`, `1h 02m`: short enough for a header line. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours === 0) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${hours}h ${String(minutes).padStart(2, '0')}m`;
}
