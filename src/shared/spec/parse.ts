/**
 * `parseSpec`: a `*.fitwatch.json` text (JSON with comments and trailing commas) to a fully
 * resolved `FitwatchSpec`, with every problem located by line and column.
 *
 * `data.path` (and `data.labelsPath`) are kept as written: they are relative to the folder
 * that contains the spec file, and the reader of the data resolves them against it.
 */
import { getLocation, parseTree, printParseErrorCode, stripComments, type Node, type ParseError } from 'jsonc-parser';
import type { Problem } from '../location';
import type { FitwatchSpec } from '../spec';
import { SPEC_DEFAULTS } from './defaults';
import { readCompile } from './read-compile';
import { readData } from './read-data';
import { readCallbacks, readFit } from './read-fit';
import { readModel } from './read-model';
import { SpecReader } from './reader';
import { checkSemantics } from './semantics';
import { BACKENDS, ENGINES } from './vocabulary';

/** Re-exported here too, because diagnostics code reaches for it next to `parseSpec`. */
export { locateJsonPath } from './locate';

/** The outcome of parsing: `spec` is present iff no problem has severity `error`. */
export interface SpecParseResult {
  spec?: FitwatchSpec;
  problems: Problem[];
}

/** Plain words for jsonc-parser's error codes. */
const SYNTAX_MESSAGES: Readonly<Record<string, [message: string, fix: string]>> = {
  InvalidSymbol: ['unexpected character', 'JSON strings need double quotes, and Python values are spelt true, false and null.'],
  InvalidNumberFormat: ['invalid number', 'Write numbers like 0.01 or 1e-7.'],
  PropertyNameExpected: ['a field name in double quotes was expected', 'Write the field name in double quotes, e.g. "epochs".'],
  ValueExpected: ['a value was expected', 'Give the field a value, or remove it.'],
  ColonExpected: ["':' was expected after the field name", 'Separate each field name from its value with a colon.'],
  CommaExpected: ["',' was expected", 'Separate fields and list items with commas.'],
  CloseBraceExpected: ["'}' was expected", 'Close the object with }.'],
  CloseBracketExpected: ["']' was expected", 'Close the list with ].'],
  EndOfFileExpected: ['nothing may follow the top-level object', 'Remove the text after the last }.'],
  InvalidCommentToken: ['invalid comment', 'Comments are // to the end of the line, or /* … */.'],
  UnexpectedEndOfComment: ['a /* comment is not closed', 'Close it with */.'],
  UnexpectedEndOfString: ['a string is not closed', 'End the string with a double quote on the same line.'],
  UnexpectedEndOfNumber: ['a number ends too early', 'Complete the number, e.g. 1e-7.'],
  InvalidUnicode: ['invalid \\u escape', 'Write \\u followed by four hex digits.'],
  InvalidEscapeCharacter: ['invalid escape in a string', 'Write a backslash as \\\\ (e.g. in Windows paths), or use forward slashes.'],
  InvalidCharacter: ['invalid character in a string', 'Remove control characters such as tabs or line breaks from the string.'],
};

/** Reports a syntax error; the parse stops there, because a broken tree would only add false problems. */
function reportSyntax(reader: SpecReader, text: string, e: ParseError): void {
  const [message, fix] = SYNTAX_MESSAGES[printParseErrorCode(e.error)] ?? ['syntax error', 'Fix the JSON syntax here.'];
  reader.error('spec/syntax', { offset: e.offset, length: e.length }, getLocation(text, e.offset).path, `JSON syntax error: ${message}.`, fix);
}

/** Reads the top-level object into a spec (with placeholders where something was wrong). */
function readSpec(reader: SpecReader, root: Node): FitwatchSpec | undefined {
  const f = reader.object(root, [], 'spec');
  if (!f) return undefined;
  const dataNode = f.get('data');
  const modelNode = f.get('model');
  const compileNode = f.get('compile');
  const nameNode = f.get('name');
  f.string('$schema', '"../schemas/fitwatch.schema.json"');
  const spec: FitwatchSpec = {
    data: dataNode ? readData(reader, dataNode) : { kind: 'sample', sample: 'seed', ...SPEC_DEFAULTS.sampleData },
    model: modelNode ? readModel(reader, modelNode) : { layers: [] },
    compile: compileNode ? readCompile(reader, compileNode) : { loss: 'binaryCrossentropy', optimizer: { type: 'adam', ...SPEC_DEFAULTS.adam }, metrics: [] },
    fit: readFit(reader, f.get('fit')),
    callbacks: readCallbacks(reader, f.get('callbacks')),
    backend: f.choice('backend', BACKENDS, SPEC_DEFAULTS.spec.backend),
    engine: f.choice('engine', ENGINES, SPEC_DEFAULTS.spec.engine),
  };
  if (nameNode) spec.name = f.string('name', '"seed MLP"');
  return spec;
}

/** Parses and validates a spec; `file` is only used in problem locations. */
export function parseSpec(text: string, file: string): SpecParseResult {
  const reader = new SpecReader(text, file);
  if (stripComments(text).trim() === '') {
    reader.error(
      'spec/empty',
      { offset: 0, length: 0 },
      [],
      'The spec file is empty.',
      'Start from { "data": …, "model": { "layers": […] }, "compile": { "loss": … } }. See examples/seed.fitwatch.json.',
    );
    return { problems: reader.problems };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) reportSyntax(reader, text, e);
  if (errors.length > 0) return { problems: reader.problems };
  const spec = root && readSpec(reader, root);
  if (root && spec) checkSemantics(reader, root, spec);
  else if (!root) reader.error('spec/empty', { offset: 0, length: 0 }, [], 'The spec file holds no JSON value.', 'Write the spec as one JSON object.');
  // In file order, as an editor's problem list shows them; sort is stable for equal offsets.
  const problems = [...reader.problems].sort((a, b) => (a.location?.offset ?? 0) - (b.location?.offset ?? 0));
  return reader.hasErrors() || !spec ? { problems } : { spec, problems };
}
