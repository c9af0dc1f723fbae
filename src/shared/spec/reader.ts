/**
 * Typed reads from a jsonc-parser tree that collect every problem instead of stopping at the
 * first, each with the offending node's location. Reads always return a value (the default or
 * a placeholder) so validation can go on; the caller only trusts the result if no error was
 * reported, and cross-field checks ask `hasErrorAt` before relying on a field.
 */
import type { Node } from 'jsonc-parser';
import { formatJsonPath, type JsonPath, type Problem, type SourceLocation } from '../location';
import { KIND_LABELS, REQUIRED_EXAMPLES, REQUIRED_FIELDS, SPEC_FIELDS, type SpecObjectKind } from './fields';
import { unknownFieldFix, unknownValueFix } from './suggest';
import { lineStarts, positionAt } from './text-position';

/** Bounds and integrality of a numeric field. */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  /** A sensible value to show in the fix, e.g. `0.2`. */
  example: string;
  /** Why the bounds are what they are, appended to the fix. */
  why?: string;
}

/** A range in the text. */
interface Span {
  offset: number;
  length: number;
}

/** `at least 0 and below 1`, `above 0`, … */
export function describeBounds(rule: NumberRule): string {
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.minExclusive ? 'above' : 'at least'} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`${rule.maxExclusive ? 'below' : 'at most'} ${rule.max}`);
  return parts.join(' and ');
}

/** `the string "0.01"`, `an object`, … for "got …" in messages. */
function describeNode(node: Node): string {
  switch (node.type) {
    case 'string':
      return `the string ${JSON.stringify(node.value)}`;
    case 'number':
      return `the number ${String(node.value)}`;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'array':
      return 'an array';
    default:
      return 'an object';
  }
}

/** `compile.optimizer (the Adam optimizer)`; just `fit` where the path already says what it is. */
function withKind(path: JsonPath, kind: SpecObjectKind): string {
  const name = formatJsonPath(path);
  return path[path.length - 1] === kind ? name : `${name} (${KIND_LABELS[kind]})`;
}

/** Collects problems while reading typed values out of a parsed spec. */
export class SpecReader {
  /** Every problem found so far, in the order found. */
  readonly problems: Problem[] = [];
  private readonly starts: number[];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.starts = lineStarts(text);
  }

  /** A location for `span`, tagged with the JSON path the problem is about. */
  location(span: Span, jsonPath: JsonPath): SourceLocation {
    const { line, column } = positionAt(this.starts, span.offset);
    return { file: this.file, line, column, offset: span.offset, length: span.length, jsonPath };
  }

  /** Records an error at `span`. */
  error(code: string, span: Span, path: JsonPath, message: string, fix?: string): void {
    this.problems.push({ severity: 'error', code, message, fix, location: this.location(span, path) });
  }

  /** Records a warning at `span`; the spec is still usable. */
  warn(code: string, span: Span, path: JsonPath, message: string, fix?: string): void {
    this.problems.push({ severity: 'warning', code, message, fix, location: this.location(span, path) });
  }

  /** True if an error was reported for `path` or anything inside it. */
  hasErrorAt(path: JsonPath): boolean {
    return this.problems.some((p) => p.severity === 'error' && p.location?.jsonPath !== undefined && path.every((seg, i) => p.location?.jsonPath?.[i] === seg));
  }

  /** True if any error was reported. */
  hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  /** Where to point for something about a whole container: its property key, else its opening bracket. */
  anchor(node: Node): Span {
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key ? { offset: key.offset, length: key.length } : { offset: node.offset, length: 1 };
  }

  /** Reports a type mismatch, with a fix that spots quoted numbers and booleans. */
  wrongType(node: Node, path: JsonPath, expected: string, example: string): void {
    let fix = `Write ${expected}, e.g. ${example}.`;
    if (node.type === 'string' && typeof node.value === 'string') {
      const raw = node.value.trim();
      if (expected.includes('number') || expected.includes('integer')) {
        if (raw !== '' && Number.isFinite(Number(raw))) fix = `Remove the quotes: ${raw}.`;
      } else if (expected.includes('true or false') && (raw === 'true' || raw === 'false')) {
        fix = `Remove the quotes: ${raw}.`;
      }
    }
    this.error('spec/wrong-type', node, path, `${formatJsonPath(path)} must be ${expected}, got ${describeNode(node)}.`, fix);
  }

  /** A number within `rule`, or NaN after reporting why not. */
  number(node: Node, path: JsonPath, rule: NumberRule): number {
    const expected = rule.integer ? 'an integer' : 'a number';
    if (node.type !== 'number' || typeof node.value !== 'number') {
      this.wrongType(node, path, expected, rule.example);
      return NaN;
    }
    const v = node.value;
    const tooLow = rule.min !== undefined && (rule.minExclusive ? v <= rule.min : v < rule.min);
    const tooHigh = rule.max !== undefined && (rule.maxExclusive ? v >= rule.max : v > rule.max);
    if ((rule.integer && !Number.isInteger(v)) || tooLow || tooHigh) {
      const bounds = describeBounds(rule);
      const raw = this.text.slice(node.offset, node.offset + node.length);
      this.error(
        'spec/out-of-range',
        node,
        path,
        `${formatJsonPath(path)} must be ${expected}${bounds ? ` ${bounds}` : ''}, got ${raw}.`,
        `Use e.g. ${rule.example}.${rule.why ? ` ${rule.why}` : ''}`,
      );
      return NaN;
    }
    return v;
  }

  /** A string, or '' after reporting the type mismatch. */
  string(node: Node, path: JsonPath, example: string): string {
    if (node.type !== 'string' || typeof node.value !== 'string') {
      this.wrongType(node, path, 'a string', example);
      return '';
    }
    return node.value;
  }

  /** A boolean, or false after reporting the type mismatch. */
  boolean(node: Node, path: JsonPath): boolean {
    if (node.type !== 'boolean' || typeof node.value !== 'boolean') {
      this.wrongType(node, path, 'true or false', 'true');
      return false;
    }
    return node.value;
  }

  /** One of `values`, or the first of them after reporting the unknown value (naming a Keras alias if it is one). */
  choice<T extends string>(node: Node, path: JsonPath, values: readonly T[], aliases: Readonly<Record<string, string>> = {}): T {
    const list = values.map((v) => `"${v}"`).join(', ');
    if (node.type !== 'string' || typeof node.value !== 'string') {
      this.wrongType(node, path, `one of ${list}`, `"${values[0]}"`);
      return values[0];
    }
    const found = values.find((v) => v === node.value);
    if (found !== undefined) return found;
    this.error(
      'spec/unknown-value',
      node,
      path,
      `${formatJsonPath(path)} has the unknown value "${node.value}".`,
      unknownValueFix(node.value, values, aliases),
    );
    return values[0];
  }

  /**
   * The fields of an object of `kind`, after reporting a non-object, unknown or duplicate
   * fields, and missing required ones. Undefined if `node` is not an object.
   */
  object<K extends SpecObjectKind>(node: Node, path: JsonPath, kind: K): FieldSet<K> | undefined {
    if (node.type !== 'object') {
      this.wrongType(node, path, `an object ({ … })`, '{}');
      return undefined;
    }
    const allowed: readonly string[] = SPEC_FIELDS[kind];
    const entries = new Map<string, { key: Node; value: Node }>();
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (!key || !value || typeof key.value !== 'string') continue;
      const name = key.value;
      const where = path.length === 0 ? 'the spec' : withKind(path, kind);
      if (!allowed.includes(name)) {
        this.error('spec/unknown-field', key, [...path, name], `Unknown field '${name}' in ${where}.`, unknownFieldFix(name, allowed));
      } else if (entries.has(name)) {
        this.error('spec/duplicate-field', key, [...path, name], `'${name}' appears twice in ${where}.`, 'Keep only one of them.');
      } else {
        entries.set(name, { key, value });
      }
    }
    const fields = new FieldSet(this, node, path, kind, entries);
    for (const name of REQUIRED_FIELDS[kind] ?? []) if (!entries.has(name)) fields.reportMissing(name);
    return fields;
  }
}

