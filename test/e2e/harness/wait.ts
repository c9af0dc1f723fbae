/**
 * Polls `check` until it returns true, or fails after `timeoutMs` with a message saying what
 * was awaited. Conditions, not sleeps, synchronise the end-to-end tests.
 */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
      if (e instanceof Error && /exited/.test(e.message)) throw e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((ok) => setTimeout(ok, everyMs));
  }
}
