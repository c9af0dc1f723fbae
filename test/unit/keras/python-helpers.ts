/** Shared setup for the Python tests: one parser per test file, fixtures, and a fix builder. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePython } from '../../../src/keras/python';
import { createPythonParser, type PythonParser } from '../../../src/keras/python-parser-node';
import { applyTextEdits, pythonEditsForFix } from '../../../src/keras/python-fixes';
import type { PythonAnalysis } from '../../../src/keras/python-types';
import type { Fix, FixKind } from '../../../src/shared/findings';

let parser: Promise<PythonParser> | undefined;

/** The shared parser (the wasm loads once). */
export function pythonParser(): Promise<PythonParser> {
  parser ??= createPythonParser();
  return parser;
}

/** A Keras script from test/fixtures/keras/scripts. */
export function script(name: string): string {
  return readFileSync(join(__dirname, '../../fixtures/keras/scripts', name), 'utf8');
}

/** Analyses `source` as `file`. */
export async function analyze(source: string, file = 'train.py'): Promise<PythonAnalysis> {
  return analyzePython(await pythonParser(), source, file);
}

/** A coach fix of `kind` with `params`. */
export function fix(kind: FixKind, params: Fix['params']): Fix {
  return { kind, title: kind, preferred: true, params, specEdits: [] };
}

/** The seed's ReduceLROnPlateau fix, with the parameters the brief names. */
export const REDUCE_LR = fix('addReduceLROnPlateau', { monitor: 'val_loss', factor: 0.5, patience: 10, minDelta: 0.0001, minLr: 1e-5 });

/** The script after applying `f`. */
export async function fixed(source: string, f: Fix): Promise<string> {
  const analysis = await analyze(source);
  return applyTextEdits(source, pythonEditsForFix(source, analysis, f));
}

/** The script after applying `f` with no line limit: for the tests of where an item goes, apart from how it wraps. */
export async function fixedUnwrapped(source: string, f: Fix): Promise<string> {
  const analysis = { ...(await analyze(source)), lineLimit: Number.POSITIVE_INFINITY };
  return applyTextEdits(source, pythonEditsForFix(source, analysis, f));
}
