/** The note `fitwatch train --fix` prints: what it wrote, and what it left alone and why. */
import type { Finding } from '../shared/findings';
import { chooseFinding, indicatesProblem, infoFixesNotApplied, type AppliedFix } from './apply-fix';

/** What `--fix` was asked and did: the named finding (if any), the choice, the applied edit. */
export interface FixOutcome {
  findings: Finding[];
  /** `--fix CODE`: the finding the user named. */
  named?: string;
  chosen?: ReturnType<typeof chooseFinding>;
  applied?: AppliedFix;
  /** The spec and backup paths as shown to the user. */
  specShown: string;
  backupShown?: string;
}

/** The note for one `--fix`; a bare `--fix` also lists the info findings' fixes it did not apply. */
export function fixNote(o: FixOutcome): string {
  const main = mainNote(o);
  if (o.named !== undefined) return main;
  // Said every time, so a user never wonders why the coach's fix for a finding they see was not written.
  const skipped = infoFixesNotApplied(o.findings);
  if (skipped.length === 0) return main;
  const list = skipped.map((s) => `${s.finding.code} ("${s.fix.title}")`).join(', ');
  const how = skipped.map((s) => `--fix ${s.finding.code}`).join(' or ');
  return `${main} Not applied: ${list}, info only (an observation, not a problem: the run may be fine as it is); to apply it anyway, run again with ${how}.`;
}

function mainNote(o: FixOutcome): string {
  const { chosen, applied, findings } = o;
  if (applied)
    return `Applied "${applied.fix.title}" (the fix of ${applied.finding.code}) to ${o.specShown}; the previous text is in ${o.backupShown ?? applied.backup}.`;
  if (chosen) {
    const tradeoff = chosen.finding.fixes.find((f) => f.tradeoff !== undefined);
    if (tradeoff && !chosen.fix)
      return `${chosen.finding.code}'s fix "${tradeoff.title}" is a trade-off (${tradeoff.tradeoff}), so --fix alone does not apply it: run with --fix ${chosen.finding.code} to apply it.`;
    return `${chosen.finding.code} has no spec fix, so the spec was not changed${chosen.finding.noSpecFix ? `: ${chosen.finding.noSpecFix}` : '.'}${otherFixable(findings, chosen.finding.code)}`;
  }
  if (o.named !== undefined) return `No open finding is "${o.named}" (open: ${findings.map((f) => f.code).join(', ') || 'none'}): nothing was changed.`;
  if (findings.length > 0) return 'No warning or error to fix: the spec was not changed.';
  return 'The coach found nothing to fix: nothing was changed.';
}

/** Another problem finding that has a spec fix, to name when the chosen one has none. */
function otherFixable(findings: readonly Finding[], except: string): string {
  const other = findings.find((f) => f.code !== except && indicatesProblem(f) && f.fixes.some((x) => x.specEdits.length > 0));
  return other ? ` ${other.code} has one: run again with --fix ${other.code}.` : '';
}
