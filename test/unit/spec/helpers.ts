/** Shared helpers for the spec tests: compact views of problems, fixtures, and the schema validator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Problem } from '../../../src/shared/location';

/** The repository root (tests run from anywhere). */
export const ROOT = join(__dirname, '..', '..', '..');

/** `code@line:column`, the compact form the error tests compare against. */
export function where(p: Problem): string {
  return `${p.code}@${p.location?.line}:${p.location?.column}`;
}

/** Problems of one severity as `code@line:column`. */
export function summary(problems: Problem[], severity: Problem['severity'] = 'error'): string[] {
  return problems.filter((p) => p.severity === severity).map(where);
}

/** A file under the repository root, as text. */
export function readRepoFile(rel: string): string {
  return readFileSync(join(ROOT, rel), 'utf8');
}

/** The JSON schema, parsed. */
export function loadSchema(): Record<string, unknown> {
  return JSON.parse(readRepoFile('schemas/fitwatch.schema.json')) as Record<string, unknown>;
}

/** A draft-07 validator for the spec schema; returns the error messages (empty when valid). */
export function schemaValidator(): (jsoncText: string) => string[] {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(loadSchema());
  return (jsoncText: string): string[] => {
    const value: unknown = parseJsonc(jsoncText, [], { allowTrailingComma: true });
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ''}`);
  };
}
