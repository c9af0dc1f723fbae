/** A JSON path into a spec, as jsonc-parser spells it. */
export type JsonPath = (string | number)[];

/** Where a problem is: a file, and when known a 1-based line/column and a JSON path. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Character offset and length in the file, for editors that want a range. */
  offset?: number;
  length?: number;
  jsonPath?: JsonPath;
}

/** A problem the user can act on: what is wrong, where, and what to do. */
export interface Problem {
  severity: 'error' | 'warning';
  /** A stable code, e.g. `spec/unknown-field` or `data/ragged-row`. */
  code: string;
  message: string;
  /** What to do about it, in plain words. */
  fix?: string;
  location?: SourceLocation;
}

/** An error carrying a Problem, thrown by pure code and reported by the process boundary. */
export class FitwatchError extends Error {
  /** The structured problem behind the message. */
  readonly problem: Problem;
  constructor(problem: Omit<Problem, 'severity'> & { severity?: 'error' }) {
    super(formatProblem({ severity: 'error', ...problem }));
    this.problem = { severity: 'error', ...problem };
    this.name = 'FitwatchError';
  }
}

/** `file:line:col: message (fix)`: the one-line form used by the CLI and logs. */
export function formatProblem(p: Problem): string {
  const l = p.location;
  let where = '';
  if (l) {
    where = l.file;
    if (l.line !== undefined) where += `:${l.line}`;
    if (l.line !== undefined && l.column !== undefined) where += `:${l.column}`;
    if (l.jsonPath && l.jsonPath.length > 0) where += ` (${formatJsonPath(l.jsonPath)})`;
    where += ': ';
  }
  return `${where}${p.severity}: ${p.message}${p.fix ? ` ${p.fix}` : ''}`;
}

/** `model.layers[1].units` from `['model', 'layers', 1, 'units']`. */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
