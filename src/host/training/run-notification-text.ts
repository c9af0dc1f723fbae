/**
 * The text of a run's one notification: its progress, then the most severe finding that is open
 * now (a finding that has cleared is simply no longer there). Pure, so the wording is unit-tested.
 */
import type { Finding } from '../../shared/findings';
import { formatProgressMessage, type RunProgress } from './status-text';

/** Longest finding headline shown before it is cut at a word. */
const HEADLINE_MAX = 110;

/** The first sentence of a finding's message, cut at a word boundary when long. */
export function findingHeadline(f: Finding): string {
  const first = f.message.split(/(?<=[.!?])\s/)[0]?.trim() ?? f.message;
  if (first.length <= HEADLINE_MAX) return first;
  const cut = first.slice(0, HEADLINE_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Open findings worth interrupting for (warnings and errors, not silenced), most severe first. */
export function notableFindings(findings: readonly Finding[], silenced: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => f.severity !== 'info' && !silenced.has(f.code)).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** `Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 3m — ⚠ The loss has barely moved… (+1 more; fix: Ctrl+. on the spec)`. */
export function runNotificationMessage(p: RunProgress, findings: readonly Finding[]): string {
  const progress = formatProgressMessage(p);
  const [top, ...rest] = findings;
  if (!top) return progress;
  // Plain text: a progress notification's message shows no codicons.
  const hints = [...(rest.length ? [`+${rest.length} more`] : []), top.fixes.length ? 'fix: Ctrl+. on the spec' : 'see the panel'];
  return `${progress} — ⚠ ${findingHeadline(top)} (${hints.join('; ')})`;
}
