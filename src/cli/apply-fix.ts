/**
 * `fitwatch train spec --fix`: after the run, write the coach's preferred fix into the spec,
 * keeping its comments and formatting. The user asked for it with the flag; the text before
 * the edit is kept in the run folder, so nothing they wrote is lost.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, Fix } from '../shared/findings';
import { applySpecEdits, parseSpec } from '../shared/spec/index';

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/**
 * Whether a bare `--fix` may act on a finding: only a warning or an error says the run has a
 * problem. An info finding (slow-progress, noise-floor, still-improving, class-imbalance) is an
 * observation on a run that may be fine, and its fix can make a healthy run worse (seed/healthy:
 * ReduceLROnPlateau for slow-progress, 0.268 → 0.277), so it is applied only when named.
 */
export function indicatesProblem(finding: Finding): boolean {
  return finding.severity !== 'info';
}

/** A spec fix a bare `--fix` may write: it edits the spec and does not change the objective (Fix.tradeoff). */
function usable(fix: Fix, named: boolean): boolean {
  return fix.specEdits.length > 0 && (named || fix.tradeoff === undefined);
}

/**
 * The finding `--fix` acts on, and its own preferred spec fix: the finding named by `code` (any
 * severity: the user chose it), else the most severe warning or error (the first opened among
 * equals; findings whose fixes are all trade-offs last). Info findings are never chosen unnamed.
 * When that finding has no spec fix, `fix` is undefined: another finding's fix is never written
 * in its place.
 */
export function chooseFinding(findings: Finding[], code?: string): { finding: Finding; fix?: Fix } | undefined {
  const named = code !== undefined;
  const onlyTradeoffs = (f: Finding): number => (f.fixes.length > 0 && f.fixes.every((x) => x.tradeoff !== undefined) ? 1 : 0);
  const candidates = named ? findings : findings.filter(indicatesProblem);
  const ranked = [...candidates].sort((a, b) => onlyTradeoffs(a) - onlyTradeoffs(b) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const finding = named ? ranked.find((f) => f.code === code) : ranked[0];
  if (!finding) return undefined;
  const fix = finding.fixes.find((f) => f.preferred && usable(f, named)) ?? finding.fixes.find((f) => usable(f, named));
  return fix ? { finding, fix } : { finding };
}

/**
 * The open findings with a spec fix that a bare `--fix` leaves alone because they are info only,
 * each with the fix `--fix CODE` would write: the CLI lists them so nothing is skipped silently.
 */
export function infoFixesNotApplied(findings: Finding[]): { finding: Finding; fix: Fix }[] {
  const out: { finding: Finding; fix: Fix }[] = [];
  for (const f of findings) {
    if (indicatesProblem(f)) continue;
    const chosen = chooseFinding(findings, f.code);
    if (chosen?.finding === f && chosen.fix) out.push({ finding: f, fix: chosen.fix });
  }
  return out;
}

/** The fix `--fix` applies (see chooseFinding); undefined when the chosen finding has none. */
export function chooseFix(findings: Finding[], code?: string): { finding: Finding; fix: Fix } | undefined {
  const chosen = chooseFinding(findings, code);
  return chosen?.fix ? { finding: chosen.finding, fix: chosen.fix } : undefined;
}

/** What `applyFixToSpecFile` did. */
export interface AppliedFix {
  finding: Finding;
  fix: Fix;
  /** Where the spec text from before the edit was saved. */
  backup: string;
}

/**
 * Applies the chosen fix to `specText` and writes `specFile`; the old text goes to
 * `<runDir>/spec.before-fix.fitwatch.json`. Returns undefined when no finding has a spec fix.
 * Throws if the edited spec would not parse, leaving the file untouched.
 */
export function applyFixToSpecFile(findings: Finding[], specFile: string, specText: string, runDir: string, code?: string): AppliedFix | undefined {
  const chosen = chooseFix(findings, code);
  if (!chosen) return undefined;
  const edited = applySpecEdits(specText, chosen.fix.specEdits);
  const errors = parseSpec(edited, specFile).problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`the fix "${chosen.fix.title}" would leave the spec invalid: ${errors[0].message}`);
  const backup = join(runDir, 'spec.before-fix.fitwatch.json');
  writeFileSync(backup, specText);
  writeFileSync(specFile, edited);
  return { ...chosen, backup };
}
