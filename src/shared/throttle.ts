/**
 * A leading-and-trailing throttle with an injectable clock. The host uses it wherever a fast
 * run would otherwise push one UI update per epoch across to VS Code's renderer (panel batches,
 * status bar): the renderer falls behind and the whole workbench stalls.
 */

/** Time and timers, injectable so throttled code is tested without waiting. */
export interface TimerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock (`Date.now` and the global timers). */
export const systemClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

/**
 * Runs `action` at most once per `intervalMs`: at once when the last run was longer ago than
 * that, otherwise once at the end of the interval however many requests came in between.
 */
export class Throttle {
  private lastRunAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private scheduled = false;

  constructor(
    private readonly action: () => void,
    private readonly intervalMs: number,
    private readonly clock: TimerClock = systemClock,
  ) {}

  /** Whether a run is scheduled (requested but not yet run). */
  get pending(): boolean {
    return this.scheduled;
  }

  /** Asks for a run: now, or at the end of the current interval. */
  request(): void {
    if (this.scheduled) return;
    const sinceLast = this.clock.now() - this.lastRunAt;
    if (sinceLast > this.intervalMs) {
      this.run();
      return;
    }
    this.scheduled = true;
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(0, this.intervalMs - sinceLast));
  }

  /** Runs a scheduled run now (before something that must come after it, or at the end). */
  flush(): void {
    if (this.scheduled) this.run();
  }

  /** Runs now whether or not a run is scheduled (a change that must show at once), restarting the interval. */
  runNow(): void {
    this.run();
  }

  /** Drops a scheduled run. */
  cancel(): void {
    if (!this.scheduled) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduled = false;
  }

  private run(): void {
    this.cancel();
    this.lastRunAt = this.clock.now();
    this.action();
  }
}
