/**
 * The finding codes the user silenced (stored in globalState by earlier versions' "Don't show
 * again"): the run's notification leaves them out. Pure; the host reads the memento.
 */

/** The `globalState` key of the codes the user silenced. */
export const SUPPRESSED_FINDINGS_KEY = 'fitwatch.suppressedFindingCodes';

/** The silenced codes stored in globalState (anything malformed there is ignored). */
export function readSuppressed(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : [];
}
