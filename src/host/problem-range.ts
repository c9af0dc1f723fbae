/**
 * Where in a document a Problem (or a finding's spec path) points: a zero-based range, as
 * VS Code wants it. Pure, so the mapping rules are tested without an editor.
 */
import type { JsonPath, Problem, SourceLocation } from '../shared/location';

/** A zero-based line/character position. */
export interface Position0 {
  line: number;
  character: number;
}

/** A zero-based range. */
export interface Range0 {
  start: Position0;
  end: Position0;
}

/** Finds the location of a JSON path in a spec's text (the spec parser's `locateJsonPath`). */
export type JsonPathLocator = (text: string, path: JsonPath) => SourceLocation | undefined;

/** Zero-based position of a character offset, counting `\n` (a `\r` before it stays in the line). */
export function positionAt(text: string, offset: number): Position0 {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: end - lineStart };
}

/** The start/end offsets of zero-based `line` (end excludes the line break). */
function lineBounds(text: string, line: number): { start: number; end: number } | undefined {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return undefined;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

/**
 * The range a location covers in `text`: its offset/length when given, else its 1-based
 * line/column up to the end of that token, else its JSON path via `locate`, else the
 * first line, so a problem is never lost just because its place is vague.
 */
export function locationRange(text: string, loc: SourceLocation | undefined, locate?: JsonPathLocator): Range0 {
  if (loc?.offset !== undefined) {
    const start = positionAt(text, loc.offset);
    const end = positionAt(text, loc.offset + Math.max(0, loc.length ?? 0));
    return widenEmpty(text, { start, end });
  }
  if (loc?.line !== undefined) {
    const bounds = lineBounds(text, loc.line - 1);
    if (bounds) {
      const col = Math.max(0, (loc.column ?? 1) - 1);
      const startOff = Math.min(bounds.start + col, bounds.end);
      const rest = text.slice(startOff, bounds.end);
      const token = /^("(?:[^"\\]|\\.)*"|[^\s,:}\]]+)/.exec(rest);
      const endOff = loc.column === undefined ? bounds.end : startOff + (token ? token[0].length : 0);
      const start = { line: loc.line - 1, character: loc.column === undefined ? firstNonSpace(text, bounds) : startOff - bounds.start };
      return widenEmpty(text, { start, end: { line: loc.line - 1, character: endOff - bounds.start } });
    }
  }
  if (loc?.jsonPath && locate) {
    const found = locate(text, loc.jsonPath);
    if (found && (found.offset !== undefined || found.line !== undefined)) return locationRange(text, { ...found, jsonPath: undefined }, undefined);
  }
  const first = lineBounds(text, 0) ?? { start: 0, end: 0 };
  return { start: { line: 0, character: 0 }, end: { line: 0, character: first.end - first.start } };
}

/** The range a Problem points at in `text` (see `locationRange`). */
export function problemRange(text: string, problem: Problem, locate?: JsonPathLocator): Range0 {
  return locationRange(text, problem.location, locate);
}

function firstNonSpace(text: string, b: { start: number; end: number }): number {
  const m = /\S/.exec(text.slice(b.start, b.end));
  return m ? m.index : 0;
}

/** An empty range is invisible in the editor; stretch it over one character when there is one. */
function widenEmpty(text: string, r: Range0): Range0 {
  if (r.start.line !== r.end.line || r.start.character !== r.end.character) return r;
  const b = lineBounds(text, r.start.line);
  if (b && b.start + r.start.character < b.end) return { start: r.start, end: { line: r.end.line, character: r.end.character + 1 } };
  return r;
}
