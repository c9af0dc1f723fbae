/**
 * Says new findings aloud: a visually hidden polite live region that gets one sentence per
 * finding the first time it appears in a run. Re-rendering the findings list would make a
 * screen reader repeat every finding on each change, so the list itself is not live.
 */
import type { Finding } from '../shared/findings';
import { h } from './dom';

/** The findings of `findings` not yet in `seen` (their codes are then added to it). */
export function unseenFindings(seen: Set<string>, findings: readonly Finding[]): Finding[] {
  const out = findings.filter((f) => !seen.has(f.code));
  for (const f of out) seen.add(f.code);
  return out;
}

/** The sentence announced for new findings. */
export function announcement(findings: readonly Finding[]): string {
  return findings.map((f) => `New ${f.severity} finding, ${f.code}: ${f.message}${f.fixes.length ? ` Fix: ${f.fixes[0].title}.` : ''}`).join(' ');
}

/** The live region and what it has already said, per run. */
export class FindingsAnnouncer {
  readonly el = h('div', { className: 'fw-sr-only', dataset: { live: 'findings' } });
  private runId: string | undefined;
  private seen = new Set<string>();

  constructor() {
    this.el.setAttribute('role', 'status');
    this.el.setAttribute('aria-live', 'polite');
  }

  /** Announce the findings of `runId` that are new since the last call (a new run starts afresh). */
  update(runId: string, findings: readonly Finding[]): void {
    if (runId !== this.runId) {
      this.runId = runId;
      this.seen = new Set();
    }
    const fresh = unseenFindings(this.seen, findings);
    if (fresh.length > 0) this.el.textContent = announcement(fresh);
  }
}
