/**
 * Small facts about an analysed Keras script that the editor features decide on: whether it
 * uses Keras, where its CSVLogger writes, which of a finding's fixes can land in Python.
 * Pure, so they are tested in Node.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { csvLoggerPath, PYTHON_FIX_KINDS } from './python-fixes';
import type { PythonAnalysis } from './python-types';
import type { Fix } from '../shared/findings';

/** Whether the script uses Keras (so a scikit-learn `.fit` gets no lens). */
export function usesKeras(analysis: PythonAnalysis): boolean {
  return analysis.model !== undefined || analysis.imports.bindings.some((b) => /^(keras|tensorflow|tf_keras)\b/.test(b.target));
}

/** Where the script's CSVLogger writes, resolved against the script's folder (where `python train.py` usually runs). */
export function csvLoggerFileOf(analysis: PythonAnalysis): string | undefined {
  const p = csvLoggerPath(analysis);
  if (p === undefined) return undefined;
  return isAbsolute(p) ? p : join(dirname(analysis.file), p);
}

/** The fixes of a finding that have a Python form, one of them preferred (the coach's, else the first). */
export function pythonFixes(fixes: readonly Fix[]): Fix[] {
  const out = fixes.filter((f) => PYTHON_FIX_KINDS.includes(f.kind));
  if (out.length > 0 && !out.some((f) => f.preferred)) out[0] = { ...out[0], preferred: true };
  return out;
}
