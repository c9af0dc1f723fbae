/**
 * A reader for the literal that a `history.history` dump holds: JSON, or what Python's
 * `json.dump` (with `NaN`/`Infinity`), `print(history.history)` (single quotes, `nan`) or
 * NumPy 2's repr (`np.float64(0.5)`) wrote. Only data literals: dicts, lists, strings,
 * numbers, booleans and None.
 */
import { logError } from './log-keys';

/** A data value read from the literal. */
export type PyValue = number | string | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Names that stand for numbers or constants in JSON and Python output. */
const WORDS: Readonly<Record<string, PyValue>> = {
  NaN: NaN,
  nan: NaN,
  Infinity: Infinity,
  inf: Infinity,
  true: true,
  True: true,
  false: false,
  False: false,
  null: null,
  None: null,
};

/** Scalar wrappers NumPy 2 prints around numbers (`np.float64(0.5)`). */
const WRAPPERS = /^(?:np|numpy)\.(?:float\d*|int\d*|double|single)$/;

/** Reads one literal from `text`; errors name the file, line and column. */
export function parsePyLiteral(text: string, file: string): PyValue {
  let i = 0;
  const fail = (message: string, at = i): never =>
    logError(
      file,
      text,
      at,
      'keras/history-syntax',
      message,
      'A history dump is a dict of lists, e.g. {"loss": [0.69, 0.52], "val_loss": [0.7, 0.6]} (json.dump(history.history, f)).',
    );
  const skip = (): void => {
    while (i < text.length) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
      else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
      else break;
    }
  };
  const expect = (ch: string): void => {
    skip();
    if (text[i] !== ch) fail(`Expected '${ch}' but found ${i < text.length ? `'${text[i]}'` : 'the end of the text'}.`);
    i++;
  };
  const readString = (): string => {
    const quote = text[i];
    const start = i++;
    let out = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\') {
        const esc = text[i + 1];
        out += esc === 'n' ? '\n' : esc === 't' ? '\t' : esc;
        i += 2;
      } else out += text[i++];
    }
    if (i >= text.length) fail('This string is never closed.', start);
    i++;
    return out;
  };
  const readWord = (): PyValue => {
    const start = i;
    while (i < text.length && /[\w.+-]/.test(text[i])) i++;
    const word = text.slice(start, i);
    if (word in WORDS) return WORDS[word];
    if (word === '-inf' || word === '-Infinity') return -Infinity;
    if (WRAPPERS.test(word)) {
      expect('(');
      const inner = readValue();
      expect(')');
      return inner;
    }
    const n = Number(word);
    if (word === '' || !Number.isFinite(n)) fail(`'${word || text[start]}' is not a value a history dump holds.`, start);
    return n;
  };
  const readSequence = <T>(close: string, item: () => T): T[] => {
    const items: T[] = [];
    i++;
    for (;;) {
      skip();
      if (text[i] === close) {
        i++;
        return items;
      }
      items.push(item());
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`Expected ',' or '${close}' but found ${i < text.length ? `'${text[i]}'` : 'the end of the text'}.`);
    }
  };
  const readValue = (): PyValue => {
    skip();
    const ch = text[i];
    if (ch === '{') {
      const entries = readSequence('}', () => {
        skip();
        if (text[i] !== '"' && text[i] !== "'") fail('Expected a key in quotes.');
        const key = readString();
        expect(':');
        return [key, readValue()] as const;
      });
      return Object.fromEntries(entries);
    }
    if (ch === '[' || ch === '(') return readSequence(ch === '[' ? ']' : ')', readValue);
    if (ch === '"' || ch === "'") return readString();
    if (ch === undefined) return fail('The text ends where a value was expected.');
    return readWord();
  };
  const value = readValue();
  skip();
  if (i < text.length) fail(`Unexpected text after the end of the value: '${text.slice(i, i + 20)}'.`);
  return value;
}
