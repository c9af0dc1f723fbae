/**
 * The Python quick fixes Fitwatch offers on a script, as the editor computes them: the script
 * checks, the coach's fixes of each finding (the coach reading the script's model, or the
 * curves alone when it cannot, as the Keras bridge falls back), and "Add CSVLogger". Each
 * offer has a stable key, so a fix applied once is not offered again after the text changed.
 */
import { coachContextFromScript, diagnoseKerasRun, neutralCoachContext, type KerasCoachContext } from '../../src/keras/coach';
import { applyTextEdits, type TextEdit } from '../../src/keras/python-fixes';
import type { PythonAnalysis } from '../../src/keras/python-types';
import { coachQuickFixes, csvLoggerQuickFix } from '../../src/keras/quick-fixes';
import { kerasScriptChecks } from '../../src/keras/script-checks';
import type { FixKind } from '../../src/shared/findings';
import type { History } from '../../src/shared/metrics';
import { crawlingHistory, oscillatingHistory, overfitHistory } from '../fixtures/histories/synthetic';
import { analyze } from '../unit/keras/python-helpers';

/** Runs whose findings between them carry every fix kind that has a Python form. */
const HISTORIES: readonly History[] = [crawlingHistory(40), overfitHistory(200), oscillatingHistory(80)];

/** One quick fix offered on the current text. */
export interface Offer {
  /** `check:<code>@<n>`, `coach:<kind>` or `csv`. */
  key: string;
  title: string;
  kind?: FixKind;
  edits: TextEdit[];
}

/** The coach's context as the bridge makes it: the script's model, else the curves alone. */
function context(analysis: PythonAnalysis, history: History): KerasCoachContext {
  try {
    return coachContextFromScript(analysis);
  } catch {
    return neutralCoachContext(history, history.length, 'The model could not be read.');
  }
}

/** Every quick fix offered on `source`, first offer per key. */
export async function offers(source: string, file: string): Promise<Offer[]> {
  const analysis = await analyze(source, file);
  const out: Offer[] = kerasScriptChecks(source, analysis).map((c) => ({ key: `check:${c.fix.title}`, title: c.fix.title, edits: c.fix.edits }));
  for (const history of HISTORIES) {
    for (const finding of diagnoseKerasRun(history, context(analysis, history), true).findings) {
      const { fixes } = coachQuickFixes(source, analysis, finding);
      finding.fixes.forEach((f) => {
        const offered = fixes.find((x) => x.title === f.title);
        if (offered && !out.some((o) => o.key === `coach:${f.kind}`)) out.push({ key: `coach:${f.kind}`, title: f.title, kind: f.kind, edits: offered.edits });
      });
    }
  }
  const csv = csvLoggerQuickFix(analysis, 'fitwatch-log.csv');
  if (csv) out.push({ key: 'csv', title: csv.title, edits: csv.edits });
  return out;
}

/** Applies every offer, one at a time, each computed again on the text the previous ones left; returns the text and the keys applied. */
export async function applyAll(source: string, file: string): Promise<{ text: string; applied: Offer[] }> {
  let text = source;
  const applied: Offer[] = [];
  for (;;) {
    const next = (await offers(text, file)).find((o) => !applied.some((a) => a.key === o.key));
    if (!next) return { text, applied };
    text = applyTextEdits(text, next.edits);
    applied.push(next);
  }
}
