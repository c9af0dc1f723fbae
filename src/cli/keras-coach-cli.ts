/**
 * The coach for Keras runs in the CLI: the script's model when Fitwatch can read the script
 * (findings then point at its fit / compile / Dense lines), else the curves alone. Reuses the
 * editor's Keras coach so both say the same thing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coachContextFromScript, diagnoseKerasRun, neutralCoachContext, type KerasCoachContext } from '../keras/coach';
import { analyzePython } from '../keras/python';
import { createPythonParser } from '../keras/python-parser-node';
import type { PythonAnalysis } from '../keras/python-types';
import { kerasDiagnosticsTargets } from '../keras/targets';
import type { Finding } from '../shared/findings';
import type { Problem, SourceLocation } from '../shared/location';
import { kerasScriptChecks } from '../keras/script-checks';
import type { History } from '../shared/metrics';
import { errorMessage } from '../shared/error-message';

/** A script as the coach reads it, or why it could not. */
export interface ScriptReading {
  analysis?: PythonAnalysis;
  /** Keras 2 code in it that Keras 3 rejects, as warnings at their lines (the editor offers the fixes). */
  checks?: Problem[];
  context?: KerasCoachContext;
  /** Why the coach falls back to the curves alone. */
  reason?: string;
}

/** The parser's wasm files sit beside dist/cli.js in a build; from source they come from node_modules. */
function wasmDir(): string | undefined {
  return existsSync(join(__dirname, 'tree-sitter-python.wasm')) ? __dirname : undefined;
}

/** Reads `script` (absolute) for the coach; never throws: an unreadable script only means curves-only advice. */
export async function readScript(script: string, label: string): Promise<ScriptReading> {
  try {
    const parser = await createPythonParser(wasmDir());
    const source = readFileSync(script, 'utf8');
    const analysis = analyzePython(parser, source, label);
    const checks = kerasScriptChecks(source, analysis).map((c): Problem => ({
      severity: 'warning',
      code: c.code,
      message: c.message,
      fix: `${c.fix.title} (a quick fix in the editor).`,
      location: { file: label, line: c.span.start.line + 1, column: c.span.start.column + 1 },
    }));
    try {
      return { analysis, checks, context: coachContextFromScript(analysis) };
    } catch (err) {
      return { analysis, checks, reason: `Fitwatch could not read the model of ${label} (${errorMessage(err)}).` };
    }
  } catch (err) {
    return { reason: `Fitwatch could not read ${label} (${errorMessage(err)}).` };
  }
}

/** The coach's findings on a finished history, each with the script line it is about when there is a script. */
export function coachKerasHistory(
  history: History,
  totalEpochs: number | undefined,
  reading: ScriptReading,
  fallbackReason: string,
): { findings: { finding: Finding; at?: SourceLocation }[]; notes: string[]; error?: string } {
  try {
    const context = reading.context ?? neutralCoachContext(history, totalEpochs, reading.reason ?? fallbackReason);
    const { findings } = diagnoseKerasRun(history, context, true);
    const targets = reading.analysis && reading.context ? kerasDiagnosticsTargets(reading.analysis, findings) : [];
    const placed = findings.map((finding) => {
      const target = targets.find((t) => t.finding === finding);
      return target && reading.analysis
        ? { finding, at: { file: reading.analysis.file, line: target.span.start.line + 1, column: target.span.start.column + 1 } }
        : { finding };
    });
    return { findings: placed, notes: context.notes };
  } catch (err) {
    return { findings: [], notes: [], error: `the coach failed: ${errorMessage(err)}` };
  }
}
