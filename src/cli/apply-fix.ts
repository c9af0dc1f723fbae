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
 * The finding `--fix` acts on, and its own preferred spec fix: the finding named by `code`, else
 * the most severe one (the first opened among equals; findings whose fixes are all trade-offs
 * last). When that finding has no spec fix, `fix` is undefined: another finding's fix is never
 * written in its place.
 */
export function chooseFinding(findings: Finding[], code?: string): { finding: Finding; fix?: Fix } | undefined {
  // A fix that changes the objective (see Fix.tradeoff) is applied only when its finding is named.
  const usable = (f: Fix): boolean => f.specEdits.length > 0 && (code !== undefined || f.tradeoff === undefined);
  const onlyTradeoffs = (f: Finding): number => (f.fixes.length > 0 && f.fixes.every((x) => x.tradeoff !== undefined) ? 1 : 0);
  const ranked = [...findings].sort((a, b) => onlyTradeoffs(a) - onlyTradeoffs(b) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const finding = code === undefined ? ranked[0] : ranked.find((f) => f.code === code);
  if (!finding) return undefined;
  const fix = finding.fixes.find((f) => f.preferred && usable(f)) ?? finding.fixes.find(usable);
  return fix ? { finding, fix } : { finding };
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
