/**
 * Which coach findings deserve a notification: the first time a code appears in a run,
 * unless the user said "Don't show again" for it. Pure; the host keeps the sets.
 */
import type { Finding, Fix } from '../../shared/findings';

/** The `globalState` key of the codes the user silenced. */
export const SUPPRESSED_FINDINGS_KEY = 'fitwatch.suppressedFindingCodes';

/** Findings to announce now; marks them in `notified` so each code is announced once per run. */
export function findingsToAnnounce(findings: readonly Finding[], notified: Set<string>, suppressed: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (notified.has(f.code)) continue;
    notified.add(f.code);
    if (!suppressed.has(f.code) && f.severity !== 'info') out.push(f);
  }
  return out;
}

/** The fix to offer first: the preferred one, else the first. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.preferred) ?? f.fixes[0];
}

/** The silenced codes stored in globalState (anything malformed there is ignored). */
export function readSuppressed(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : [];
}

/** Adds a code to the silenced list stored in globalState, without duplicates. */
export function withSuppressed(stored: unknown, code: string): string[] {
  const list = readSuppressed(stored);
  return list.includes(code) ? list : [...list, code];
}
