/**
 * The Python quick fixes Fitwatch offers on a script, computed the same way for the editor's
 * lightbulb and for the tests that run the fixed scripts: the coach's fixes of a finding, the
 * script checks' fixes, and "Add CSVLogger". Pure.
 */
import type { Finding } from '../shared/findings';
import { FitwatchError } from '../shared/location';
import { csvLoggerEdits, pythonEditsForFix } from './python-fixes';
import type { PythonAnalysis } from './python-types';
import { pythonFixes } from './script-facts';
import type { TextEdit } from './text-edits';

/** One quick fix: what the lightbulb shows, and its edits of the current text. */
export interface PythonQuickFix {
  title: string;
  preferred: boolean;
  edits: TextEdit[];
}

/** The title of the CSVLogger action. */
export const CSV_LOGGER_TITLE = 'Add CSVLogger for live curves in Fitwatch';

/** A finding's fixes that land in this script; those the script's shape does not allow are `skipped`, with why. */
export function coachQuickFixes(source: string, analysis: PythonAnalysis, finding: Finding): { fixes: PythonQuickFix[]; skipped: string[] } {
  const fixes: PythonQuickFix[] = [];
  const skipped: string[] = [];
  for (const fix of pythonFixes(finding.fixes)) {
    try {
      const edits = pythonEditsForFix(source, analysis, fix);
      if (edits.length > 0) fixes.push({ title: fix.title, preferred: fix.preferred, edits });
    } catch (e) {
      // A fix the script's shape does not allow (e.g. a learning-rate schedule) is not offered; the caller says why.
      if (!(e instanceof FitwatchError)) throw e;
      skipped.push(`${fix.title}: ${e.message}`);
    }
  }
  return { fixes, skipped };
}

/** "Add CSVLogger" on the script's fits, or undefined when they all have one. */
export function csvLoggerQuickFix(analysis: PythonAnalysis, fileName: string): PythonQuickFix | undefined {
  if (!analysis.fit) return undefined;
  const edits = csvLoggerEdits(analysis, fileName);
  return edits.length > 0 ? { title: CSV_LOGGER_TITLE, preferred: false, edits } : undefined;
}
