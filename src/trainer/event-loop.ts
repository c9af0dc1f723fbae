/**
 * Cooperative yielding for the training loop. An epoch of the fast engine can take 1 ms, so a
 * yield per epoch or per 50 ms of one epoch is not enough: IPC messages (Stop, Reduce LR Now),
 * signals and the parent's 'disconnect' are only seen when the event loop runs. One clock is
 * shared by the loop and the engines, so the budget holds across batch and epoch boundaries.
 */

/** Longest stretch of training between two event-loop turns, in ms (a stop lands within this plus one batch). */
export const YIELD_BUDGET_MS = 15;

let lastYield = performance.now();

/** True when the last event-loop turn is `budgetMs` or more ago (one `performance.now()`, cheap per batch). */
export function yieldDue(budgetMs: number = YIELD_BUDGET_MS): boolean {
  return performance.now() - lastYield >= budgetMs;
}

/** Lets the event loop run once (poll phase included, so IPC and signals get in). */
export function yieldNow(): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      lastYield = performance.now();
      resolve();
    }),
  );
}

/** Yields when due; resolves at once otherwise. */
export async function yieldIfDue(budgetMs: number = YIELD_BUDGET_MS): Promise<void> {
  if (yieldDue(budgetMs)) await yieldNow();
}
