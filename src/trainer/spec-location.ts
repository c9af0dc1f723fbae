/**
 * Adds line and column to problems that point into the spec by JSON path only. Pure code
 * (init, callbacks) knows the path but not the text; the trainer can read the spec file.
 */
import { readFileSync } from 'node:fs';
import type { Problem } from '../shared/location';
import { locateJsonPath } from '../shared/spec/locate';

const SPEC_ROOTS = new Set(['data', 'model', 'compile', 'fit', 'callbacks', 'backend', 'engine', 'name']);

/** The problem with `specFile:line:col` filled in when it concerns the spec; unchanged otherwise. */
export function locateInSpec(problem: Problem, specFile: string | undefined): Problem {
  const loc = problem.location;
  if (!specFile || !loc?.jsonPath || loc.jsonPath.length === 0 || loc.line !== undefined) return problem;
  const aboutSpec = loc.file === specFile || loc.file === '' || loc.file.startsWith('<');
  if (!aboutSpec || !SPEC_ROOTS.has(String(loc.jsonPath[0]))) return problem;
  try {
    const text = readFileSync(specFile, 'utf8');
    return { ...problem, location: locateJsonPath(text, specFile, loc.jsonPath) };
  } catch {
    return { ...problem, location: { ...loc, file: specFile } };
  }
}