/** The known fields of one object, with typed reads that fall back to defaults. */
export class FieldSet<K extends SpecObjectKind> {
  constructor(
    private readonly reader: SpecReader,
    /** The object node itself. */
    readonly node: Node,
    /** The object's JSON path. */
    readonly path: JsonPath,
    readonly kind: K,
    private readonly entries: Map<string, { key: Node; value: Node }>,
  ) {}

  /** The value node of `name`, if present. */
  get(name: (typeof SPEC_FIELDS)[K][number]): Node | undefined {
    return this.entries.get(name)?.value;
  }

  /** The key node of `name`, if present (for problems about the field as a whole). */
  key(name: (typeof SPEC_FIELDS)[K][number]): Node | undefined {
    return this.entries.get(name)?.key;
  }

  /** The JSON path of field `name`. */
  at(name: string | number): JsonPath {
    return [...this.path, name];
  }

  /** Reports that required field `name` is absent, pointing at this object. */
  reportMissing(name: string, why?: string): void {
    const where = this.path.length === 0 ? 'The spec' : formatJsonPath(this.path);
    this.reader.error(
      'spec/missing-field',
      this.reader.anchor(this.node),
      this.at(name),
      `${where} is missing the required field '${name}'.${why ? ` ${why}` : ''}`,
      `Add ${REQUIRED_EXAMPLES[name] ?? `"${name}"`} to ${this.path.length === 0 ? 'the top-level object' : formatJsonPath(this.path)}.`,
    );
  }

  /** A number field; `dflt` if absent (NaN and a problem if required and absent). */
  number(name: (typeof SPEC_FIELDS)[K][number], rule: NumberRule, dflt?: number): number {
    const node = this.get(name);
    if (!node) return dflt ?? NaN;
    return this.reader.number(node, this.at(name), rule);
  }

  /** A string field; `dflt` if absent. */
  string(name: (typeof SPEC_FIELDS)[K][number], example: string, dflt = ''): string {
    const node = this.get(name);
    return node ? this.reader.string(node, this.at(name), example) : dflt;
  }

  /** A boolean field; `dflt` if absent. */
  boolean(name: (typeof SPEC_FIELDS)[K][number], dflt: boolean): boolean {
    const node = this.get(name);
    return node ? this.reader.boolean(node, this.at(name)) : dflt;
  }

  /** An enum field; `dflt` if absent. */
  choice<T extends string>(name: (typeof SPEC_FIELDS)[K][number], values: readonly T[], dflt: T, aliases?: Readonly<Record<string, string>>): T {
    const node = this.get(name);
    return node ? this.reader.choice(node, this.at(name), values, aliases) : dflt;
  }
}
