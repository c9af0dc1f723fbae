/**
 * Keras log keys as Fitwatch stores them. Keras 3 and tf.keras 2 write `accuracy`; the seed's
 * Keras 2 wrote `acc`, and the coach, the panel and the callbacks all key on `acc`. Older
 * Keras logged the learning rate as `lr`.
 */
import { FitwatchError } from '../shared/location';
import { lineStarts, positionAt } from '../shared/spec/text-position';

/** Keras spellings mapped to the key Fitwatch uses; every other key is kept as written. */
const KEY_ALIASES: Readonly<Record<string, string>> = {
  accuracy: 'acc',
  val_accuracy: 'val_acc',
  lr: 'learning_rate',
};

/** The Fitwatch log key for a key as Keras wrote it. */
export function normalizeLogKey(key: string): string {
  return KEY_ALIASES[key] ?? key;
}

/** A logged value: numbers, plus the spellings Python and Keras use for non-finite ones. */
export function parseLogNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const lower = t.toLowerCase();
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Throws a located error about a log file: what is wrong at `offset`, and what to do. */
export function logError(file: string, text: string, offset: number, code: string, message: string, fix: string): never {
  const { line, column } = positionAt(lineStarts(text), offset);
  throw new FitwatchError({ code, message, fix, location: { file, line, column, offset, length: 0 } });
}
